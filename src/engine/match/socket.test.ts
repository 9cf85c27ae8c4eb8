import { describe, expect, it } from 'vitest';
import { socketMatch } from './socket.ts';
import { parseWith, saved } from './util/moduleTesting.ts';

describe('socket (libxt_socket.t)', () => {
  it.each([
    '',
    '--transparent --nowildcard',
    '--transparent --nowildcard --restore-skmark',
    '--transparent --restore-skmark',
    '--nowildcard --restore-skmark',
    '--restore-skmark',
  ])('socket "%s" saves unchanged', (text) => {
    expect(saved(socketMatch, text, { table: 'mangle', chain: 'PREROUTING' })).toBe(text);
  });

  it('socket is refused in OUTPUT', () => {
    expect(parseWith(socketMatch, '', { table: 'mangle', chain: 'OUTPUT' }).ok).toBe(false);
  });

  it('socket is not simulated', () => {
    expect(socketMatch.simulated).toBe(false);
  });
});
