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
import type { Family, Stmt } from './model.ts';
import { Base, reduceStmts, withDependencies } from './merge.ts';
import { StmtListing, type ListedStmt } from './listing.ts';

export type { ListedStmt } from './listing.ts';

export function listedStmts(stmts: readonly Stmt[], family: Family): ListedStmt[] {
  const evaluated = withDependencies(stmts, family);
  const items = reduceStmts(evaluated, family);
  const listing = new StmtListing(family);
  if (!items) for (const s of evaluated) listing.list(s);
  else
    for (const item of items) {
      if ('stmt' in item) listing.list(item.stmt);
      else if (item.merged.base === Base.transport) {
        const m = item.merged;
        listing.expand(m.members[0]!, m.offset, m.len, m.value, m.neq);
      } else if (item.merged.members.some((m) => m.sels?.[0]?.raw)) {
        // Raw bits merged with others (`@nh,64,8 64 @nh,72,8 6`): split as nft lists them.
        const m = item.merged;
        listing.expand(m.members[0]!, m.offset, m.len, m.value, m.neq, m.base === Base.network ? 'nh' : 'll');
      } else for (const m of item.merged.members) listing.list(m);
    }
  return listing.result();
}
