import { describe, expect, it } from 'vitest';
import { conntrackMatch } from './conntrack.ts';
import { evaluateWith, parseWith, saved } from './util/moduleTesting.ts';
import { ip, testConn, testPacket } from './util/testContext.ts';

describe('conntrack: parse and save (libxt_conntrack.t, libipt_conntrack.t)', () => {
  it.each([
    ['--ctstate NEW,RELATED,ESTABLISHED', '--ctstate NEW,RELATED,ESTABLISHED'],
    ['--ctstate SNAT,DNAT', '--ctstate SNAT,DNAT'],
    ['--ctproto tcp', '--ctproto 6'],
    ['--ctexpire 0:4294967295', '--ctexpire 0:4294967295'],
    ['--ctexpire 3:3', '--ctexpire 3'],
    ['--ctdir REPLY', '--ctdir REPLY'],
    ['--ctstatus NONE', '--ctstatus NONE'],
    ['--ctstatus SEEN_REPLY', '--ctstatus SEEN_REPLY'],
    ['--ctorigsrcport :', '--ctorigsrcport 0:65535'],
    ['--ctrepldstport 4:', '--ctrepldstport 4:65535'],
    ['--ctorigdstport 4:4', '--ctorigdstport 4'],
    ['--ctorigsrc 1.1.1.1', '--ctorigsrc 1.1.1.1'],
    ['--ctrepldst 10.0.0.0/8', '--ctrepldst 10.0.0.0/8'],
    ['--ctdir ORIGINAL --ctstate NEW', '--ctstate NEW --ctdir ORIGINAL'],
  ])('%s saves as "%s"', (text, want) => {
    expect(saved(conntrackMatch, text)).toBe(want);
  });

  it.each([
    '',
    '--ctstate wrong',
    '--ctexpire 42949672956',
    '--ctexpire -1',
    '--ctexpire 4:3',
    '--ctproto 0',
    '! --ctproto 0',
    '--ctorigsrcport 4:3',
    '--ctstatus DNAT',
    '--ctdir SIDEWAYS',
  ])('refuses "%s"', (text) => {
    expect(parseWith(conntrackMatch, text).ok).toBe(false);
  });
});

describe('conntrack: evaluate', () => {
  const pkt = testPacket({ dst: ip('10.0.1.1'), dport: 80 });

  it('--ctstate DNAT matches a connection whose destination was NATed', () => {
    const ct = testConn(pkt, { state: 'NEW', status: new Set(['DNAT']) });
    expect(evaluateWith(conntrackMatch, '--ctstate DNAT', { pkt, ct }).matched).toBe(true);
    expect(evaluateWith(conntrackMatch, '--ctstate DNAT', { pkt, ct: testConn(pkt) }).matched).toBe(false);
  });

  it('--ctorigdst compares the original tuple even after DNAT changed the packet', () => {
    const ct = testConn(pkt, { orig: { proto: 6, src: pkt.src, dst: ip('172.30.0.41'), sport: 41000, dport: 80 } });
    expect(evaluateWith(conntrackMatch, '--ctorigdst 172.30.0.41', { pkt, ct }).matched).toBe(true);
    expect(evaluateWith(conntrackMatch, '! --ctorigdst 172.30.0.41', { pkt, ct }).matched).toBe(false);
  });

  it('--ctstatus matches when any listed status bit is set', () => {
    const ct = testConn(pkt, { state: 'ESTABLISHED', status: new Set(['SEEN_REPLY']) });
    expect(evaluateWith(conntrackMatch, '--ctstatus ASSURED,SEEN_REPLY', { pkt, ct }).matched).toBe(true);
    expect(evaluateWith(conntrackMatch, '--ctstatus ASSURED', { pkt, ct }).matched).toBe(false);
  });

  it('--ctdir REPLY matches only packets of the reply direction', () => {
    expect(evaluateWith(conntrackMatch, '--ctdir REPLY', { pkt, ct: testConn(pkt, { dir: 'REPLY' }) }).matched).toBe(
      true,
    );
    expect(evaluateWith(conntrackMatch, '--ctdir REPLY', { pkt, ct: testConn(pkt) }).matched).toBe(false);
  });

  it('--ctproto and --ctorigdstport test the original tuple', () => {
    const ct = testConn(pkt);
    expect(evaluateWith(conntrackMatch, '--ctproto tcp --ctorigdstport 80', { pkt, ct }).matched).toBe(true);
    expect(evaluateWith(conntrackMatch, '--ctproto udp', { pkt, ct }).matched).toBe(false);
  });

  it('--ctexpire tests the seconds left', () => {
    const ct = testConn(pkt, { expires: 30 });
    expect(evaluateWith(conntrackMatch, '--ctexpire 0:60', { pkt, ct }).matched).toBe(true);
    expect(evaluateWith(conntrackMatch, '--ctexpire 61:120', { pkt, ct }).matched).toBe(false);
  });

  it('with no conntrack entry only a --ctstate test can match (kernel: no ct → state tests only)', () => {
    expect(evaluateWith(conntrackMatch, '--ctstate INVALID', { pkt, ct: null }).matched).toBe(true);
    expect(evaluateWith(conntrackMatch, '! --ctorigsrc 1.2.3.4', { pkt, ct: null }).matched).toBe(false);
    expect(evaluateWith(conntrackMatch, '--ctstate INVALID --ctproto tcp', { pkt, ct: null }).matched).toBe(true);
  });

  it('an UNTRACKED packet has the UNTRACKED state', () => {
    const ct = testConn(pkt, { state: 'UNTRACKED' });
    expect(evaluateWith(conntrackMatch, '--ctstate UNTRACKED', { pkt, ct }).matched).toBe(true);
    expect(evaluateWith(conntrackMatch, '--ctstate NEW,INVALID', { pkt, ct }).matched).toBe(false);
  });
});
