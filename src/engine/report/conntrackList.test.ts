import { describe, expect, it } from 'vitest';
import { runTrace } from '../trace/index.ts';
import { conntrackSummary, formatConntrackEntry, formatConntrackList } from './conntrackList.ts';

const PORT_FORWARD = `*nat
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
-A PREROUTING -i eth0 -p tcp -m tcp --dport 8080 -j DNAT --to-destination 192.168.1.10:80
COMMIT
`;
const HOST = {
  interfaces: [
    { name: 'eth0', addresses: ['203.0.113.1/24'] },
    { name: 'eth1', addresses: ['192.168.1.1/24'] },
  ],
  routes: [{ to: 'default', via: '203.0.113.254', dev: 'eth0' }],
  forwarding: true,
};
const SYN = {
  in: 'eth0',
  proto: 'tcp',
  src: '198.51.100.7',
  dst: '203.0.113.1',
  sport: 40000,
  dport: 8080,
  tcpFlags: ['SYN'],
};
const SYN_ACK = {
  in: 'eth1',
  proto: 'tcp',
  src: '192.168.1.10',
  dst: '198.51.100.7',
  sport: 80,
  dport: 40000,
  tcpFlags: ['SYN', 'ACK'],
};

function tableAfter(packets: object[]) {
  const response = runTrace({ rules: PORT_FORWARD, host: HOST, packets: packets as never });
  if (!response.ok || !('results' in response)) throw new Error('trace failed');
  return response.results.at(-1)?.conntrack ?? [];
}

describe('conntrack -L (libnetfilter_conntrack __snprintf_conntrack_default)', () => {
  it('shows a new connection UNREPLIED, with the DNAT visible in the reply tuple', () => {
    const [entry] = tableAfter([SYN]);
    if (!entry) throw new Error('no entry');
    expect(formatConntrackEntry(entry)).toBe(
      'tcp      6 120 SYN_SENT src=198.51.100.7 dst=203.0.113.1 sport=40000 dport=8080 [UNREPLIED] ' +
        'src=192.168.1.10 dst=198.51.100.7 sport=80 dport=40000 mark=0 use=1',
    );
  });

  it('drops [UNREPLIED] once the reply is seen', () => {
    const [entry] = tableAfter([SYN, SYN_ACK]);
    if (!entry) throw new Error('no entry');
    const line = formatConntrackEntry(entry);
    expect(line).toMatch(/^tcp {6}6 \d+ SYN_RECV src=198\.51\.100\.7 /);
    expect(line).not.toContain('[UNREPLIED]');
  });

  it('prints icmp ids and types, [ASSURED], a mark in decimal and a non-zero zone', () => {
    const line = formatConntrackEntry({
      state: 'ESTABLISHED',
      status: ['SEEN_REPLY', 'ASSURED', 'CONFIRMED'],
      orig: { proto: 'icmp', src: '10.0.0.2', dst: '8.8.8.8', icmpType: 8, icmpId: 7 },
      reply: { proto: 'icmp', src: '8.8.8.8', dst: '10.0.0.2', icmpType: 0, icmpId: 7 },
      mark: 0x10,
      zone: 3,
      expires: 29,
    });
    expect(line).toBe(
      'icmp     1 29 src=10.0.0.2 dst=8.8.8.8 type=8 code=0 id=7 src=8.8.8.8 dst=10.0.0.2 type=0 code=0 id=7 [ASSURED] mark=16 zone=3 use=1',
    );
    expect(formatConntrackList([])).toBe('');
    expect(conntrackSummary(2)).toBe('conntrack v1.4.8 (conntrack-tools): 2 flow entries have been shown.');
  });
});
