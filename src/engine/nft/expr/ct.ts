// Conntrack expressions (nft(8), "CONNTRACK EXPRESSIONS"; kernel nft_ct.c, nft_ct_get_eval): without an entry only
// `ct state` answers (invalid, or untracked); every other key makes the rule stop there (NFT_BREAK).
import type { ConnView } from '../../ext/types.ts';
import type { Cursor } from '../cursor.ts';
import { CT_DIR, CT_STATE, CT_STATUS, INTEGER, IPV4_ADDR, INET_SERVICE, MARK, type DataType } from '../datatype.ts';
import type { NftEval, Selector } from '../model.ts';

const STATE_BIT = { INVALID: 1, ESTABLISHED: 2, RELATED: 4, NEW: 8, UNTRACKED: 64 } as const;
const STATUS_BIT: Record<string, number> = {
  EXPECTED: 1,
  SEEN_REPLY: 2,
  ASSURED: 4,
  CONFIRMED: 8,
  SNAT: 16,
  DNAT: 32,
};

/** An entry the packet really belongs to (the tracer's bare INVALID/UNTRACKED view is no entry). */
const entry = (e: NftEval): ConnView | undefined =>
  e.ct && e.ct.state !== 'INVALID' && e.ct.state !== 'UNTRACKED' ? e.ct : undefined;

type Key = { type: DataType; read: (e: NftEval, dir?: 'original' | 'reply') => number | undefined };

const tuple = (e: NftEval, dir: 'original' | 'reply' | undefined) => {
  const ct = entry(e);
  if (!ct) return undefined;
  return (dir ?? (ct.dir === 'ORIGINAL' ? 'original' : 'reply')) === 'original' ? ct.orig : ct.reply;
};

const KEYS: Record<string, Key> = {
  state: { type: CT_STATE, read: (e) => STATE_BIT[e.ct?.state ?? 'INVALID'] },
  status: {
    type: CT_STATUS,
    read: (e) => {
      const ct = entry(e);
      if (!ct) return undefined;
      let bits = 0;
      for (const s of ct.status) bits |= STATUS_BIT[s] ?? 0;
      return bits;
    },
  },
  mark: { type: MARK, read: (e) => entry(e)?.mark },
  zone: { type: INTEGER, read: (e) => (entry(e) ? entry(e)!.zone : undefined) },
  direction: { type: CT_DIR, read: (e) => (entry(e) ? (entry(e)!.dir === 'ORIGINAL' ? 0 : 1) : undefined) },
  saddr: { type: IPV4_ADDR, read: (e, d) => tuple(e, d)?.src },
  daddr: { type: IPV4_ADDR, read: (e, d) => tuple(e, d)?.dst },
  'proto-src': { type: INET_SERVICE, read: (e, d) => tuple(e, d)?.sport },
  'proto-dst': { type: INET_SERVICE, read: (e, d) => tuple(e, d)?.dport },
};

export const ctModule = {
  name: 'ct',
  keywords: ['ct'],
  follows: { ct: ['original', 'reply', ...Object.keys(KEYS)] },
  parse(c: Cursor): Selector {
    let dir: 'original' | 'reply' | undefined;
    if (c.isWord('original') || c.isWord('reply')) dir = c.next().value as 'original' | 'reply';
    // `ct original ip saddr`: nft 1.0.6 lists an address of a direction with its family, and reads it either way.
    const family = dir !== undefined && c.isWord('ip') && (c.isWord('saddr', 1) || c.isWord('daddr', 1));
    if (family) c.next();
    const t = c.word();
    const k = KEYS[t.value];
    if (!k) c.unexpected(t);
    const key = t.value;
    const sel: Selector = {
      text: `ct ${dir ? dir + ' ' : ''}${dir && (key === 'saddr' || key === 'daddr') ? 'ip ' : ''}${key}`,
      type: k.type,
      read: (e) => k.read(e, dir),
      needsConntrack: true,
    };
    if (key === 'mark') {
      sel.assign = (e, v) => {
        const ct = entry(e);
        if (ct) ct.mark = v >>> 0;
        return { kind: 'next' };
      };
    } else if (key === 'zone') {
      // nft_ct_set_zone_eval: the zone of the entry about to be created, set before conntrack (raw priority).
      sel.assign = (e, v) => (entry(e) ? { kind: 'next' } : { kind: 'zone', zone: v });
    }
    return sel;
  },
};
