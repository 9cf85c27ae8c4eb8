import { describe, expect, it } from 'vitest';
import { setMatch } from './set.ts';
import { evaluateWith, parseWith, saved } from './util/moduleTesting.ts';
import { ip, testHost } from './util/testContext.ts';

const host = testHost({
  ipsets: {
    blocklist: { type: 'hash:ip', members: ['192.0.2.7'] },
    svc: { type: 'hash:ip,port', members: ['10.0.1.1,tcp:22'] },
  },
});

describe('set: parse and save (libxt_set.t)', () => {
  it('refuses --match-set without its flags argument', () => {
    expect(parseWith(setMatch, '--match-set foo').ok).toBe(false);
  });

  it('refuses a set that does not exist, when the parser knows the sets', () => {
    expect(parseWith(setMatch, '--match-set foo src,dst', { ipsets: new Set() }).ok).toBe(false);
    expect(parseWith(setMatch, '--match-set foo src,dst', { ipsets: new Set(['foo']) }).ok).toBe(true);
  });

  it.each([
    ['--match-set blocklist src', '--match-set blocklist src'],
    ['! --match-set svc dst,dst', '! --match-set svc dst,dst'],
    ['--set blocklist src', '--match-set blocklist src'],
    [
      '--packets-gt 5 --match-set blocklist src --return-nomatch ! --update-counters',
      '--match-set blocklist src --return-nomatch ! --update-counters --packets-gt 5',
    ],
    ['--match-set blocklist src ! --bytes-eq 10', '--match-set blocklist src ! --bytes-eq 10'],
  ])('%s saves as "%s"', (text, want) => {
    expect(saved(setMatch, text)).toBe(want);
  });

  it.each([
    '--match-set x src,dst,src,dst,src,dst,src',
    '--match-set x source',
    '--match-set x src ! --packets-gt 1',
    '--match-set x src --match-set y dst',
    `--match-set ${'n'.repeat(32)} src`,
  ])('refuses "%s"', (text) => {
    expect(parseWith(setMatch, text).ok).toBe(false);
  });
});

describe('set: evaluate', () => {
  it('src looks the source address up in a hash:ip set', () => {
    expect(evaluateWith(setMatch, '--match-set blocklist src', { host, pkt: { src: ip('192.0.2.7') } }).matched).toBe(
      true,
    );
    expect(evaluateWith(setMatch, '--match-set blocklist src', { host, pkt: { src: ip('192.0.2.8') } }).matched).toBe(
      false,
    );
  });

  it('dst,dst builds address and proto:port for a hash:ip,port set', () => {
    const pkt = { dst: ip('10.0.1.1'), dport: 22 };
    expect(evaluateWith(setMatch, '--match-set svc dst,dst', { host, pkt }).matched).toBe(true);
    expect(evaluateWith(setMatch, '--match-set svc dst,dst', { host, pkt: { ...pkt, dport: 23 } }).matched).toBe(false);
  });

  it('fewer flags than the set has dimensions never matches, even negated', () => {
    expect(evaluateWith(setMatch, '! --match-set svc dst', { host }).matched).toBe(false);
  });

  it('a set the host does not have never matches', () => {
    expect(evaluateWith(setMatch, '--match-set nosuch src', { host }).matched).toBe(false);
  });

  it('! --match-set matches what the set does not hold', () => {
    expect(evaluateWith(setMatch, '! --match-set blocklist src', { host }).matched).toBe(true);
  });
});
