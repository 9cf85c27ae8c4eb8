// nft's data types (nft(8), "DATA TYPES"; nftables src/datatype.c, src/proto.c, src/ct.c): how a constant of each type
// is written, read and printed. A value is a number (addresses as unsigned 32-bit) or, for interface names, a string.
import { etcProtocol, protocolName } from '../match/util/protocols.ts';
import { formatIPv4, parseIPv4 } from '../net/ipv4.ts';

export type Scalar = number | string;

export interface DataType {
  name: string;
  /** How nft names the type in "datatype mismatch, expected …" messages. */
  desc: string;
  /** A bitmask type: `ct state established,related` is a list of bits, and the implicit operator tests any bit. */
  bitmask?: boolean;
  /** Interface names are strings (compared as strings; `eth*` is a prefix). */
  string?: boolean;
  /** Width in bits (ranges and prefixes need it). */
  bits: number;
  symbols?: Record<string, number>;
  /** A bound of a range: nft prints ranges numerically (nftables src/expression.c range_expr_print sets
   * NFT_CTX_OUTPUT_NUMERIC_ALL), so `ip protocol 1-10` stays `1-10`. Default: `print`. */
  printNumeric?(v: number): string;
  /** nft's message for a word that is not a value of this type; default `Could not parse <desc>` (datatype.c
   * symbolic_constant_parse, integer_type_parse). */
  parseError?: string;
  /** A number or a symbol; undefined when the text is not a value of this type. */
  parse(text: string): Scalar | { error: string } | undefined;
  print(v: Scalar): string;
}

/** A decimal or 0x-hexadecimal number; undefined for anything else. Scanned by hand: it runs for every port,
 * protocol and numgen index of a ruleset (a regex test per call was a tenth of the time spent reading a port). */
function numeric(text: string): number | undefined {
  const n = text.length;
  if (n === 0) return undefined;
  if (n > 2 && text.charCodeAt(0) === 48 && (text.charCodeAt(1) | 0x20) === 120 /* 0x */) {
    for (let i = 2; i < n; i++) {
      const c = text.charCodeAt(i) | 0x20;
      if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102))) return undefined;
    }
    return parseInt(text, 16);
  }
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return undefined;
  }
  return Number(text);
}

/** A name of the table (own names only: `constructor` is no symbol). */
const symbolOf = (table: Record<string, number>, text: string): number | undefined =>
  Object.hasOwn(table, text) ? table[text] : undefined;

/** Starts like a number: read as one before looking the text up as a name. */
const digitFirst = (text: string): boolean => {
  const c = text.charCodeAt(0);
  return c >= 48 && c <= 57;
};

const hex = (v: number) => `0x${v.toString(16)}`;

function symbolic(
  name: string,
  desc: string,
  bits: number,
  symbols: Record<string, number>,
  extra: Partial<DataType> = {},
): DataType {
  // The first name of a value is the one printed (`cs0`, not its aliases `df` and `be`): nftables src/datatype.c
  // symbolic_constant_print walks the table in order.
  const byValue = new Map<number, string>();
  for (const [k, v] of Object.entries(symbols)) if (!byValue.has(v)) byValue.set(v, k);
  return {
    name,
    desc,
    bits,
    symbols,
    parse(text) {
      // No symbol starts with a digit, and no number without one.
      if (!digitFirst(text)) return symbolOf(symbols, text);
      const n = numeric(text);
      if (n === undefined) return undefined;
      if (n >= 2 ** bits) return { error: `Value ${text} exceeds valid range 0-${2 ** bits - 1}` };
      return n;
    },
    // A bitmask's base type prints in hex (`ct status 0x1-0x4`, `tcp flags 0x2-0x10`, `ct state 0x0`, checked with
    // nft 1.0.6): symbolic_constant_print falls back to the base type's print for a value without a name.
    print: extra.bitmask ? (v) => byValue.get(Number(v)) ?? hex(Number(v)) : (v) => byValue.get(Number(v)) ?? String(v),
    printNumeric: extra.bitmask ? hex : (v) => String(v),
    ...extra,
  };
}

/** A part of a dotted address with a leading zero: inet_aton reads it in octal. */
const OCTAL_PART = /(^|\.)0[0-9]/;

/**
 * An address in any form inet_aton(3) reads, as nft's getaddrinfo() does (datatype.c ipaddr_type_parse; checked
 * with nft 1.0.6: `ip daddr 80` lists 0.0.0.80, `0x0a000001` 10.0.0.1, `010.0.0.1` 8.0.0.1): parts in decimal,
 * octal (leading 0) or hex (0x), the last part filling the bytes left.
 */
function inetAton(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length > 4) return undefined;
  const values: number[] = [];
  for (const p of parts) {
    const v = /^0x[0-9a-f]+$/i.test(p)
      ? parseInt(p, 16)
      : /^0[0-7]*$/.test(p)
        ? parseInt(p, 8)
        : /^[1-9][0-9]*$/.test(p)
          ? Number(p)
          : undefined;
    if (v === undefined) return undefined;
    values.push(v);
  }
  const last = values.pop()!;
  if (values.some((v) => v > 255) || last >= 2 ** (8 * (4 - values.length))) return undefined;
  return values.reduce((acc, v, i) => acc + v * 2 ** (8 * (3 - i)), last);
}

const IPV4_UNKNOWN = 'Could not resolve hostname: Name or service not known';

const hex32 = (v: Scalar) => `0x${Number(v).toString(16).padStart(8, '0')}`;

export const IPV4_ADDR: DataType = {
  name: 'ipv4_addr',
  desc: 'IPv4 address',
  bits: 32,
  parse(text) {
    const a = parseIPv4(text);
    if (a !== undefined && !OCTAL_PART.test(text)) return a;
    // Only digits, hex and dots can be an inet_aton form: the test first spares the split for `10.0.0.1:80` and
    // the like, which are tried here too (a 10,000-service ruleset has 30,000).
    if (/^[0-9a-fx.]+$/i.test(text)) return inetAton(text) ?? { error: IPV4_UNKNOWN };
    if (/^[a-z][a-z0-9.-]*$/i.test(text)) return { error: IPV4_UNKNOWN };
    return undefined;
  },
  parseError: IPV4_UNKNOWN,
  print: (v) => formatIPv4(Number(v)),
};

/** /etc/services names nft resolves (the common ones; nft prints numbers by default since 0.9). */
const SERVICES: Record<string, number> = {
  ftp: 21,
  ssh: 22,
  telnet: 23,
  smtp: 25,
  domain: 53,
  http: 80,
  pop3: 110,
  ntp: 123,
  imap: 143,
  snmp: 161,
  https: 443,
  'http-alt': 8080,
};

/** getaddrinfo's answer to nft for a name that is no service (datatype.c inet_service_type_parse). */
const INET_SERVICE_ERROR = 'Could not resolve service: Servname not supported for ai_socktype';

export const INET_SERVICE: DataType = {
  name: 'inet_service',
  desc: 'internet network service',
  bits: 16,
  parse(text) {
    const n = digitFirst(text) ? numeric(text) : symbolOf(SERVICES, text);
    if (n === undefined) return /^[a-z][a-z0-9-]*$/i.test(text) ? { error: INET_SERVICE_ERROR } : undefined;
    if (n > 65535) return { error: 'Service out of range' };
    return n;
  },
  print: (v) => String(v),
  parseError: INET_SERVICE_ERROR,
};

/**
 * nftables src/datatype.c inet_protocol_type: a number (0-255, else "Protocol out of range"), or a name
 * getprotobyname(3) finds in /etc/protocols (case-sensitive: `IPCOMP` is ipcomp, `Comp` nothing), or one of the
 * protocol keywords of nft's grammar (src/parser_bison.y primary_rhs_expr: `icmpv6` is 58, `comp` 108, names
 * /etc/protocols lacks). Printed with getprotobynumber(3)'s name, else as a number: checked with nft 1.0.6,
 * `meta l4proto { 33, 136, 108, 58, 47, 255 }` lists `{ dccp, gre, ipv6-icmp, ipcomp, udplite, 255 }` and
 * `meta l4proto 41` `ipv6`, `meta l4proto mptcp` `tcp`.
 */
const PROTOCOL_KEYWORDS: Record<string, number> = { icmpv6: 58, comp: 108 };
export const INET_PROTO: DataType = {
  name: 'inet_proto',
  desc: 'Internet protocol',
  bits: 8,
  parse(text) {
    if (digitFirst(text)) {
      const n = numeric(text);
      if (n === undefined) return undefined;
      return n > 255 ? { error: 'Protocol out of range' } : n;
    }
    // getprotobyname's number is kept as a byte: `mptcp` (262) is tcp.
    const n = symbolOf(PROTOCOL_KEYWORDS, text) ?? etcProtocol(text);
    return n === undefined ? undefined : n & 255;
  },
  // getprotobyname() failed (datatype.c inet_protocol_type_parse).
  parseError: 'Could not resolve protocol name',
  print: (v) => protocolName(Number(v)) ?? String(v),
  printNumeric: (v) => String(v),
};

// nftables src/proto.c dscp_type: a 6-bit field with its own symbol table (RFC 2474/2597/3246/5865/8622 code
// points), base hexadecimal: a value without a name lists as `0x04`, a range as `0x01-0x03` (checked with nft 1.0.6).
const dscpHex = (v: Scalar) => `0x${Number(v).toString(16).padStart(2, '0')}`;
const DSCP_SYMBOLS: Record<string, number> = {
  cs0: 0x00,
  cs1: 0x08,
  cs2: 0x10,
  cs3: 0x18,
  cs4: 0x20,
  cs5: 0x28,
  cs6: 0x30,
  cs7: 0x38,
  df: 0x00,
  be: 0x00,
  lephb: 0x01,
  af11: 0x0a,
  af12: 0x0c,
  af13: 0x0e,
  af21: 0x12,
  af22: 0x14,
  af23: 0x16,
  af31: 0x1a,
  af32: 0x1c,
  af33: 0x1e,
  af41: 0x22,
  af42: 0x24,
  af43: 0x26,
  va: 0x2c,
  ef: 0x2e,
};
const DSCP_BASE = symbolic('dscp', 'Differentiated Services Code Point', 6, DSCP_SYMBOLS);
export const DSCP: DataType = {
  ...DSCP_BASE,
  parse(text) {
    const v = DSCP_BASE.parse(text);
    // nft: "Could not parse Differentiated Services Code Point" for a word that is not a code point's name.
    return v === undefined && /^[a-z][a-z0-9]*$/i.test(text) ? { error: `Could not parse ${DSCP_BASE.desc}` } : v;
  },
  print: (v) => {
    const name = DSCP_BASE.print(v);
    return name === String(v) ? dscpHex(v) : name;
  },
  printNumeric: dscpHex,
};

/** The ECN bits of the IPv4 header (nftables src/proto.c ecn_type, RFC 3168). */
export const ECN = symbolic('ecn', 'Explicit Congestion Notification', 2, { 'not-ect': 0, ect1: 1, ect0: 2, ce: 3 });

/** A 32-bit number (integer_type_parse: "Value 4294967296 exceeds valid range 0-4294967295", nft 1.0.6). */
function u32(text: string): Scalar | { error: string } | undefined {
  const n = numeric(text);
  return n !== undefined && n > 0xffffffff ? { error: `Value ${n} exceeds valid range 0-4294967295` } : n;
}

export const MARK: DataType = {
  name: 'mark',
  desc: 'packet mark',
  bits: 32,
  parse: u32,
  print: hex32,
};

export const INTEGER: DataType = {
  name: 'integer',
  desc: 'integer',
  bits: 32,
  parse: u32,
  print: (v) => String(v),
};

const INTEGERS = new Map<number, DataType>([[32, INTEGER]]);
/** An integer field of this many bits (`icmp checksum 70000`: "Value 70000 exceeds valid range 0-65535", nft 1.0.6). */
export function integerBits(bits: number): DataType {
  let type = INTEGERS.get(bits);
  if (!type) {
    const max = 2 ** bits - 1;
    type = {
      ...INTEGER,
      bits,
      parse(text) {
        const n = numeric(text);
        return n !== undefined && n > max ? { error: `Value ${n} exceeds valid range 0-${max}` } : n;
      },
    };
    INTEGERS.set(bits, type);
  }
  return type;
}

export const IFNAME: DataType = {
  name: 'ifname',
  desc: 'network interface name',
  bits: 128,
  string: true,
  parse: (text) => (text.length < 16 ? text : { error: 'interface name too long' }),
  print: (v) => `"${String(v)}"`,
};

// include/linux/netfilter/nf_conntrack_common.h: NF_CT_STATE_BIT(ctinfo) and the status bits.
export const CT_STATE = symbolic(
  'ct_state',
  'conntrack state',
  32,
  { invalid: 1, established: 2, related: 4, new: 8, untracked: 64 },
  { bitmask: true },
);

export const CT_STATUS = symbolic(
  'ct_status',
  'conntrack status',
  32,
  { expected: 1, 'seen-reply': 2, assured: 4, confirmed: 8, snat: 16, dnat: 32, dying: 512 },
  { bitmask: true },
);

export const CT_DIR = symbolic('ct_dir', 'conntrack direction', 8, { original: 0, reply: 1 });

// include/uapi/linux/rtnetlink.h: RTN_* (fib … type).
export const FIB_ADDRTYPE = symbolic('fib_addrtype', 'fib address type', 32, {
  unspec: 0,
  unicast: 1,
  local: 2,
  broadcast: 3,
  anycast: 4,
  multicast: 5,
  blackhole: 6,
  unreachable: 7,
  prohibit: 8,
});

export const TCP_FLAG = symbolic(
  'tcp_flag',
  'TCP flag',
  8,
  { fin: 1, syn: 2, rst: 4, psh: 8, ack: 16, urg: 32, ecn: 64, cwr: 128 },
  { bitmask: true },
);

export const ICMP_TYPE = symbolic('icmp_type', 'ICMP type', 8, {
  'echo-reply': 0,
  'destination-unreachable': 3,
  'source-quench': 4,
  redirect: 5,
  'echo-request': 8,
  'router-advertisement': 9,
  'router-solicitation': 10,
  'time-exceeded': 11,
  'parameter-problem': 12,
  'timestamp-request': 13,
  'timestamp-reply': 14,
  'info-request': 15,
  'info-reply': 16,
  'address-mask-request': 17,
  'address-mask-reply': 18,
});

export const ICMP_CODE = symbolic('icmp_code', 'icmp code', 8, {
  'net-unreachable': 0,
  'host-unreachable': 1,
  'prot-unreachable': 2,
  'port-unreachable': 3,
  'frag-needed': 4,
  'net-prohibited': 9,
  'host-prohibited': 10,
  'admin-prohibited': 13,
});

// The types of the other transport headers' fields (nftables src/proto.c, src/datatype.c), which the listing names
// when a `th` field is read after their protocol (fold.ts, expr/transportHeaders.ts).
export const IGMP_TYPE = symbolic('igmp_type', 'IGMP type', 8, {
  'membership-query': 0x11,
  'membership-report-v1': 0x12,
  'membership-report-v2': 0x16,
  'membership-report-v3': 0x22,
  'leave-group': 0x17,
});

export const ICMPV6_TYPE = symbolic('icmpv6_type', 'ICMPv6 type', 8, {
  'destination-unreachable': 1,
  'packet-too-big': 2,
  'time-exceeded': 3,
  'parameter-problem': 4,
  'echo-request': 128,
  'echo-reply': 129,
  'mld-listener-query': 130,
  'mld-listener-report': 131,
  'mld-listener-done': 132,
  'mld-listener-reduction': 132,
  'nd-router-solicit': 133,
  'nd-router-advert': 134,
  'nd-neighbor-solicit': 135,
  'nd-neighbor-advert': 136,
  'nd-redirect': 137,
  'router-renumbering': 138,
  'ind-neighbor-solicit': 141,
  'ind-neighbor-advert': 142,
  'mld2-listener-report': 143,
});

export const ICMPV6_CODE = symbolic('icmpv6_code', 'icmpv6 code', 8, {
  'no-route': 0,
  'admin-prohibited': 1,
  'addr-unreachable': 3,
  'port-unreachable': 4,
  'policy-fail': 5,
  'reject-route': 6,
});

export const DCCP_PKTTYPE = symbolic('dccp_pkttype', 'DCCP packet type', 4, {
  request: 0,
  response: 1,
  data: 2,
  ack: 3,
  dataack: 4,
  closereq: 5,
  close: 6,
  reset: 7,
  sync: 8,
  syncack: 9,
});

/** nft's bitmask type itself (`comp flags`): an integer printed in hex, `0x5` (its base type is integer, so `==`
 * is not listed and the implicit operator is `==`: must_print_eq_op). */
export const BITMASK: DataType = { ...INTEGER, name: 'bitmask', desc: 'bitmask', print: (v) => hex(Number(v)) };

export const IFACE_INDEX: DataType = { ...IFNAME, name: 'iface_index', desc: 'network interface index' };

/** The types a set or map may be declared with (`type ipv4_addr . inet_service : verdict`). */
export const NAMED_TYPES: Record<string, DataType> = Object.fromEntries(
  [
    IPV4_ADDR,
    INET_SERVICE,
    INET_PROTO,
    MARK,
    IFNAME,
    CT_STATE,
    CT_STATUS,
    CT_DIR,
    ICMP_TYPE,
    ICMP_CODE,
    TCP_FLAG,
    FIB_ADDRTYPE,
    INTEGER,
    DSCP,
  ].map((t) => [t.name, t]),
);
