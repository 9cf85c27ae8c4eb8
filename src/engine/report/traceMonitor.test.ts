import { describe, expect, it } from 'vitest';
import { runTrace } from '../trace/index.ts';
import { formatNftMonitorTrace, formatXtablesMonitorTrace } from './traceMonitor.ts';

const RULES = `*filter
:INPUT DROP [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:SSH - [0:0]
-A INPUT -j LOG
-A INPUT -p udp -j ACCEPT
-A INPUT -p tcp -j SSH
-A SSH -s 192.168.0.0/16 -j ACCEPT
COMMIT
`;
const HOST = { interfaces: [{ name: 'eth0', addresses: ['10.0.0.1/24'] }], routes: [], forwarding: false };
const SYN = {
  in: 'eth0',
  proto: 'tcp',
  src: '10.0.0.2',
  dst: '10.0.0.1',
  sport: 40000,
  dport: 22,
  tcpFlags: ['SYN'],
  length: 60,
};

function traced() {
  const response = runTrace({ rules: RULES, host: HOST, packets: [SYN] });
  if (!response.ok || !('results' in response) || !response.results[0]) throw new Error('trace failed');
  return response.results[0];
}

describe('the trace as the kernel reports it (xtables-monitor.c, nftables netlink.c trace_print_*)', () => {
  it('xtables-monitor --trace: a PACKET line per base chain, matched rules, the end of a user chain, the policy', () => {
    expect(formatXtablesMonitorTrace(traced(), { traceId: 0x1f })).toBe(
      [
        'PACKET: 2 0000001f IN=eth0 SRC=10.0.0.2 DST=10.0.0.1 LEN=60 TOS=0x0 TTL=64 SPORT=40000 DPORT=22 SYN',
        ' TRACE: 2 0000001f filter:INPUT:rule:0x1:CONTINUE  -4 -t filter -A INPUT -j LOG',
        ' TRACE: 2 0000001f filter:INPUT:rule:0x3:JUMP:SSH  -4 -t filter -A INPUT -p tcp -j SSH',
        ' TRACE: 2 0000001f filter:SSH:return:',
        ' TRACE: 2 0000001f filter:INPUT:policy:DROP',
        '',
      ].join('\n'),
    );
  });

  it('nft monitor trace: packet, rule with its verdict, continue at the end of a chain, policy', () => {
    const text = formatNftMonitorTrace(traced(), { traceId: 0x1f });
    expect(text.split('\n')).toEqual([
      'trace id 0000001f ip filter INPUT packet: iif "eth0" ip saddr 10.0.0.2 ip daddr 10.0.0.1 ip ttl 64 ip length 60 tcp sport 40000 tcp dport 22 tcp flags == syn',
      'trace id 0000001f ip filter INPUT rule -j LOG (verdict continue)',
      'trace id 0000001f ip filter INPUT rule -p tcp -j SSH (verdict jump SSH)',
      'trace id 0000001f ip filter SSH verdict continue',
      'trace id 0000001f ip filter INPUT policy drop',
      '',
    ]);
  });
});
