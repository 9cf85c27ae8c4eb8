// A rule's statements as `nft list ruleset` lists them: nft reads the rule back from the kernel and folds the protocol
// dependencies it can infer (nftables src/netlink_delinearize.c rule_parse_postprocess, src/payload.c
// payload_dependency_kill, payload_may_dependency_kill). Only the printed form changes: the statements and the trace
// stay as written. A fold keeps the packets a rule matches: `tcp dport` already tests the protocol (the field is absent
// on another one), and `th dport` after `meta l4proto icmp` reads the bytes `icmp checksum` names — but for nft's split
// of a `!=` over several fields, listed as nft lists it.
//
// Facts checked with nft 1.0.6 in a scratch network namespace:
//   ip:   `meta l4proto tcp th dport 80` → `tcp dport 80`; `ip protocol tcp tcp dport 22` → `tcp dport 22`;
//         `meta l4proto { tcp, udp } th dport 53`, `meta l4proto != tcp th dport 5`, `tcp dport 80 meta l4proto tcp`
//         stay; `meta l4proto tcp counter th dport 1` → `meta l4proto tcp counter … tcp dport 1` (a statement that is
//         not an expression forgets the dependency, but not the protocol).
//   inet: `ip protocol tcp th dport 82` → `ip protocol tcp tcp dport 82` (an `ip` field also says IPv4: kept);
//         `meta nfproto ipv4 ip saddr 1.1.1.1` → `ip saddr 1.1.1.1`; `meta nfproto ipv4 reject` →
//         `reject with icmp port-unreachable`.
//   th after any protocol (both families): a `th` field is named by what lies at its bits in that protocol's header
//         (expr/transportHeaders.ts), and drops the dependency whatever the protocol: `meta l4proto icmp th dport
//         { 1, 2 }` → `icmp checksum { 1, 2 }`, `meta l4proto sctp th dport 5` → `sctp dport 5`, `meta l4proto esp
//         th dport 5` → `th dport 5` (no ESP field starts there), `meta l4proto gre th dport 5` → `th dport 5` (no
//         header known). A comparison with one value is split into the fields it covers (payload_match_expand):
//         `meta l4proto icmp th sport 7` → `icmp type echo-reply icmp code 7`, `th sport != 7` → `icmp type !=
//         echo-reply icmp code != 7` (nft's listing, though it no longer means the same), `meta l4proto esp th sport 5`
//         → `esp spi 327680/16`, `meta l4proto ah th sport 5` → `ah hdrlength 5` (`ah nexthdr ip` is a protocol
//         key: the next field drops it), `meta l4proto igmp th sport 4352 th dport 2` → `igmp type membership-query
//         igmp mrt 0 th dport 2`, and merged bits no header names stay raw: `meta l4proto gre @th,0,32 0x10002`.
//   raw payloads: the kernel keeps no names, so `@th,16,16` is `th dport` (payload_init_raw, expr/raw.ts) and other
//         raw bits are named as a `th` field would be, by the protocol in context: `meta l4proto tcp @th,104,8 2` →
//         `tcp flags == syn`, `@nh,72,8 6` → `ip protocol tcp` (ip; inet once IPv4 is known), bits off byte
//         boundaries under a mask (`@nh,100,8 1` → `@nh,96,16 & 0xff0 == 0x10`), a set keeps raw elements
//         (`ip protocol { 0x6, 0x11 }`), a map decimal keys; `@ll` is never named in ip or inet (rawNamed.test.ts,
//         scripts/nft-rulesets/raw-payload-named.nft).
import type { Family, ListingContext, Selector, Stmt } from './model.ts';
import { INET_SERVICE } from './datatype.ts';
import { IPV4_HEADER } from './expr/ipv4Header.ts';
import { payloadSelector } from './expr/payload.ts';
import {
  completeField,
  expandFields,
  TH_FIELDS,
  transportHeader,
  type ExpandedPart,
  type ProtocolHeader,
  type TransportHeader,
} from './expr/transportHeaders.ts';
import { Base, reduceStmts, withDependencies } from './merge.ts';
import { maskedTestText, singleValueTest } from './stmt/relation.ts';

/** The protocol dependency nft may drop at the transport layer (pdeps[PROTO_BASE_TRANSPORT_HDR]). */
interface Dependency {
  index: number;
  /** `ip protocol tcp` (a payload field) rather than `meta l4proto tcp`. */
  payload: boolean;
}

/** A protocol key of the transport header kept as a dependency (pdeps[PROTO_BASE_INNER_HDR]: `ah nexthdr tcp`). */
interface InnerDependency {
  index: number;
  header: TransportHeader;
}

const NFPROTO_IPV4 = 2;
const TCP_RESET = 'reject with tcp reset';
/** ICMP echo types: nft does not keep an `icmp type` test of them as a dependency (payload_dependency_store_icmp_type;
 * `icmp type echo-reply` counts as echo-request). */
const ICMP_ECHO = new Set([0, 8]);
const ICMPV6_ECHO = new Set([128, 129]);

type RawBase = NonNullable<Selector['raw']>['base'];

/** A statement as listed: its text there (statements nft folds away are not in the list). */
export interface ListedStmt {
  stmt: Stmt;
  text: string;
  /**
   * What the JSON writer reads, when not the text: a set or map keyed by a raw payload the listing names keeps its
   * elements' raw type (`ip protocol { 0x6, 0x11 }` is `{"set": [6, 17]}` in nft 1.0.6's JSON, not "tcp"): the text
   * before the renaming, with the names of its raw payloads.
   */
  json?: { text: string; names: ReadonlyMap<string, Selector> };
}

/** The `th` field a selector text names (`th dport`), if any. */
const thFieldNamed = (text: string) => TH_FIELDS.find((x) => `th ${x.name}` === text);

/** A `th` field (not a named header's, not raw bits). */
const isTh = (sel: { text: string; header?: string; proto?: number }) =>
  sel.header === 'transport' && sel.proto === undefined && sel.text.startsWith('th ');

export function listedStmts(stmts: readonly Stmt[], family: Family): ListedStmt[] {
  const evaluated = withDependencies(stmts, family);
  const items = reduceStmts(evaluated, family);
  const order: Stmt[] = [];
  const texts: string[] = [];
  const jsons = new Map<number, NonNullable<ListedStmt['json']>>();
  const hidden = new Set<number>();
  // nft keeps one dependency per protocol layer (the pdctx of payload.c).
  let network: number | undefined;
  let transport: Dependency | undefined;
  let inner: InnerDependency | undefined;
  // The protocol context (proto_ctx) outlives the dependencies: it is what `th` is read as.
  let l4proto: number | undefined;
  const ctx: ListingContext = { family, ipv4: family === 'ip' };
  const push = (s: Stmt, text: string): number => {
    order.push(s);
    texts.push(text);
    return order.length - 1;
  };
  /** payload_dependency_kill for a transport field nft names (a header's field or `th`; not raw bits). */
  const killTransport = (protocolKey: boolean) => {
    if (transport) {
      // payload_may_dependency_kill: in inet an `ip protocol` test also says IPv4, so it stays.
      if (transport.payload && family === 'inet') return;
      hidden.add(transport.index);
      transport = undefined;
    } else if (inner) {
      // An ICMP type stays: no field below 32 bits depends on one (payload_may_dependency_kill_icmp); in inet a
      // protocol key stays beside another one of its header.
      const icmp = inner.header.name === 'icmp' || inner.header.name === 'icmpv6';
      if (icmp || (family === 'inet' && protocolKey)) return;
      hidden.add(inner.index);
      inner = undefined;
    }
  };
  const header = () => (l4proto === undefined ? undefined : transportHeader(l4proto));
  /** The header nft names bits of this base by (proto_ctx): the transport protocol in context, IPv4 once known. */
  const headerOf = (base: RawBase): ProtocolHeader | undefined =>
    base === 'th' ? header() : base === 'nh' && ctx.ipv4 ? IPV4_HEADER : undefined;
  /** payload_dependency_kill and the protocol context for an IPv4 field nft names (`ip protocol tcp`). */
  const networkField = (i: number, name: string, eq: number | undefined) => {
    if (network !== undefined) hidden.add(network);
    network = undefined;
    ctx.ipv4 = true;
    if (name === 'protocol' && eq !== undefined) {
      transport = { index: i, payload: true };
      l4proto = eq;
    }
  };
  /**
   * payload_match_expand: a comparison of bits with one value, listed as the fields of the protocol in context it
   * covers, each with its part of the value; transport bits no field names are `th sport`/`th dport` or raw, and so
   * are other bits. Fields the lab does not read (`icmp id`, which nft tests after an ICMP type it adds) leave the
   * comparison raw: the listing must read back. Bits not on byte boundaries are loaded as whole bytes under a mask
   * (`@nh,100,8 1` is `@nh,96,16 & 0xff0 == 0x10`) unless whole fields cover them (`@nh,0,4 4` is `ip version 4`).
   */
  const expand = (first: Stmt, offset: number, len: number, value: bigint, neq: boolean, base: RawBase = 'th') => {
    const h = headerOf(base);
    const add = (text: string) => {
      const s = listing(first, text);
      return push(s, s.text);
    };
    const whole: ExpandedPart[] = [{ kind: 'raw', offset, len }];
    let parts = h ? expandFields(h, offset, len) : whole;
    if (parts.some((p) => p.kind === 'field' && !payloadSelector(h!.name, p.field.name))) parts = whole;
    if ((offset % 8 || len % 8) && !parts.every((p) => p.kind === 'field' && p.len === p.field.len)) {
      // The whole bytes the kernel loads under a mask, named as a raw payload of them would be.
      const start = offset - (offset % 8);
      const end = Math.ceil((offset + len) / 8) * 8;
      const shift = BigInt(end - offset - len);
      const mask = ((1n << BigInt(len)) - 1n) << shift;
      const loaded = rawNamed({ base, offset: start, len: end - start });
      if (!loaded) {
        const op = neq ? '!=' : '==';
        add(`@${base},${start},${end - start} & 0x${mask.toString(16)} ${op} 0x${(value << shift).toString(16)}`);
        return;
      }
      const i = add(maskedTestText(first.pos, loaded.sel, Number(mask), Number(value << shift), neq));
      if (loaded.header === IPV4_HEADER) networkField(i, '', undefined);
      else killTransport(false);
      return;
    }
    for (const part of parts) {
      const bits = (value >> BigInt(offset + len - part.offset - part.len)) & ((1n << BigInt(part.len)) - 1n);
      if (part.kind === 'field') {
        const { field } = part;
        // A field longer than the bits left is compared by its leading bits: a prefix (`esp spi 327680/16`, `ip
        // saddr 10.0.0.0/16`); an exact test of a bitmask type says `==` (expression.c must_print_eq_op).
        const shown =
          part.len < field.len
            ? `${field.type.print(Number(bits << BigInt(field.len - part.len)))}/${part.len}`
            : field.type.print(Number(bits));
        const op = neq ? '!= ' : field.type.bitmask === true && part.len === field.len ? '== ' : '';
        const i = add(`${h!.name} ${field.name} ${op}${shown}`);
        const key = part.len === field.len;
        if (base === 'nh') {
          networkField(i, field.name, key && !neq ? Number(bits) : undefined);
          continue;
        }
        const protocolKey = h!.protocolKey === field.name && key;
        killTransport(protocolKey);
        if (protocolKey && !neq) keyEquals(h as TransportHeader, i, Number(bits));
        continue;
      }
      // payload_init_raw: 16 bits at 0 or 16 of the transport header are the `th` ports; other bits stay raw, and
      // drop no dependency.
      const op = neq ? '!= ' : '';
      const th = base === 'th' ? TH_FIELDS.find((x) => x.offset === part.offset && x.len === part.len) : undefined;
      if (!th) add(`@${base},${part.offset},${part.len} ${op}0x${bits.toString(16)}`);
      else {
        // The whole comparison a `th` field no header names: listed as written.
        if (!h && part.len === len) push(first, first.text);
        else add(`th ${th.name} ${op}${INET_SERVICE.print(Number(bits))}`);
        killTransport(false);
      }
    }
  };
  /**
   * The field a raw payload of these bits is named by in this context, as the lab reads it, if any: the protocol's
   * field exactly there (payload_expr_complete), else the `th` port there (payload_init_raw).
   */
  const rawNamed = (raw: Selector['raw']): { header: ProtocolHeader | undefined; sel: Selector } | undefined => {
    if (!raw || raw.offset % 8 || raw.len % 8) return undefined;
    const h = headerOf(raw.base);
    const field = h && completeField(h, raw.offset, raw.len);
    const named = field && payloadSelector(h.name, field.name);
    if (named) return { header: h, sel: named };
    const th = raw.base === 'th' && TH_FIELDS.find((x) => x.offset === raw.offset && x.len === raw.len);
    return th ? { header: undefined, sel: payloadSelector('th', th.name)! } : undefined;
  };
  /**
   * An equality on a header's protocol key is kept as a dependency (payload_dependency_store). One naming a protocol
   * of the header's own list (`ah nexthdr tcp`: proto_find_upper) is not modelled: nft 1.0.6 aborts listing it
   * (payload_expr_pctx_update: Assertion `base->length > 0' failed, for `meta l4proto ah th sport 1536`).
   */
  const keyEquals = (h: TransportHeader, index: number, v: number) => {
    const echo = h.name === 'icmp' ? ICMP_ECHO.has(v) : h.name === 'icmpv6' && ICMPV6_ECHO.has(v);
    if (!echo) inner = { index, header: h };
  };
  const list = (s: Stmt) => {
    const sels = s.sels;
    if (!sels) {
      const i = push(s, s.listed ? s.listed(ctx) : s.text);
      // A raw key of a map the statement reads is named too (`meta mark set ip protocol map { 6 : 0x00000001 }`).
      const reads = new Map<Selector, Selector>();
      for (const sel of s.reads ?? []) {
        const named = rawNamed(sel.raw);
        if (named) reads.set(sel, named.sel);
      }
      if (reads.size) {
        jsons.set(i, { text: texts[i]!, names: namesOf(reads) });
        texts[i] = renameRaw(texts[i]!, reads);
      }
      // stmt_reject_postprocess: in inet a reject of one protocol (not icmpx) says the network protocol itself; in
      // ip a TCP reset says the transport protocol.
      const text = texts[i]!;
      if (s.kind === 'reject' && family === 'inet' && network !== undefined && text.startsWith('reject with '))
        if (!text.startsWith('reject with icmpx ')) hidden.add(network);
      if (text === TCP_RESET && family === 'ip' && transport !== undefined) hidden.add(transport.index);
      network = transport = inner = undefined;
      return;
    }
    if (sels.length === 1 && isTh(sels[0]!)) {
      const test = singleValueTest(s);
      if (test && test.sel === sels[0]) {
        const field = thFieldNamed(test.sel.text)!;
        expand(s, field.offset, field.len, BigInt(test.value), test.neq);
        return;
      }
    }
    const raw = sels.length === 1 ? sels[0]!.raw : undefined;
    if (raw && !sels[0]!.masked) {
      const test = singleValueTest(s);
      if (test && test.sel === sels[0]) {
        expand(s, raw.offset, raw.len, BigInt(test.value), test.neq, raw.base);
        return;
      }
    }
    const i = push(s, s.text);
    let renames: Map<string, string> | undefined;
    let rawRenames: Map<Selector, Selector> | undefined;
    for (const sel of sels) {
      const field = sel.masked?.base ?? sel;
      const named = rawNamed(field.raw);
      if (named) {
        (rawRenames ??= new Map()).set(field, named.sel);
        if (named.header === IPV4_HEADER) networkField(i, '', undefined);
        else killTransport(false);
      } else if (field.header === 'network') {
        if (network !== undefined) hidden.add(network);
        network = undefined;
        ctx.ipv4 = true;
      } else if (field.header === 'transport') {
        // payload_expr_complete: a `th` field is named by the field of the protocol in context at its bits.
        const h = isTh(field) ? header() : undefined;
        const th = h && thFieldNamed(field.text);
        const named = h && th && completeField(h, th.offset, th.len);
        if (named) (renames ??= new Map()).set(field.text, `${h.name} ${named.name}`);
        killTransport(false);
      }
    }
    if (rawRenames && s.listedAs) texts[i] = s.listedAs(rawRenames);
    else if (rawRenames) {
      jsons.set(i, { text: texts[i]!, names: namesOf(rawRenames) });
      texts[i] = renameRaw(texts[i]!, rawRenames);
    }
    if (renames) {
      texts[i] = renameTransportFields(texts[i]!, renames);
      const json = jsons.get(i);
      if (json) json.text = renameTransportFields(json.text, renames);
    }
    const eq = s.equals;
    const name = sels.length === 1 ? (rawRenames?.get(sels[0]!) ?? sels[0]!).text : undefined;
    if (eq !== undefined && (name === 'meta l4proto' || name === 'ip protocol')) {
      transport = { index: i, payload: name === 'ip protocol' };
      l4proto = eq;
    } else if (eq === NFPROTO_IPV4 && name === 'meta nfproto') {
      network = i;
      ctx.ipv4 = true;
    }
  };
  if (!items) for (const s of evaluated) list(s);
  else
    for (const item of items) {
      if ('stmt' in item) list(item.stmt);
      else if (item.merged.base === Base.transport) {
        const m = item.merged;
        expand(m.members[0]!, m.offset, m.len, m.value, m.neq);
      } else if (item.merged.members.some((m) => m.sels?.[0]?.raw)) {
        // Raw bits merged with others (`@nh,64,8 64 @nh,72,8 6`): split as nft lists them.
        const m = item.merged;
        expand(m.members[0]!, m.offset, m.len, m.value, m.neq, m.base === Base.network ? 'nh' : 'll');
      } else for (const m of item.merged.members) list(m);
    }
  const out: ListedStmt[] = [];
  order.forEach((stmt, i) => {
    if (hidden.has(i)) return;
    const json = jsons.get(i);
    out.push(json ? { stmt, text: texts[i]!, json } : { stmt, text: texts[i]! });
  });
  return out;
}

/** A comparison as the listing splits it (`icmp type echo-reply`, `@th,0,32 0x10050`: payload_expr_print of bits no
 * field names): the trace still runs the statement as written. */
function listing(first: Stmt, text: string): Stmt {
  return { kind: 'match', text, pos: first.pos, simulated: first.simulated, exec: (e) => first.exec(e) };
}

/** The fields raw payloads are named by, keyed by the raw text (json/writeValue.ts RawNames). */
const namesOf = (renames: ReadonlyMap<Selector, Selector>) =>
  new Map([...renames].map(([raw, named]) => [raw.text, named]));

/** Raw payloads named by their fields (`@nh,72,8` read as `ip protocol`), outside quoted strings. */
function renameRaw(text: string, renames: ReadonlyMap<Selector, Selector>): string {
  return text
    .split('"')
    .map((part, k) => {
      if (k % 2) return part;
      for (const [raw, named] of renames) part = part.split(raw.text).join(named.text);
      return part;
    })
    .join('"');
}

/** `th dport` read as `icmp checksum` (each `th` field by its name in the protocol); never inside a quoted string. */
function renameTransportFields(text: string, renames: ReadonlyMap<string, string>): string {
  return text
    .split('"')
    .map((part, k) =>
      k % 2
        ? part
        : part.replace(
            /(^|[\s(.])(th (?:sport|dport))\b/g,
            (all, pre: string, f: string) => pre + (renames.get(f) ?? f),
          ),
    )
    .join('"');
}
