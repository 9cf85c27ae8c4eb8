import { describe, expect, it } from 'vitest';
import { TCP_FLAG } from '../model/packet.ts';
import { tcpMatch } from './tcp.ts';
import { evaluateWith, parseWith, saved } from './util/moduleTesting.ts';

const TCP = { proto: 6 };
const save = (text: string) => saved(tcpMatch, text, TCP);

describe('tcp: parse and canonical save (libxt_tcp.t)', () => {
  it.each([
    ['--sport 1', '--sport 1'],
    ['--dport 65535', '--dport 65535'],
    ['--sport 1:1023', '--sport 1:1023'],
    ['--sport 1024:', '--sport 1024:65535'],
    ['--sport :', ''],
    ['! --sport :', '! --sport 0:65535'],
    ['--dport :4', '--dport 0:4'],
    ['--dport 4:4', '--dport 4'],
    ['! --sport 1 --dport 65535', '! --sport 1 --dport 65535'],
    ['--syn', '--tcp-flags FIN,SYN,RST,ACK SYN'],
    ['! --tcp-flags FIN,SYN,RST,PSH,ACK,URG SYN', '! --tcp-flags FIN,SYN,RST,PSH,ACK,URG SYN'],
    ['--tcp-flags ALL NONE', '--tcp-flags FIN,SYN,RST,PSH,ACK,URG NONE'],
    ['--tcp-flags syn,ack ack', '--tcp-flags SYN,ACK ACK'],
    ['', ''],
  ])('%s saves as "%s"', (text, want) => {
    expect(save(text)).toBe(want);
  });

  it.each(['--sport 4:3', '--dport 4:3', '--sport 65536', '--sport -1', '--dport -1', '--tcp-flags SYN,BOGUS SYN'])(
    'refuses %s',
    (text) => {
      expect(parseWith(tcpMatch, text, TCP).ok).toBe(false);
    },
  );

  it('resolves service names as getservbyname does, and saves the number', () => {
    expect(save('--dport ssh')).toBe('--dport 22');
    expect(save('--sport http:https')).toBe('--sport 80:443');
  });

  it('accepts numbers in C notation as xtables_strtoui does (0x16 is 22)', () => {
    expect(save('--dport 0x16')).toBe('--dport 22');
  });

  it('refuses -m tcp without -p tcp (the kernel checks the protocol)', () => {
    const r = parseWith(tcpMatch, '--dport 1', { proto: undefined });
    expect(r.ok).toBe(false);
    expect(parseWith(tcpMatch, '--dport 1', { proto: 17 }).ok).toBe(false);
  });

  it('refuses --syn together with --tcp-flags (one flags test per rule)', () => {
    expect(parseWith(tcpMatch, '--syn --tcp-flags SYN SYN', TCP).ok).toBe(false);
  });

  it('refuses a repeated --dport, counting --destination-port as the same option', () => {
    expect(parseWith(tcpMatch, '--dport 1 --destination-port 2', TCP).ok).toBe(false);
  });

  it('saves --tcp-option before --tcp-flags, as libxt_tcp prints them', () => {
    expect(save('--tcp-flags SYN SYN --tcp-option 2')).toBe('--tcp-option 2 --tcp-flags SYN SYN');
  });
});

describe('tcp: evaluate', () => {
  it('--dport 22 matches a segment to port 22 and not to port 80', () => {
    expect(evaluateWith(tcpMatch, '--dport 22', { pkt: { dport: 22 } }, TCP).matched).toBe(true);
    expect(evaluateWith(tcpMatch, '--dport 22', { pkt: { dport: 80 } }, TCP).matched).toBe(false);
  });

  it('a range a:b is inclusive at both ends', () => {
    for (const [port, want] of [
      [1023, false],
      [1024, true],
      [65535, true],
    ] as const) {
      expect(evaluateWith(tcpMatch, '--sport 1024:65535', { pkt: { sport: port } }, TCP).matched).toBe(want);
    }
  });

  it('! inverts the port test', () => {
    expect(evaluateWith(tcpMatch, '! --dport 22', { pkt: { dport: 22 } }, TCP).matched).toBe(false);
    expect(evaluateWith(tcpMatch, '! --dport 22', { pkt: { dport: 23 } }, TCP).matched).toBe(true);
  });

  it('--syn matches SYN but not SYN+ACK nor ACK', () => {
    const { SYN, ACK } = TCP_FLAG;
    expect(evaluateWith(tcpMatch, '--syn', { pkt: { tcpFlags: SYN } }, TCP).matched).toBe(true);
    expect(evaluateWith(tcpMatch, '--syn', { pkt: { tcpFlags: SYN | ACK } }, TCP).matched).toBe(false);
    expect(evaluateWith(tcpMatch, '--syn', { pkt: { tcpFlags: ACK } }, TCP).matched).toBe(false);
    expect(evaluateWith(tcpMatch, '! --syn', { pkt: { tcpFlags: ACK } }, TCP).matched).toBe(true);
  });

  it('--tcp-flags MASK COMP ignores flags outside MASK (PSH does not spoil SYN,ACK SYN)', () => {
    const { SYN, PSH } = TCP_FLAG;
    expect(evaluateWith(tcpMatch, '--tcp-flags SYN,ACK SYN', { pkt: { tcpFlags: SYN | PSH } }, TCP).matched).toBe(true);
  });

  it('--tcp-flags ALL NONE catches a null scan', () => {
    expect(evaluateWith(tcpMatch, '--tcp-flags ALL NONE', { pkt: { tcpFlags: 0 } }, TCP).matched).toBe(true);
    expect(evaluateWith(tcpMatch, '--tcp-flags ALL NONE', { pkt: { tcpFlags: TCP_FLAG.SYN } }, TCP).matched).toBe(
      false,
    );
  });

  it('--tcp-option matches when the option kind is present', () => {
    expect(
      evaluateWith(tcpMatch, '--tcp-option 2', { pkt: { tcpOptions: { mss: 1460, sackPerm: true } } }, TCP).matched,
    ).toBe(true);
    expect(
      evaluateWith(tcpMatch, '--tcp-option 8', { pkt: { tcpOptions: { mss: 1460, sackPerm: true } } }, TCP).matched,
    ).toBe(false);
  });

  it('--tcp-option 0 is no test at all (the kernel skips option 0) and is not saved', () => {
    expect(save('--tcp-option 0')).toBe('');
    expect(evaluateWith(tcpMatch, '--tcp-option 0', { pkt: { tcpOptions: {} } }, TCP).matched).toBe(true);
  });

  it('never matches a non-first fragment (no TCP header there)', () => {
    expect(evaluateWith(tcpMatch, '', { pkt: { fragment: true } }, TCP).matched).toBe(false);
  });

  it('explains the destination port test in a sentence', () => {
    const r = evaluateWith(tcpMatch, '--dport 1024:65535', { pkt: { dport: 80 } }, TCP);
    expect(r.explain[0]).toMatchObject({ id: 'match.tcp.dport.not-in', params: { port: 80, range: '1024:65535' } });
  });
});
