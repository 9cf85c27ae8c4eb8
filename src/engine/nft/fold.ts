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
import type { Family, ListingContext, Stmt } from './model.ts';
import { INET_SERVICE } from './datatype.ts';
import {
  completeField,
  expandFields,
  TH_FIELDS,
  transportHeader,
  type TransportHeader,
} from './expr/transportHeaders.ts';
import { Base, reduceStmts, withDependencies } from './merge.ts';
import { singleValueTest } from './stmt/relation.ts';

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

/** A statement as listed: its text there (statements nft folds away are not in the list). */
export interface ListedStmt {
  stmt: Stmt;
  text: string;
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
  /**
   * payload_match_expand: a comparison of transport bits with one value, listed as the fields of the protocol in
   * context it covers, each with its part of the value; bits no field names are `th sport`/`th dport` or raw.
   */
  const expand = (first: Stmt, offset: number, len: number, value: bigint, neq: boolean) => {
    const h = header();
    const op = neq ? '!= ' : '';
    const add = (text: string) => {
      const s = listing(first, text);
      return push(s, s.text);
    };
    for (const part of h ? expandFields(h, offset, len) : [{ kind: 'raw' as const, offset, len }]) {
      const bits = (value >> BigInt(offset + len - part.offset - part.len)) & ((1n << BigInt(part.len)) - 1n);
      if (part.kind === 'field') {
        const { field } = part;
        // A field longer than the bits left is compared by its leading bits: a prefix (`esp spi 327680/16`).
        const shown =
          part.len < field.len ? `${bits << BigInt(field.len - part.len)}/${part.len}` : field.type.print(Number(bits));
        const i = add(`${h!.name} ${field.name} ${op}${shown}`);
        const key = h!.protocolKey === field.name && part.len === field.len;
        killTransport(key);
        if (key && !neq) keyEquals(h!, i, Number(bits));
        continue;
      }
      // payload_init_raw: 16 bits at 0 or 16 are the `th` ports; other bits stay raw, and drop no dependency.
      const th = TH_FIELDS.find((x) => x.offset === part.offset && x.len === part.len);
      if (!th) add(`@th,${part.offset},${part.len} ${op}0x${bits.toString(16)}`);
      else {
        // The whole comparison a `th` field no header names: listed as written.
        if (!h && part.len === len) push(first, first.text);
        else add(`th ${th.name} ${op}${INET_SERVICE.print(Number(bits))}`);
        killTransport(false);
      }
    }
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
    const i = push(s, s.text);
    let renames: Map<string, string> | undefined;
    for (const sel of sels) {
      const field = sel.masked?.base ?? sel;
      if (field.header === 'network') {
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
    if (renames) texts[i] = renameTransportFields(texts[i]!, renames);
    const eq = s.equals;
    const name = sels.length === 1 ? sels[0]!.text : undefined;
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
      } else for (const m of item.merged.members) list(m);
    }
  const out: ListedStmt[] = [];
  order.forEach((stmt, i) => {
    if (!hidden.has(i)) out.push({ stmt, text: texts[i]! });
  });
  return out;
}

/** A comparison as the listing splits it (`icmp type echo-reply`, `@th,0,32 0x10050`: payload_expr_print of bits no
 * field names): the trace still runs the statement as written. */
function listing(first: Stmt, text: string): Stmt {
  return { kind: 'match', text, pos: first.pos, simulated: first.simulated, exec: (e) => first.exec(e) };
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
