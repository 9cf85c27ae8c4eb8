import { describe, expect, it } from 'vitest';
import { rejectTarget } from './reject.ts';
import { applyWith, evalContext, parseWith, parsed, saved } from './util/testing.ts';

const TCP = { proto: 6 };

describe('REJECT: parse and canonical save (libipt_REJECT.t)', () => {
  it('defaults to icmp-port-unreachable and always saves the type', () => {
    expect(saved(rejectTarget, '')).toBe('--reject-with icmp-port-unreachable');
  });

  it.each([
    'icmp-net-unreachable',
    'icmp-host-unreachable',
    'icmp-port-unreachable',
    'icmp-proto-unreachable',
    'icmp-net-prohibited',
    'icmp-host-prohibited',
    'icmp-admin-prohibited',
  ])('--reject-with %s saves as itself', (type) => {
    expect(saved(rejectTarget, `--reject-with ${type}`)).toBe(`--reject-with ${type}`);
  });

  it.each([
    ['net-unreach', 'icmp-net-unreachable'],
    ['host-prohib', 'icmp-host-prohibited'],
    ['admin-prohib', 'icmp-admin-prohibited'],
    ['ICMP-HOST-PROHIBITED', 'icmp-host-prohibited'],
    // libipt_REJECT compares the word with the start of each name: the first one that fits wins.
    ['icmp-host', 'icmp-host-unreachable'],
  ])('reads the alias or abbreviation %s as %s', (word, type) => {
    expect(saved(rejectTarget, `--reject-with ${word}`)).toBe(`--reject-with ${type}`);
  });

  it('accepts tcp-reset (and tcp-rst) in a -p tcp rule', () => {
    expect(saved(rejectTarget, '--reject-with tcp-reset', TCP)).toBe('--reject-with tcp-reset');
    expect(saved(rejectTarget, '--reject-with tcp-rst', TCP)).toBe('--reject-with tcp-reset');
  });

  it('refuses tcp-reset without -p tcp (reject_tg_check; conformance: the kernel refuses it)', () => {
    expect(parseWith(rejectTarget, '--reject-with tcp-reset').ok).toBe(false);
    expect(parseWith(rejectTarget, '--reject-with tcp-reset', { proto: 17 }).ok).toBe(false);
  });

  it('refuses an unknown type', () => {
    const result = parseWith(rejectTarget, '--reject-with echo-reply');
    expect(!result.ok && result.message).toContain('Unknown reject type');
  });

  it('is allowed in the filter table only, from INPUT, FORWARD and OUTPUT (ipt_REJECT.c; rej17: not in mangle)', () => {
    expect(rejectTarget.tables).toEqual(['filter']);
    expect(rejectTarget.hooks).toEqual(['INPUT', 'FORWARD', 'OUTPUT']);
  });
});

describe('REJECT: verdict', () => {
  it('rejects with the chosen ICMP error and names its code', () => {
    const { verdict, sentences } = applyWith(
      rejectTarget,
      parsed(rejectTarget, '--reject-with icmp-host-prohibited'),
      evalContext(),
    );
    expect(verdict).toEqual({ kind: 'reject', with: 'icmp-host-prohibited' });
    expect(sentences[0]).toContain('code 10');
  });

  it('rejects with a TCP RST', () => {
    const { verdict, sentences } = applyWith(
      rejectTarget,
      parsed(rejectTarget, '--reject-with tcp-reset', TCP),
      evalContext(),
    );
    expect(verdict).toEqual({ kind: 'reject', with: 'tcp-reset' });
    expect(sentences[0]).toContain('TCP RST');
  });
});
