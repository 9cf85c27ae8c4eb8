// Reads the files the CLI is given (rules, ipsets, packets, host): never more than the engine reads, so an endless
// input (/dev/zero, `yes |`) ends with a message instead of filling memory; decoded as UTF-8 by Buffer#toString,
// several times faster than TextDecoder on a 25 MB dump (invalid bytes become U+FFFD either way).
import { parseTree, printParseErrorCode, type ParseError } from 'jsonc-parser';
import fs from 'node:fs';
import { MAX_INPUT_BYTES } from '../engine/index.ts';

export type ReadResult = { text: string } | { error: string };

/** How a FILE argument is named in messages: `-` is standard input. */
export function displayName(file: string): string {
  return file === '-' ? '<stdin>' : file;
}

const tooLarge = (file: string) =>
  `${displayName(file)}:1:1: the input is larger than ${MAX_INPUT_BYTES / 1048576} MB, the most the lab reads`;

/** The bytes of FILE (`-`: standard input), at most MAX_INPUT_BYTES; an error sentence otherwise. */
export function readInput(file: string): ReadResult {
  let fd: number | undefined;
  try {
    fd = file === '-' ? 0 : fs.openSync(file, 'r');
    const stat = fs.fstatSync(fd);
    if (stat.isDirectory()) return { error: `${displayName(file)}: is a directory` };
    if (stat.isFile()) {
      if (stat.size > MAX_INPUT_BYTES) return { error: tooLarge(file) };
      return { text: fs.readFileSync(fd).toString('utf8') };
    }
    // A pipe, a terminal or a device: its size is unknown, so read until the end or the limit.
    const bytes = readCapped(fd, MAX_INPUT_BYTES + 1);
    if (bytes.length > MAX_INPUT_BYTES) return { error: tooLarge(file) };
    return { text: bytes.toString('utf8') };
  } catch (e) {
    return { error: `${displayName(file)}: ${systemMessage(e)}` };
  } finally {
    if (fd !== undefined && fd !== 0) fs.closeSync(fd);
  }
}

/** A file read in pieces, again from its start on every iteration; close() once done. */
export interface OpenPieces {
  pieces: Iterable<string>;
  close(): void;
}

/** Bytes read at a time: a piece is these cut back to its last line end (a longer line grows the buffer). */
const PIECE_BYTES = 1 << 16;

/**
 * FILE as pieces of text that each end at a line end (the last one excepted): decoded one by one, they are exactly
 * what decoding the whole file gives, since a '\n' byte is never part of a multi-byte UTF-8 sequence. Standard input
 * and other files that cannot be read twice are read whole, as readInput does, and given as one piece.
 */
export function openPieces(file: string): OpenPieces | { error: string } {
  let fd: number | undefined;
  try {
    // By the path, not an open file: opening a named pipe twice would lose what its writer sent.
    if (file === '-' || !fs.statSync(file).isFile()) {
      const read = readInput(file);
      return 'error' in read ? read : { pieces: [read.text], close: () => {} };
    }
    fd = fs.openSync(file, 'r');
    if (fs.fstatSync(fd).size > MAX_INPUT_BYTES) return { error: tooLarge(file) };
    const opened = fd;
    fd = undefined;
    return { pieces: { [Symbol.iterator]: () => filePieces(opened) }, close: () => fs.closeSync(opened) };
  } catch (e) {
    return { error: `${displayName(file)}: ${systemMessage(e)}` };
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

function* filePieces(fd: number): Generator<string, void, undefined> {
  let buffer = Buffer.allocUnsafe(PIECE_BYTES);
  let filled = 0;
  let position = 0;
  for (;;) {
    if (filled === buffer.length) {
      const bigger = Buffer.allocUnsafe(buffer.length * 2);
      buffer.copy(bigger, 0, 0, filled);
      buffer = bigger;
    }
    const n = fs.readSync(fd, buffer, filled, buffer.length - filled, position);
    if (n === 0) {
      if (filled > 0) yield buffer.toString('utf8', 0, filled);
      return;
    }
    position += n;
    filled += n;
    const end = buffer.lastIndexOf(10 /* \n */, filled - 1) + 1;
    if (end === 0) continue;
    yield buffer.toString('utf8', 0, end);
    buffer.copy(buffer, 0, end, filled);
    filled -= end;
  }
}

function readCapped(fd: number, limit: number): Buffer {
  const chunks: Buffer[] = [];
  let total = 0;
  while (total < limit) {
    const chunk = Buffer.allocUnsafe(Math.min(1 << 20, limit - total));
    let n: number;
    try {
      n = fs.readSync(fd, chunk, 0, chunk.length, null);
    } catch (e) {
      // Standard input left non-blocking by the parent: wait a moment for more (only a CLI may block like this).
      if ((e as NodeJS.ErrnoException).code !== 'EAGAIN') throw e;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
      continue;
    }
    if (n === 0) break;
    chunks.push(n === chunk.length ? chunk : chunk.subarray(0, n));
    total += n;
  }
  return Buffer.concat(chunks, total);
}

/** `ENOENT: no such file or directory, open 'x'` → `no such file or directory`: the file is already named. */
export function systemMessage(e: unknown): string {
  if (!(e instanceof Error)) return String(e);
  const m = /^[A-Z]+: ([^,]+)/.exec(e.message);
  return m ? m[1]! : e.message;
}

const JSON_PROBLEMS: Partial<Record<string, string>> = {
  InvalidSymbol: 'unexpected character',
  ValueExpected: 'a value is missing',
  PropertyNameExpected: 'a property name in double quotes is missing',
  ColonExpected: 'a colon is missing',
  CommaExpected: 'a comma is missing',
  CloseBraceExpected: 'a closing } is missing',
  CloseBracketExpected: 'a closing ] is missing',
  EndOfFileExpected: 'unexpected text after the JSON value',
  UnexpectedEndOfString: 'a string is not closed',
  InvalidCommentToken: 'JSON has no comments',
};

/** 1-based line and column of a UTF-16 offset in text. */
export function lineColAt(text: string, offset: number): { line: number; col: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, col: offset - lineStart + 1 };
}

/** JSON.parse, or `NAME:LINE:COL: not valid JSON: …` at the first fault (jsonc-parser finds where V8 does not say). */
export function parseJson(text: string, name: string): { value: unknown } | { error: string } {
  try {
    return { value: JSON.parse(text) as unknown };
  } catch {
    const errors: ParseError[] = [];
    parseTree(text, errors, { disallowComments: true, allowTrailingComma: false });
    const first = errors[0];
    const at = lineColAt(text, first?.offset ?? 0);
    const code = first ? printParseErrorCode(first.error) : 'InvalidSymbol';
    return { error: `${name}:${at.line}:${at.col}: not valid JSON: ${JSON_PROBLEMS[code] ?? code}` };
  }
}
