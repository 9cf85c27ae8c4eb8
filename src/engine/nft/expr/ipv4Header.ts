// The IPv4 header as nft knows it by name (nftables 1.0.6 src/proto.c proto_ip, its templates in the order of
// include/proto.h enum ip_hdr_fields): what nft lists a raw `@nh,…` payload as once the network protocol is IPv4
// (an ip table, or `meta nfproto ipv4` or an `ip` field before it in inet; src/payload.c payload_expr_complete,
// payload_expr_expand), and the `ip` fields the lab reads.
import { DSCP, ECN, INET_PROTO, IPV4_ADDR } from '../datatype.ts';
import { f, type ProtocolHeader } from './transportHeaders.ts';

export const IPV4_HEADER: ProtocolHeader = {
  name: 'ip',
  fields: [
    f('version', 0, 4),
    f('hdrlength', 4, 4),
    f('dscp', 8, 6, DSCP),
    f('ecn', 14, 2, ECN),
    f('length', 16, 16),
    f('id', 32, 16),
    f('frag-off', 48, 16),
    f('ttl', 64, 8),
    f('protocol', 72, 8, INET_PROTO),
    f('checksum', 80, 16),
    f('saddr', 96, 32, IPV4_ADDR),
    f('daddr', 128, 32, IPV4_ADDR),
  ],
};
