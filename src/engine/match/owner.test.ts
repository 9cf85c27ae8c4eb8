import { describe, expect, it } from 'vitest';
import { ownerMatch } from './owner.ts';
import { evaluateWith, parseWith, saved } from './util/moduleTesting.ts';

const OUT = { table: 'mangle' as const, chain: 'OUTPUT' };

describe('owner (libxt_owner.t)', () => {
  it.each([
    ['--uid-owner root', '--uid-owner 0'],
    ['--uid-owner 0-10', '--uid-owner 0-10'],
    ['--gid-owner root', '--gid-owner 0'],
    ['--uid-owner root --gid-owner root', '--uid-owner 0 --gid-owner 0'],
    ['! --uid-owner root', '! --uid-owner 0'],
    ['--socket-exists', '--socket-exists'],
    ['--gid-owner 0-10 --suppl-groups', '--gid-owner 0-10 --suppl-groups'],
    ['--uid-owner 1000 --socket-exists', '--socket-exists --uid-owner 1000'],
  ])('%s saves as "%s"', (text, want) => {
    expect(saved(ownerMatch, text, OUT)).toBe(want);
  });

  it.each(['--suppl-groups --gid-owner 0-10', '--suppl-groups', '', '--uid-owner nosuchuser', '--uid-owner 10-1'])(
    'refuses "%s"',
    (text) => {
      expect(parseWith(ownerMatch, text, OUT).ok).toBe(false);
    },
  );

  it('is refused in INPUT (only locally generated packets have an owner)', () => {
    expect(parseWith(ownerMatch, '--uid-owner root', { chain: 'INPUT' }).ok).toBe(false);
    expect(ownerMatch.hooks?.({ suppl: false })).toEqual(['OUTPUT', 'POSTROUTING']);
  });

  it('matches the sending process uid and gid', () => {
    const socket = { uid: 1000, gid: 100 };
    expect(evaluateWith(ownerMatch, '--uid-owner 1000', { socket }, OUT).matched).toBe(true);
    expect(evaluateWith(ownerMatch, '--uid-owner 0', { socket }, OUT).matched).toBe(false);
    expect(evaluateWith(ownerMatch, '--uid-owner 1000 ! --gid-owner 100', { socket }, OUT).matched).toBe(false);
  });

  it('without a socket only negated tests hold (kernel: match ^ invert == 0)', () => {
    expect(evaluateWith(ownerMatch, '--uid-owner 0', { socket: undefined }, OUT).matched).toBe(false);
    expect(evaluateWith(ownerMatch, '! --uid-owner 0', { socket: undefined }, OUT).matched).toBe(true);
    expect(evaluateWith(ownerMatch, '! --socket-exists', { socket: undefined }, OUT).matched).toBe(true);
  });

  it('a kernel socket (no file: the stack RSTs, echo replies, ICMP errors) exists but has no owner (xt_owner.c owner_mt)', () => {
    const socket = { uid: 0, gid: 0, kernel: true };
    expect(evaluateWith(ownerMatch, '--socket-exists', { socket }, OUT).matched).toBe(true);
    expect(evaluateWith(ownerMatch, '! --socket-exists', { socket }, OUT).matched).toBe(false);
    expect(evaluateWith(ownerMatch, '--uid-owner 0', { socket }, OUT).matched).toBe(false);
    expect(evaluateWith(ownerMatch, '! --uid-owner 0', { socket }, OUT).matched).toBe(true);
    expect(evaluateWith(ownerMatch, '--gid-owner 0', { socket }, OUT).matched).toBe(false);
    expect(evaluateWith(ownerMatch, '--socket-exists ! --gid-owner 0', { socket }, OUT).matched).toBe(true);
  });
});
