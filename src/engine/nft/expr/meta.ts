// Meta expressions (nft(8), "META EXPRESSIONS"; kernel nft_meta.c): packet metadata. `mark`, `iifname`, `oifname`,
// `iif` and `oif` may be written without `meta`; nft prints `meta mark` and `meta l4proto`, but `iifname "eth0"`.
import type { Cursor } from '../cursor.ts';
import { IFACE_INDEX, IFNAME, INET_PROTO, INTEGER, MARK, type DataType } from '../datatype.ts';
import type { NftEval, Selector } from '../model.ts';
import type { Token } from '../tokenize.ts';

const NFPROTO: DataType = { ...INTEGER, name: 'nf_proto', desc: 'nfproto', symbols: { ipv4: 2, ipv6: 10 } };
const NFPROTO_PARSE: DataType = {
  ...NFPROTO,
  parse: (t) => (t === 'ipv4' ? 2 : t === 'ipv6' ? 10 : INTEGER.parse(t)),
  print: (v) => (v === 2 ? 'ipv4' : v === 10 ? 'ipv6' : String(v)),
};
const ETHERTYPE: DataType = {
  ...INTEGER,
  name: 'ether_type',
  desc: 'Ethernet protocol',
  parse: (t) => (t === 'ip' ? 0x0800 : t === 'ip6' ? 0x86dd : t === 'arp' ? 0x0806 : INTEGER.parse(t)),
  print: (v) => (v === 0x0800 ? 'ip' : v === 0x86dd ? 'ip6' : v === 0x0806 ? 'arp' : String(v)),
};

type Key = { type: DataType; read: (e: NftEval) => number | string | undefined; bare?: boolean };

const KEYS: Record<string, Key> = {
  mark: { type: MARK, read: (e) => e.pkt.mark },
  l4proto: { type: INET_PROTO, read: (e) => e.pkt.proto },
  protocol: { type: ETHERTYPE, read: () => 0x0800 },
  nfproto: { type: NFPROTO_PARSE, read: () => 2 },
  length: { type: INTEGER, read: (e) => e.pkt.length },
  // No device: an empty name (nft_meta_store_ifname) and index 0, never a match for a named interface.
  iifname: { type: IFNAME, read: (e) => e.inIface ?? '', bare: true },
  oifname: { type: IFNAME, read: (e) => e.outIface ?? '', bare: true },
  iif: { type: IFACE_INDEX, read: (e) => e.inIface ?? '', bare: true },
  oif: { type: IFACE_INDEX, read: (e) => e.outIface ?? '', bare: true },
};

function selector(key: string): Selector {
  const k = KEYS[key]!;
  const sel: Selector = { text: k.bare ? key : `meta ${key}`, type: k.type, read: k.read };
  if (key === 'mark') {
    sel.assign = (e, v) => {
      e.pkt.mark = v >>> 0;
      return { kind: 'next' };
    };
  }
  return sel;
}

/** One selector per key, shared by every rule (never changed once made); a Map finds no inherited property. */
const SELECTORS = new Map(Object.keys(KEYS).map((key) => [key, selector(key)]));

/** The shared selector of `meta <key>` (the listing writes the dependencies nft inserts with it, merge.ts). */
export const metaSelector = (key: 'l4proto' | 'nfproto'): Selector => SELECTORS.get(key)!;

export const metaModule = {
  name: 'meta',
  keywords: ['meta', 'mark', 'iifname', 'oifname', 'iif', 'oif'],
  follows: { meta: Object.keys(KEYS) },
  parse(c: Cursor, first: Token): Selector {
    if (first.value !== 'meta') return SELECTORS.get(first.value)!;
    const t = c.word();
    const sel = SELECTORS.get(t.value);
    if (!sel) c.unexpected(t);
    return sel;
  },
};
