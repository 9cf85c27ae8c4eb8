import { describe, expect, it } from 'vitest';
import { parseIpsets } from '../host/ipset.ts';
import { setMatch } from './set.ts';
import { evaluateWith, parseWith, saved } from './util/moduleTesting.ts';
import { ip, testHost } from './util/testContext.ts';

const host = testHost({
  ipsets: {
    blocklist: { type: 'hash:ip', members: ['192.0.2.7'] },
    svc: { type: 'hash:ip,port', members: ['10.0.1.1,tcp:22'] },
    ports: { type: 'bitmap:port', members: ['22', '80'] },
    all: { type: 'list:set', members: ['blocklist'] },
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

  it('a bitmap:port set holds bare port numbers', () => {
    expect(evaluateWith(setMatch, '--match-set ports dst', { host, pkt: { dport: 80 } }).matched).toBe(true);
    expect(evaluateWith(setMatch, '--match-set ports dst', { host, pkt: { dport: 81 } }).matched).toBe(false);
  });

  it('--return-nomatch matches an element flagged nomatch and not a plain one (asks the host for lookup)', () => {
    const lookupHost = {
      ...host,
      ipset: (name: string) =>
        name === 'nets'
          ? {
              name,
              type: 'hash:net',
              has: () => false,
              lookup: (parts: (number | string)[]) =>
                parts[0] === ip('10.0.0.1') ? ('nomatch' as const) : ('match' as const),
            }
          : undefined,
    };
    const text = '--match-set nets src --return-nomatch';
    expect(evaluateWith(setMatch, text, { host: lookupHost, pkt: { src: ip('10.0.0.1') } }).matched).toBe(true);
    expect(evaluateWith(setMatch, text, { host: lookupHost, pkt: { src: ip('10.0.0.2') } }).matched).toBe(false);
    expect(evaluateWith(setMatch, '--match-set blocklist src --return-nomatch', { host }).explain[0]?.id).toBe(
      'match.not-simulated',
    );
  });

  it('a list:set is not simulated', () => {
    expect(evaluateWith(setMatch, '--match-set all src', { host }).explain[0]?.id).toBe('match.not-simulated');
  });

  it('a set the host does not have never matches', () => {
    expect(evaluateWith(setMatch, '--match-set nosuch src', { host }).matched).toBe(false);
  });

  it('! --match-set matches what the set does not hold', () => {
    expect(evaluateWith(setMatch, '! --match-set blocklist src', { host }).matched).toBe(true);
  });
});

describe('set: the elements it asks for are the ones the host parses from `ipset save`', () => {
  const { sets } = parseIpsets(
    [
      'create KUBE-CLUSTER-IP hash:ip,port family inet',
      'add KUBE-CLUSTER-IP 10.96.0.1,tcp:443',
      'create WEB bitmap:port range 0-1024',
      'add WEB 80',
      'create BAD hash:net family inet',
      'add BAD 198.51.100.0/24',
    ].join('\n'),
  );
  const realHost = { ...testHost(), ipset: (name: string) => sets.get(name) };

  it.each([
    ['--match-set KUBE-CLUSTER-IP dst,dst', { dst: ip('10.96.0.1'), dport: 443 }, true],
    ['--match-set KUBE-CLUSTER-IP dst,dst', { dst: ip('10.96.0.1'), dport: 80 }, false],
    ['--match-set WEB dst', { dport: 80 }, true],
    ['--match-set BAD src', { src: ip('198.51.100.77') }, true],
    ['--match-set BAD src', { src: ip('198.51.101.1') }, false],
  ] as const)('%s with %o → %s', (text, pkt, want) => {
    expect(evaluateWith(setMatch, text, { host: realHost, pkt }).matched).toBe(want);
  });
});
