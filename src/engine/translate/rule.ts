// One iptables rule as the nftables rule iptables-nft stores for it, in iptables-translate's form. The order is
// iptables' own (nft-ipv4.c nft_ipv4_xlate): interfaces, fragment, protocol, addresses, each match's xlate, then
// `counter` (iptables counts every rule), the verdict, and last the comment. A rule with a match or target whose
// xlate is missing or refuses its options is printed as iptables-translate prints it: `nft # ` and its own command
// line, word by word with a space after each (xtables-translate.c xlate_cmd). The lab's form is the one of
// `iptables-translate -t <table> <rule>`, the iptables 1.8.9 that the conformance cases were recorded with.
import type { AddrMask, Negatable, Rule } from '../model/types.ts';
import { findMatch } from '../match/index.ts';
import { findTarget } from '../target/index.ts';
import { formatIPv4, maskToPrefix } from '../net/ipv4.ts';
import { protocolName } from '../parse/protocols.ts';
import { saveRule } from '../parse/index.ts';
import { tokenizeLine } from '../parse/tokenize.ts';
import type { LostMeaning, TranslateContext } from './types.ts';
import { quoted, words } from './words.ts';

export interface RuleTranslation {
  /** The rule as iptables-save prints it (`-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT`). */
  iptables: string;
  /**
   * iptables-translate's line: `nft 'add rule ip filter INPUT tcp dport 22 counter accept'`, or, when it cannot
   * translate the rule, `nft # -t filter -A INPUT -m recent --set ` (its arguments, unquoted, each followed by a space).
   */
  nft: string;
  translated: boolean;
  /** The extensions that have no translation (or refuse these options), in the rule's order. */
  untranslated: string[];
  /** What the translated line drops or changes, once each (empty when it means what the rule means). */
  lost: LostMeaning[];
}

/**
 * An interface name (nft-shared.c xlate_ifname in iptables 1.8.9): a trailing `+` (iptables' wildcard) becomes
 * nft's `*`; nothing is escaped (iptables-translate 1.8.9 prints `-i 'a*b'` as `iifname "a*b"`).
 */
function ifaceName(name: string): string {
  return name.endsWith('+') ? `${name.slice(0, -1)}*` : name;
}

/**
 * `nft # -t nat -A PREROUTING -m recent --set `: iptables-translate's answer for a rule it cannot translate. Its
 * option parser has blanked each `!` in place by then, so a `!` reads as an empty word (`! -s 1.2.3.4` → ` -s
 * 1.2.3.4`).
 */
function untranslatable(table: string, iptables: string): string {
  const argv = tokenizeLine(iptables, false).tokens.map((t) => `${t.text === '!' && !t.quoted ? '' : t.text} `);
  return `nft # -t ${table} ${argv.join('')}`;
}

function iface(key: 'iifname' | 'oifname', n: Negatable<string> | undefined): string {
  if (!n) return '';
  // `-i +` matches every interface and is left out; `! -i +` matches none, written as an impossible name.
  if (n.value === '+') return n.negated ? `${key} "INVAL/D"` : '';
  return `${key} ${n.negated ? '!= ' : ''}${quoted(ifaceName(n.value))}`;
}

/** `ip saddr 10.0.0.0/8`; a host without /32; a non-contiguous mask as `& mask == addr`; 0.0.0.0/0 left out. */
function address(key: 'ip saddr' | 'ip daddr', n: Negatable<AddrMask> | undefined): string {
  if (!n) return '';
  const { mask } = n.value;
  const addr = (n.value.addr & mask) >>> 0;
  const prefix = maskToPrefix(mask);
  if (prefix === undefined) return `${key} & ${formatIPv4(mask)} ${n.negated ? '!=' : '=='} ${formatIPv4(addr)}`;
  if (prefix === 0 && !n.negated) return '';
  const value = prefix === 32 ? formatIPv4(addr) : `${formatIPv4(addr)}/${prefix}`;
  return `${key} ${n.negated ? '!= ' : ''}${value}`;
}

/** `-f`: a second or later fragment has a non-zero fragment offset (the low 13 bits of frag-off). */
function fragment(n: Negatable<true> | undefined): string {
  if (!n) return '';
  return n.negated ? 'ip frag-off & 0x1fff 0' : 'ip frag-off & 0x1fff != 0';
}

/** `-p` is written only when no match of that protocol's name follows (xlate_find_protocol_match). */
function protocol(rule: Rule): string {
  const p = rule.proto;
  if (!p) return '';
  const name = protocolName(p.value);
  if (!p.negated && rule.matches.some((m) => m.name === name)) return '';
  return `ip protocol ${p.negated ? '!= ' : ''}${name}`;
}

type Piece = { ok: true; text: string } | { ok: false; name: string };

function verdict(rule: Rule, ctx: TranslateContext): Piece {
  const t = rule.target;
  if (!t) return { ok: true, text: '' };
  if (t.kind === 'chain') return { ok: true, text: `${t.goto ? 'goto' : 'jump'} ${t.name}` };
  if (t.kind === 'standard') {
    const standard: Record<string, string> = { ACCEPT: 'accept', DROP: 'drop', RETURN: 'return' };
    const text = standard[t.name];
    return text === undefined ? { ok: false, name: t.name } : { ok: true, text };
  }
  const module = t.known ? findTarget(t.name) : undefined;
  const text = module?.translate?.(t.data, ctx) ?? null;
  return text === null ? { ok: false, name: t.name } : { ok: true, text };
}

export function translateRule(rule: Rule): RuleTranslation {
  const ctx: TranslateContext = {
    table: rule.table,
    chain: rule.chain,
    proto: rule.proto && !rule.proto.negated ? rule.proto.value : undefined,
    sets: [],
    lost: [],
  };
  const untranslated: string[] = [];
  const body: string[] = [
    iface('iifname', rule.inIface),
    iface('oifname', rule.outIface),
    fragment(rule.fragment),
    protocol(rule),
    address('ip saddr', rule.src),
    address('ip daddr', rule.dst),
  ];
  let comment = '';
  for (const m of rule.matches) {
    const module = m.known ? findMatch(m.name) : undefined;
    const text = module?.translate?.(m.data, ctx) ?? null;
    if (text === null) untranslated.push(m.name);
    // `-p tcp` is left to the tcp match (protocol() above); a tcp match that writes nothing loses the protocol test.
    else if (text === '' && ctx.proto !== undefined && m.name === protocolName(ctx.proto)) ctx.lost.push('protocol');
    // The comment match is kept aside and printed after the verdict, as a rule's comment (xt_xlate_add_comment).
    else if (m.name === 'comment') comment = `comment ${text}`;
    else body.push(text);
  }
  const action = verdict(rule, ctx);
  if (!action.ok) untranslated.push(action.name);
  const iptables = saveRule(rule);
  if (untranslated.length > 0)
    return { iptables, nft: untranslatable(rule.table, iptables), translated: false, untranslated, lost: [] };
  const spec = words(...body, 'counter', action.ok && action.text, comment);
  // The sets some matches need come first, all on one `add set` line, as 1.8.9 prints them.
  const sets = ctx.sets.length > 0 ? `nft 'add set ip ${rule.table} ${ctx.sets.join(' ')}'\n` : '';
  const nft = `${sets}nft 'add rule ip ${rule.table} ${rule.chain} ${spec}'`;
  return { iptables, nft, translated: true, untranslated, lost: [...new Set(ctx.lost)] };
}
