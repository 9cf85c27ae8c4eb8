// What nft makes of a rule before the kernel gets it, as far as its listing shows: the protocol dependencies the
// evaluation inserts (nftables src/payload.c payload_gen_dependency: `meta l4proto tcp` before the first `tcp` field,
// `meta nfproto ipv4` before the first `ip` field in inet; src/evaluate.c stmt_reject_gen_dependency: a reject's at
// the head of the rule), then the merge of payload comparisons (src/rule.c
// stmt_reduce, payload_do_merge; src/payload.c payload_can_merge). The listing (fold.ts) expands a merged comparison
// into its fields in header order (src/netlink_delinearize.c payload_match_expand), which is why nft lists
// `tcp dport 80 tcp sport 1` as `tcp sport 1 tcp dport 80`. Only the printed form changes; the trace runs the rule
// as written.
//
// Facts of stmt_reduce, each checked with nft 1.0.6 in a scratch network namespace:
// - it collects the comparisons of a payload field with one value (==, implicit or !=; not a range, prefix, set or
//   mask), across other expressions (`meta mark`, `ct state`) but not across a statement (`counter`) — except while
//   fewer than two were collected: `tcp dport 2 counter tcp sport 1` → `meta l4proto tcp counter tcp sport 1 tcp
//   dport 2` (the dependency stays: the counter ends it before the first tcp field);
// - sorted by header and offset, two adjacent byte-aligned fields with the same operator merge when they fit in 32
//   bits (tcp/udp/th sport + dport, icmp type + code, icmp code + th dport, ip ttl + protocol; never ip saddr +
//   daddr); the merged comparison takes the place of the lower field's, or of the protocol key's (`ip protocol`) if
//   it is the higher;
// - `meta protocol ip` in an ip table is dropped when a statement follows it.
import { IPV4_HEADER } from './expr/ipv4Header.ts';
import { metaSelector } from './expr/meta.ts';
import { TH_FIELDS, TRANSPORT_HEADERS } from './expr/transportHeaders.ts';
import type { Family, Pos, Selector, Stmt, StmtOutcome } from './model.ts';
import { singleValueTest } from './stmt/relation.ts';

/** nftables include/proto.h enum proto_bases. */
export const enum Base {
  link = 1,
  network = 2,
  transport = 3,
}

/** Where a payload field lies (bits), from the header templates of nftables src/proto.c. */
interface Field {
  base: Base;
  offset: number;
  len: number;
  /** The header's protocol key (`ip protocol`): a merge keeps its place in the rule. */
  protocolKey?: boolean;
}

const FIELDS: ReadonlyMap<string, Field> = new Map([
  ...IPV4_HEADER.fields.map((f): [string, Field] => [
    `ip ${f.name}`,
    { base: Base.network, offset: f.offset, len: f.len, ...(f.name === 'protocol' ? { protocolKey: true } : {}) },
  ]),
  ...TH_FIELDS.map((f): [string, Field] => [`th ${f.name}`, { base: Base.transport, offset: f.offset, len: f.len }]),
  // tcp, udp, icmp and the other transport headers (expr/transportHeaders.ts). Their protocol keys (`icmp type`, `ah
  // nexthdr`) lie at bit 0, always the lower field, so none needs to keep its place.
  ...TRANSPORT_HEADERS.flatMap((h) =>
    h.fields.map((f): [string, Field] => [
      `${h.name} ${f.name}`,
      { base: Base.transport, offset: f.offset, len: f.len },
    ]),
  ),
]);

const RAW_BASES = { ll: Base.link, nh: Base.network, th: Base.transport } as const;

/** A payload field of a selector, or the bits of a raw payload (none for meta, ct, a masked field…). */
function fieldOf(sel: Selector): Field | undefined {
  if (sel.masked) return undefined;
  if (sel.raw) return { base: RAW_BASES[sel.raw.base], offset: sel.raw.offset, len: sel.raw.len };
  return sel.header ? FIELDS.get(sel.text) : undefined;
}

/** Comparisons nft merged into one: listed as their fields in header order, or raw when no protocol names them. */
export interface MergedTest {
  members: Stmt[];
  base: Base;
  offset: number;
  len: number;
  neq: boolean;
  /** The compared bits, the lower field's first. */
  value: bigint;
}

export type ReducedItem = { stmt: Stmt } | { merged: MergedTest };

/** A dependency nft inserts, as the listing shows it when it stays (`meta l4proto tcp counter …`). */
function dependency(key: 'l4proto' | 'nfproto', value: number, pos: Pos): Stmt {
  const id = `${key} ${value}`;
  let dep = DEPENDENCIES.get(id);
  if (!dep) {
    const sel = metaSelector(key);
    const text = `${sel.text} ${sel.type.print(value)}`;
    // Shared by every rule: listing statements are never changed, and a dependency always has a JSON form (its
    // position, the first rule's, is never reported).
    dep = { kind: 'match', text, pos, sels: [sel], equals: value, exec: () => NEXT };
    DEPENDENCIES.set(id, dep);
  }
  return dep;
}
const DEPENDENCIES = new Map<string, Stmt>();
const NEXT: StmtOutcome = { kind: 'next' };

const NFPROTO_IPV4 = 2;
const IPPROTO_TCP = 6;
const IPPROTO_IGMP = 2;

/** The rule as evaluated: the protocol dependencies nft inserts before the statement that needs them. */
export function withDependencies(stmts: readonly Stmt[], family: Family): Stmt[] {
  let ipv4 = family === 'ip';
  let l4: number | undefined;
  const out: Stmt[] = [];
  for (const s of stmts) {
    for (const sel of s.sels ?? []) {
      const f = sel.masked?.base ?? sel;
      if (f.header === 'network' && !ipv4) {
        out.push(dependency('nfproto', NFPROTO_IPV4, s.pos));
        ipv4 = true;
      } else if (f.header === 'transport' && f.proto !== undefined && l4 !== f.proto) {
        // src/payload.c payload_gen_special_dependency: in inet an IGMP field first needs IPv4 (`meta nfproto ipv4`),
        // which its `meta l4proto igmp` does not make redundant (meta_may_dependency_kill: only ICMP and ICMPv6 do),
        // so nft 1.0.6 lists `igmp type membership-query` as `meta nfproto ipv4 igmp type membership-query`.
        if (f.proto === IPPROTO_IGMP && !ipv4) {
          out.push(dependency('nfproto', NFPROTO_IPV4, s.pos));
          ipv4 = true;
        }
        out.push(dependency('l4proto', f.proto, s.pos));
        l4 = f.proto;
      }
    }
    if (s.kind === 'reject') {
      // src/evaluate.c stmt_reject_gen_dependency: the dependency of a reject goes at the head of the rule.
      if (s.text === 'reject with tcp reset' && l4 !== IPPROTO_TCP) {
        out.unshift(dependency('l4proto', IPPROTO_TCP, s.pos));
        l4 = IPPROTO_TCP;
      } else if (family === 'inet' && s.text.startsWith('reject with icmp ') && !ipv4) {
        out.unshift(dependency('nfproto', NFPROTO_IPV4, s.pos));
        ipv4 = true;
      }
    }
    out.push(s);
    const name = s.sels?.length === 1 ? s.sels[0]!.text : undefined;
    if (s.equals !== undefined && (name === 'meta l4proto' || name === 'ip protocol')) l4 = s.equals;
    else if (s.equals === NFPROTO_IPV4 && name === 'meta nfproto') ipv4 = true;
  }
  return out;
}

/** One collected comparison (a node of the rule that a merge rewrites or deletes). */
interface Node {
  item: ReducedItem;
  field: Field;
  neq: boolean;
  value: bigint;
  members: Stmt[];
  deleted: boolean;
}

/** src/payload.c payload_can_merge: adjacent, byte-aligned, and still one fast load (or no fast load anyway). */
function canMerge(a: Field, b: Field): boolean {
  if (a.base !== b.base || a.offset + a.len !== b.offset) return false;
  if (a.offset % 8 || a.len % 8 || b.offset % 8 || b.len % 8) return false;
  const total = a.len + b.len;
  if (total > 128) return false;
  // nft merges link-layer bits past 32 too (`@ll,0,32 1 @ll,32,16 2` is `@ll,0,48 …`), which the lab's raw payloads
  // (32 bits at most) cannot read back: those stay apart here.
  return total <= 32 || a.len > 32 || b.len > 32;
}

/** src/rule.c payload_do_merge over the collected comparisons, in rule order. */
function mergeCollected(nodes: Node[]): void {
  // Array.prototype.sort is stable, as glibc's qsort (a merge sort) is for these small arrays.
  const sorted = [...nodes].sort((a, b) => a.field.base - b.field.base || a.field.offset - b.field.offset);
  let last = sorted[0]!;
  for (let i = 1; i < sorted.length; i++) {
    const cur = sorted[i]!;
    if (!canMerge(last.field, cur.field) || last.neq !== cur.neq) {
      last = cur;
      continue;
    }
    const field: Field = { base: last.field.base, offset: last.field.offset, len: last.field.len + cur.field.len };
    const value = (last.value << BigInt(cur.field.len)) | cur.value;
    const members = [...last.members, ...cur.members];
    // The merged test keeps the protocol key's place: a field is never tested before its protocol.
    const keep = cur.field.protocolKey ? cur : last;
    const drop = keep === cur ? last : cur;
    if (keep === cur) field.protocolKey = true;
    drop.deleted = true;
    keep.field = field;
    keep.value = value;
    keep.members = members;
    keep.item = { merged: { members, ...field, neq: keep.neq, value } };
    last = keep;
  }
}

const ETHERTYPE_IP = 0x0800;

/** Whether stmt_reduce can change this rule: two mergeable fields, or `meta protocol ip` in an ip table. */
function mayReduce(stmts: readonly Stmt[], family: Family): boolean {
  const fields: Field[] = [];
  for (const stmt of stmts) {
    if (!stmt.sels) continue;
    const test = singleValueTest(stmt);
    const field = test && fieldOf(test.sel);
    if (field) {
      if (fields.some((f) => canMerge(f, field) || canMerge(field, f))) return true;
      fields.push(field);
    } else if (family === 'ip' && stmt.sels.length === 1 && stmt.sels[0]!.text === 'meta protocol') return true;
  }
  return false;
}

/**
 * src/rule.c stmt_reduce: the rule's statements after the payload merge, in listing order; undefined when nothing
 * changes (most rules: a 10,000-service ruleset is listed without building anything for them).
 */
export function reduceStmts(stmts: readonly Stmt[], family: Family): ReducedItem[] | undefined {
  if (!mayReduce(stmts, family)) return undefined;
  const items: (Node | { item: ReducedItem; deleted: boolean })[] = [];
  let collected: Node[] = [];
  let redundant: { deleted: boolean } | undefined;
  for (const stmt of stmts) {
    if (redundant) redundant.deleted = true;
    redundant = undefined;
    const entry = { item: { stmt }, deleted: false };
    if (!stmt.sels) {
      items.push(entry);
      // Must not merge across other statements — once two are collected.
      if (collected.length >= 2) {
        mergeCollected(collected);
        collected = [];
      }
      continue;
    }
    const test = singleValueTest(stmt);
    const field = test && fieldOf(test.sel);
    if (test && field) {
      const node: Node = {
        item: entry.item,
        deleted: false,
        field,
        neq: test.neq,
        value: BigInt(test.value),
        members: [stmt],
      };
      collected.push(node);
      items.push(node);
      continue;
    }
    items.push(entry);
    const name = stmt.sels.length === 1 ? stmt.sels[0]!.text : undefined;
    if (family === 'ip' && name === 'meta protocol' && stmt.equals === ETHERTYPE_IP) redundant = entry;
  }
  if (collected.length >= 2) mergeCollected(collected);
  return items.filter((n) => !n.deleted).map((n) => n.item);
}
