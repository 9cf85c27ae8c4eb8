import { describe, expect, it } from 'vitest';
import { recentMatch } from './recent.ts';
import { evaluateWith, parseWith, saved } from './util/moduleTesting.ts';
import { ip } from './util/testContext.ts';

describe('recent: parse and save (libipt_recent.t, libxt_recent.t)', () => {
  it.each([
    ['--set', '--set --name DEFAULT --mask 255.255.255.255 --rsource'],
    [
      '--rcheck --hitcount 8 --name foo --mask 255.255.255.255 --rsource',
      '--rcheck --hitcount 8 --name foo --mask 255.255.255.255 --rsource',
    ],
    ['--update --rttl', '--update --rttl --name DEFAULT --mask 255.255.255.255 --rsource'],
    [
      '--update --seconds 60 --hitcount 4 --name SSH --rdest',
      '--update --seconds 60 --hitcount 4 --name SSH --mask 255.255.255.255 --rdest',
    ],
    ['! --rcheck --seconds 5 --reap', '! --rcheck --seconds 5 --reap --name DEFAULT --mask 255.255.255.255 --rsource'],
  ])('%s saves as "%s"', (text, want) => {
    expect(saved(recentMatch, text)).toBe(want);
  });

  it.each([
    '--set --rttl',
    '--rcheck --hitcount 65536 --name foo',
    '--name foo',
    '--set --rcheck',
    '--rcheck --reap',
    '--rcheck --seconds 0',
  ])('refuses "%s"', (text) => {
    expect(parseWith(recentMatch, text).ok).toBe(false);
  });
});

describe('recent: hit counts above the old 20-stamp limit', () => {
  it('accepts --hitcount 42 and 348 (iptables-nft-restore on Linux 6.18 loaded the real dump home-user-typical)', () => {
    expect(parseWith(recentMatch, '--rcheck --hitcount 42').ok).toBe(true);
    expect(parseWith(recentMatch, '--update --seconds 60 --hitcount 348').ok).toBe(true);
  });

  it('keeps enough stamps to count 42 hits', () => {
    const store = new Map<string, unknown>();
    const pkt = { src: ip('192.0.2.5') };
    const check = () => evaluateWith(recentMatch, '--rcheck --hitcount 42', { store, pkt }).matched;
    for (let i = 0; i < 41; i++) evaluateWith(recentMatch, '--set', { store, pkt });
    expect(check()).toBe(false);
    evaluateWith(recentMatch, '--set', { store, pkt });
    expect(check()).toBe(true);
  });
});

describe('recent: evaluate (lists shared between rules by name)', () => {
  const attacker = { src: ip('192.0.2.66') };

  it('a --set rule fills the list that an --rcheck rule reads', () => {
    const store = new Map<string, unknown>();
    expect(evaluateWith(recentMatch, '--rcheck --name SSH', { store, ruleId: 2, pkt: attacker }).matched).toBe(false);
    expect(evaluateWith(recentMatch, '--set --name SSH', { store, ruleId: 1, pkt: attacker }).matched).toBe(true);
    expect(evaluateWith(recentMatch, '--rcheck --name SSH', { store, ruleId: 2, pkt: attacker }).matched).toBe(true);
    expect(evaluateWith(recentMatch, '--rcheck --name OTHER', { store, ruleId: 2, pkt: attacker }).matched).toBe(false);
  });

  it('--set then --update --seconds 60 --hitcount 4 (the classic SSH rule pair) trips on the 3rd try: each packet is stamped twice', () => {
    const store = new Map<string, unknown>();
    const attempt = (now: number) => {
      evaluateWith(recentMatch, '--set --name SSH', { store, now, ruleId: 1, pkt: attacker });
      return evaluateWith(recentMatch, '--update --seconds 60 --hitcount 4 --name SSH', {
        store,
        now,
        ruleId: 2,
        pkt: attacker,
      }).matched;
    };
    // --set stamps the address, then --update counts the stamps and adds one more: 1, 3, 5 stamps when checked.
    expect([attempt(0), attempt(1), attempt(2)]).toEqual([false, false, true]);
    const later = new Map<string, unknown>();
    const slow = (now: number) => {
      evaluateWith(recentMatch, '--set --name SSH', { store: later, now, ruleId: 1, pkt: attacker });
      return evaluateWith(recentMatch, '--rcheck --seconds 60 --hitcount 3 --name SSH', {
        store: later,
        now,
        ruleId: 2,
        pkt: attacker,
      }).matched;
    };
    expect([slow(0), slow(100), slow(200), slow(210), slow(220)]).toEqual([false, false, false, false, true]);
  });

  it('--remove deletes the address and matches when it was listed', () => {
    const store = new Map<string, unknown>();
    evaluateWith(recentMatch, '--set', { store, pkt: attacker });
    expect(evaluateWith(recentMatch, '--remove', { store, pkt: attacker }).matched).toBe(true);
    expect(evaluateWith(recentMatch, '--rcheck', { store, pkt: attacker }).matched).toBe(false);
  });

  it('--rdest keys the list on the destination; --mask groups addresses', () => {
    const store = new Map<string, unknown>();
    evaluateWith(recentMatch, '--set --mask 255.255.255.0', { store, pkt: { src: ip('198.51.100.1') } });
    expect(
      evaluateWith(recentMatch, '--rcheck --mask 255.255.255.0', { store, pkt: { src: ip('198.51.100.200') } }).matched,
    ).toBe(true);
    expect(
      evaluateWith(recentMatch, '--rcheck --rdest --mask 255.255.255.0', { store, pkt: { dst: ip('198.51.100.9') } })
        .matched,
    ).toBe(true);
    expect(evaluateWith(recentMatch, '--rcheck --rdest', { store, pkt: { dst: ip('198.51.100.1') } }).matched).toBe(
      false,
    );
  });

  it('--rttl requires the TTL seen at --set', () => {
    const store = new Map<string, unknown>();
    evaluateWith(recentMatch, '--set', { store, pkt: { ...attacker, ttl: 50 } });
    expect(evaluateWith(recentMatch, '--rcheck --rttl', { store, pkt: { ...attacker, ttl: 51 } }).matched).toBe(false);
    expect(evaluateWith(recentMatch, '--rcheck --rttl', { store, pkt: { ...attacker, ttl: 50 } }).matched).toBe(true);
  });
});
