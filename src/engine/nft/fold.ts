// A rule's statements as `nft list ruleset` lists them: nft reads the rule back from the kernel and folds the protocol
// dependencies it can infer (nftables src/netlink_delinearize.c rule_parse_postprocess, src/payload.c
// payload_dependency_kill, payload_may_dependency_kill). Only the printed form changes: the statements and the trace
// stay as written. Every fold keeps the packets a rule matches: `tcp dport` already tests the protocol (the field is
// absent on another one), and `th dport` after `meta l4proto tcp` reads the TCP ports.
//
// Facts checked with nft 1.0.6 in a scratch network namespace:
//   ip:   `meta l4proto tcp th dport 80` → `tcp dport 80`; `ip protocol tcp tcp dport 22` → `tcp dport 22`;
//         `meta l4proto { tcp, udp } th dport 53`, `meta l4proto != tcp th dport 5`, `tcp dport 80 meta l4proto tcp`
//         stay; `meta l4proto tcp counter th dport 1` → `meta l4proto tcp counter … tcp dport 1` (a statement that is
//         not an expression forgets the dependency, but not the protocol).
//   inet: `ip protocol tcp th dport 82` → `ip protocol tcp tcp dport 82` (an `ip` field also says IPv4: kept);
//         `meta nfproto ipv4 ip saddr 1.1.1.1` → `ip saddr 1.1.1.1`; `meta nfproto ipv4 reject` →
//         `reject with icmp port-unreachable`.
import type { Family, ListingContext, Stmt } from './model.ts';
import { Base, reduceStmts, withDependencies, type MergedTest } from './merge.ts';

/** A protocol dependency nft may drop: where it is and what it says. */
interface Dependency {
  index: number;
  proto: number;
  /** `ip protocol tcp` (a payload field) rather than `meta l4proto tcp`. */
  payload: boolean;
}

const NFPROTO_IPV4 = 2;
const TCP_RESET = 'reject with tcp reset';
const PORTS = new Set([6, 17]);

/** A statement as listed: its text there (statements nft folds away are not in the list). */
export interface ListedStmt {
  stmt: Stmt;
  text: string;
}

export function listedStmts(stmts: readonly Stmt[], family: Family): ListedStmt[] {
  const evaluated = withDependencies(stmts, family);
  const items = reduceStmts(evaluated, family);
  const order: Stmt[] = [];
  const texts: string[] = [];
  const hidden = new Set<number>();
  // nft keeps one dependency per protocol layer (the pdctx of payload.c).
  let network: number | undefined;
  let transport: Dependency | undefined;
  // The protocol context (proto_ctx) outlives the dependencies: it is what `th` is read as.
  let l4proto: number | undefined;
  const ctx: ListingContext = { family, ipv4: family === 'ip' };
  const list = (s: Stmt, text = s.text) => {
    const i = order.length;
    order.push(s);
    texts.push(text);
    const sels = s.sels;
    if (!sels) {
      if (s.listed) texts[i] = s.listed(ctx);
      // stmt_reject_postprocess: in inet a reject of one protocol (not icmpx) says the network protocol itself; in
      // ip a TCP reset says the transport protocol.
      const text = texts[i]!;
      if (s.kind === 'reject' && family === 'inet' && network !== undefined && text.startsWith('reject with '))
        if (!text.startsWith('reject with icmpx ')) hidden.add(network);
      if (text === TCP_RESET && family === 'ip' && transport !== undefined) hidden.add(transport.index);
      network = transport = undefined;
      return;
    }
    let rename: string | undefined;
    for (const sel of sels) {
      const field = sel.masked?.base ?? sel;
      if (field.header === 'network') {
        if (network !== undefined) hidden.add(network);
        network = undefined;
        ctx.ipv4 = true;
      } else if (field.header === 'transport') {
        const proto = field.proto ?? (l4proto !== undefined && PORTS.has(l4proto) ? l4proto : undefined);
        if (field.proto === undefined && proto !== undefined) rename = proto === 6 ? 'tcp' : 'udp';
        // payload_may_dependency_kill: in inet an `ip protocol` test also says IPv4, so it stays.
        if (transport && proto === transport.proto && (!transport.payload || family !== 'inet')) {
          hidden.add(transport.index);
          transport = undefined;
        }
      }
    }
    if (rename) texts[i] = renameTransportHeader(texts[i]!, rename);
    const eq = s.equals;
    const name = sels.length === 1 ? sels[0]!.text : undefined;
    if (eq !== undefined && (name === 'meta l4proto' || name === 'ip protocol')) {
      transport = { index: i, proto: eq, payload: name === 'ip protocol' };
      l4proto = eq;
    } else if (eq === NFPROTO_IPV4 && name === 'meta nfproto') {
      network = i;
      ctx.ipv4 = true;
    }
  };
  const portsKnown = () => l4proto !== undefined && PORTS.has(l4proto);
  if (!items) for (const s of evaluated) list(s);
  else
    for (const item of items) {
      if ('stmt' in item) list(item.stmt);
      // payload_match_expand: a merged test lists as its fields, unless no protocol names the transport header.
      else if (
        item.merged.base === Base.transport &&
        !item.merged.members.every((m) => m.sels![0]!.proto) &&
        !portsKnown()
      )
        list(rawTest(item.merged));
      else for (const m of item.merged.members) list(m);
    }
  const out: ListedStmt[] = [];
  order.forEach((stmt, i) => {
    if (!hidden.has(i)) out.push({ stmt, text: texts[i]! });
  });
  return out;
}

/** `@th,0,32 0x10050`: a merged test of `th` fields, which nft cannot name (payload_expr_print of a raw payload). */
function rawTest(m: MergedTest): Stmt {
  const first = m.members[0]!;
  const text = `@th,${m.offset},${m.len} ${m.neq ? '!= ' : ''}0x${m.value.toString(16)}`;
  return { kind: 'match', text, pos: first.pos, simulated: false, exec: (e) => first.exec(e) };
}

/** `th dport` read as `tcp dport` once the protocol is known; never inside a quoted string. */
function renameTransportHeader(text: string, proto: string): string {
  return text
    .split('"')
    .map((part, k) => (k % 2 ? part : part.replace(/(^|[\s(.])th (sport|dport)\b/g, `$1${proto} $2`)))
    .join('"');
}
