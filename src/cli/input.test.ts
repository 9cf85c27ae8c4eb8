// `nflab check` reads a file in pieces (openPieces): decoded piece by piece, they must be exactly the file decoded
// whole — multi-byte characters and invalid bytes at the 64 KB boundaries, lines longer than a piece — and the
// file can be read again from its start.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPieces } from './input.ts';

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nflab-input-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function piecesOf(bytes: Buffer): string[][] {
  const file = path.join(dir, 'rules');
  fs.writeFileSync(file, bytes);
  const read = openPieces(file);
  if ('error' in read) throw new Error(read.error);
  try {
    return [[...read.pieces], [...read.pieces]];
  } finally {
    read.close();
  }
}

/** Lines of `length` bytes (line end included) written with `fill`, around the 64 KB piece boundary. */
function linesAround(boundary: number, fill: Buffer): Buffer {
  const parts: Buffer[] = [];
  let size = 0;
  for (let k = 0; size < boundary * 2 + 500; k++) {
    const line = Buffer.concat([Buffer.from(`-A INPUT ${k} `), fill, Buffer.from('\n')]);
    parts.push(line);
    size += line.length;
  }
  return Buffer.concat(parts);
}

describe('a file read in pieces', () => {
  const cases: Record<string, Buffer> = {
    'multi-byte characters across every boundary': linesAround(65536, Buffer.from('é€😀'.repeat(7))),
    'invalid and truncated UTF-8 before line ends': linesAround(65536, Buffer.from([0xe2, 0x82, 0xff, 0xc3])),
    'a line longer than a piece': Buffer.concat([Buffer.from('a'.repeat(200_000) + '€\nb\n'), Buffer.from('c')]),
    'no line end at all': Buffer.from('€'.repeat(40_000)),
    'CRLF line ends and a BOM': Buffer.from('\ufeff*filter\r\n' + '-A INPUT -j ACCEPT\r\n'.repeat(8000)),
    'an empty file': Buffer.alloc(0),
  };
  it.each(Object.keys(cases))('%s: the pieces are the file decoded whole, read twice alike', (name) => {
    const bytes = cases[name]!;
    const [first, again] = piecesOf(bytes);
    expect(first!.join('')).toBe(bytes.toString('utf8'));
    expect(again).toEqual(first);
    for (const piece of first!.slice(0, -1)) expect(piece.endsWith('\n')).toBe(true);
  });

  it('a directory and a missing file are one sentence each', () => {
    expect(openPieces(dir)).toEqual({ error: `${dir}: is a directory` });
    expect(openPieces(path.join(dir, 'nope'))).toEqual({
      error: `${path.join(dir, 'nope')}: no such file or directory`,
    });
  });
});
