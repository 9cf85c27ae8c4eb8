import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { renderExplanation, traceCommand } from './trace.ts';

const RULES = `*filter
:INPUT DROP [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT
COMMIT
`;

describe('nflab trace', () => {
  let dir: string;
  let out: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nflab-trace-'));
    fs.writeFileSync(path.join(dir, 'rules'), RULES);
    out = '';
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      out += String(chunk);
      return true;
    });
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  });
  afterEach(() => {
    vi.restoreAllMocks();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('prints the walk and the fate of each packet', async () => {
    const packet = JSON.stringify({
      in: 'eth0',
      proto: 'tcp',
      src: '10.0.1.2',
      sport: 4000,
      dst: '10.0.1.1',
      dport: 22,
    });
    const code = await traceCommand(['--rules', path.join(dir, 'rules'), '--packet', packet]);
    expect(code).toBe(0);
    expect(out).toContain('INPUT       filter:INPUT:rule 1 → accept');
    expect(out).toContain('⇒ delivered');
  });

  it('prints the batch JSON with --json, from a packets file', async () => {
    fs.writeFileSync(
      path.join(dir, 'packets.json'),
      JSON.stringify([{ in: 'eth0', proto: 'tcp', src: '10.0.1.2', dst: '10.0.1.1', dport: 23 }]),
    );
    const code = await traceCommand([
      '--rules',
      path.join(dir, 'rules'),
      '--packets',
      path.join(dir, 'packets.json'),
      '--json',
    ]);
    expect(code).toBe(0);
    const resp = JSON.parse(out) as { ok: boolean; results: { fate: string; walk: { rule: unknown }[] }[] };
    expect(resp.results[0]?.fate).toBe('dropped');
    expect(resp.results[0]?.walk[0]?.rule).toBe('policy');
  });

  it('refuses a missing --packet/--packets with exit code 2', async () => {
    expect(await traceCommand(['--rules', path.join(dir, 'rules')])).toBe(2);
  });

  it('resolves a sentence nested with $t(…): a local packet refused on its way back in from lo', async () => {
    fs.writeFileSync(path.join(dir, 'drop-in'), '*filter\n:INPUT DROP [0:0]\nCOMMIT\n');
    const packet = JSON.stringify({
      local: true,
      proto: 'tcp',
      src: '10.0.1.1',
      sport: 40000,
      dst: '10.0.1.1',
      dport: 22,
    });
    expect(await traceCommand(['--rules', path.join(dir, 'drop-in'), '--packet', packet])).toBe(0);
    expect(out).toContain(
      "The packet left through lo (the sender's send succeeded), then was dropped on its way back in.",
    );
    expect(out).not.toContain('$t(');
  });

  it('renders catalog sentences with their parameters', () => {
    expect(renderExplanation({ id: 'trace.fate.sent', params: { iface: 'eth1' }, matched: true })).toBe(
      'Sent out of eth1.',
    );
    expect(renderExplanation({ id: 'trace.no.such', params: {}, matched: true })).toBe('trace.no.such');
  });
});
