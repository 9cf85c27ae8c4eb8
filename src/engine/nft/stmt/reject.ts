// reject (nft(8), "REJECT STATEMENT"; kernel nft_reject_ipv4.c, nft_reject_inet.c): drops the packet and answers
// with an ICMP error (port-unreachable by default) or a TCP reset. `reject with tcp reset` gets an implicit
// `meta l4proto tcp` dependency; `icmpx` (abstract codes) exists only in inet tables ("abstracted ICMP unreachable
// not supported" elsewhere).
import type { RejectWith } from '../../ext/types.ts';
import { IPPROTO } from '../../model/packet.ts';
import { posOf, type Cursor } from '../cursor.ts';
import type { Stmt } from '../model.ts';
import type { Token } from '../tokenize.ts';

const ICMP: Record<string, RejectWith> = {
  'net-unreachable': 'icmp-net-unreachable',
  'host-unreachable': 'icmp-host-unreachable',
  'port-unreachable': 'icmp-port-unreachable',
  'prot-unreachable': 'icmp-proto-unreachable',
  'net-prohibited': 'icmp-net-prohibited',
  'host-prohibited': 'icmp-host-prohibited',
  'admin-prohibited': 'icmp-admin-prohibited',
};
const ICMPX: Record<string, RejectWith> = {
  'port-unreachable': 'icmp-port-unreachable',
  'admin-prohibited': 'icmp-admin-prohibited',
  'no-route': 'icmp-net-unreachable',
  'host-unreachable': 'icmp-host-unreachable',
};

export const rejectModule = {
  name: 'reject',
  keywords: ['reject'],
  parse(c: Cursor, first: Token): Stmt {
    let withType: RejectWith = 'icmp-port-unreachable';
    let text = 'reject';
    let tcpOnly = false;
    const plain = !c.isWord('with');
    if (c.eatWord('with')) {
      const kind = c.word();
      if (kind.value === 'tcp') {
        const r = c.word();
        if (r.value !== 'reset') c.unexpected(r, 'reset');
        withType = 'tcp-reset';
        text = 'reject with tcp reset';
        tcpOnly = true;
      } else if (kind.value === 'icmp' || kind.value === 'icmpx') {
        c.eatWord('type');
        const code = c.word();
        const table = kind.value === 'icmp' ? ICMP : ICMPX;
        if (!table[code.value]) c.unexpected(code);
        if (kind.value === 'icmpx' && c.family !== 'inet' && c.family !== 'bridge' && c.family !== 'netdev')
          c.fail(code, 'abstracted ICMP unreachable not supported');
        withType = table[code.value]!;
        // nft lists the family's default (icmp port-unreachable in ip, icmpx port-unreachable in inet) as plain
        // `reject` (nftables src/statement.c, reject_stmt_print).
        const isDefault = code.value === 'port-unreachable' && kind.value === (c.family === 'ip' ? 'icmp' : 'icmpx');
        text = isDefault ? 'reject' : `reject with ${kind.value} ${code.value}`;
      } else c.unexpected(kind, 'icmp or icmpx or tcp');
    }
    return {
      kind: 'reject',
      text,
      pos: posOf(first),
      terminal: true,
      // In an inet table nft makes a plain reject after an IPv4 match an ICMP (not ICMPX) reject, and lists that
      // kind with its code (src/netlink_delinearize.c stmt_reject_postprocess, src/statement.c reject_stmt_print;
      // nft 1.0.6 lists `ip saddr 1.2.3.4 reject` in inet as `… reject with icmp port-unreachable`).
      listed: (ctx) => (plain && ctx.family === 'inet' && ctx.ipv4 ? 'reject with icmp port-unreachable' : text),
      exec(e) {
        if (tcpOnly && e.pkt.proto !== IPPROTO.tcp) return { kind: 'break' };
        return {
          kind: 'reject',
          with: withType,
          explain: { id: 'nft.reject', params: { with: withType }, matched: true },
        };
      },
    };
  },
};
