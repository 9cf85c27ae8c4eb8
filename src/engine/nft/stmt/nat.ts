// NAT statements (nft(8), "NAT STATEMENTS"; kernel nft_nat.c, nft_masq.c, nft_redir.c): the first packet of a
// connection sets up its binding, later packets follow it. dnat and redirect belong to nat chains at prerouting and
// output, snat and masquerade to nat chains at postrouting and input (nft_nat_validate: -EOPNOTSUPP elsewhere). A port
// needs a transport protocol match before it (nft's "transport protocol mapping is only valid after transport protocol
// match"). `dnat to ip daddr map { … }` looks the address (and port) up; no element stops the rule.
import type { NatRange, NatRequest } from '../../ext/types.ts';
import { NftError, posFrom, posOf, type Cursor } from '../cursor.ts';
import { INET_SERVICE, IPV4_ADDR } from '../datatype.ts';
import type { NftEval, Pos, Stmt, StmtOutcome, StmtPlace } from '../model.ts';
import { mapValueNeeded, type RuleCtx } from '../ruleContext.ts';
import { lookup, printSetArg } from '../set.ts';
import type { Token } from '../tokenize.ts';
import { formatIPv4 } from '../../net/ipv4.ts';

const FLAGS = ['random', 'fully-random', 'persistent'];
/** Shared by the NAT statements without flags (kube-proxy's 30,000 dnats): never changed. */
const NO_FLAGS: string[] = Object.freeze([]) as unknown as string[];
const SELECTOR_START = ['ip', 'tcp', 'udp', 'th', 'meta', 'numgen', 'ct', 'mark', 'iifname', 'oifname', 'fib'];

const NOTSUPP = 'Could not process rule: Operation not supported';
const refuseDst = (p: StmtPlace) =>
  p.type === 'nat' && (p.hook === 'prerouting' || p.hook === 'output') ? undefined : NOTSUPP;
const refuseSrc = (p: StmtPlace) =>
  p.type === 'nat' && (p.hook === 'postrouting' || p.hook === 'input') ? undefined : NOTSUPP;

function refuseFor(kind: string) {
  return kind === 'dnat' || kind === 'redirect' ? refuseDst : refuseSrc;
}

function num(at: Pos, text: string, type = IPV4_ADDR): number {
  const v = type.parse(text);
  if (v === undefined || typeof v === 'object')
    throw new NftError(v && typeof v === 'object' ? v.error : 'syntax error', at);
  return Number(v);
}

/** `10.0.2.2`, `10.0.2.2-10.0.2.5`, `10.0.2.2:80`, `10.0.2.2:80-90`, `:8080`. */
function parseTarget(c: Cursor, tok: Token, allowAddr: boolean): { range: NatRange; portText?: string } {
  const text = tok.value;
  const colon = text.lastIndexOf(':');
  const addrText = colon >= 0 ? text.slice(0, colon) : text;
  const portText = colon >= 0 ? text.slice(colon + 1) : undefined;
  const range: NatRange = {};
  if (addrText) {
    if (!allowAddr) c.unexpected(tok);
    const at = posOf(tok);
    const dash = addrText.indexOf('-');
    range.minAddr = num(at, dash < 0 ? addrText : addrText.slice(0, dash));
    range.maxAddr = dash < 0 ? range.minAddr : num(at, addrText.slice(dash + 1).split('-')[0]!);
  }
  if (portText !== undefined) {
    const at = posFrom(tok, colon + 1);
    if (!c.transport) throw new NftError('transport protocol mapping is only valid after transport protocol match', at);
    const dash = portText.indexOf('-');
    range.minPort = num(at, dash < 0 ? portText : portText.slice(0, dash), INET_SERVICE);
    range.maxPort = dash < 0 ? range.minPort : num(at, portText.slice(dash + 1).split('-')[0]!, INET_SERVICE);
  }
  return { range, portText };
}

function printRange(r: NatRange): string {
  let s = '';
  if (r.minAddr !== undefined)
    s += formatIPv4(r.minAddr) + (r.maxAddr !== r.minAddr ? `-${formatIPv4(r.maxAddr!)}` : '');
  if (r.minPort !== undefined) s += `:${r.minPort}${r.maxPort !== r.minPort ? `-${r.maxPort}` : ''}`;
  return s;
}

function request(kind: string, range: NatRange, flags: string[]): NatRequest {
  const random = flags.includes('random');
  const randomFully = flags.includes('fully-random');
  const persistent = flags.includes('persistent');
  switch (kind) {
    case 'dnat':
      return { kind: 'dnat', range, random, persistent };
    case 'snat':
      return { kind: 'snat', range, random, randomFully, persistent };
    case 'masquerade':
      return { kind: 'masquerade', range, random, randomFully };
    default:
      return { kind: 'redirect', range, random };
  }
}

type Mapped = { sels: ReturnType<RuleCtx['selectors']>; ref: ReturnType<RuleCtx['setArg']> };

/** One per endpoint in kube-proxy (50,000): a class instance, its text made when first listed or explained. */
class NatStmt implements Stmt {
  constructor(
    readonly pos: Pos,
    readonly kind: string,
    /** ` ip` in `dnat ip to …`. */
    private readonly family: string,
    private readonly range: NatRange,
    private readonly mapped: Mapped | undefined,
    private readonly flags: string[],
  ) {}

  // On the prototype, not in each of 30,000 instances.
  get needsConntrack(): true {
    return true;
  }

  /** Only a mapped NAT (`dnat to ip daddr map { … }`) can hold an anonymous map (handles.ts). */
  get holdsAnonymousSet(): boolean | undefined {
    return this.mapped === undefined ? false : undefined;
  }

  refuse(p: StmtPlace): string | undefined {
    return refuseFor(this.kind)(p);
  }

  get text(): string {
    const { mapped, range, flags } = this;
    const arg = mapped
      ? ` to ${mapped.sels.map((s) => s.text).join(' . ')} map ${printSetArg(mapped.ref)}`
      : printRange(range)
        ? ` to ${printRange(range)}`
        : '';
    // nft lists the family of a map whose value is an address and a port (`dnat ip to ip daddr map @m`); an
    // anonymous map's value type is what its elements hold (`{ 8080 : 10.0.2.2 }` is listed as `dnat to …`).
    const set = mapped?.ref.set;
    const pairs = set?.anonymous
      ? set.elements.some((el) => el.data?.kind === 'value' && el.data.parts.length > 1)
      : Array.isArray(set?.dataType) && set.dataType.length > 1;
    const family = this.family || (pairs ? ' ip' : '');
    return `${this.kind}${family}${arg}${flags.length ? ' ' + flags.join(',') : ''}`;
  }

  exec(e: NftEval): StmtOutcome {
    const { mapped, kind } = this;
    let r = this.range;
    if (mapped) {
      const values = mapped.sels.map((s) => s.read(e));
      if (values.some((v) => v === undefined) || !mapped.ref.set) return { kind: 'break' };
      const el = lookup(mapped.ref.set, values as (number | string)[], e);
      if (!el || el.data?.kind !== 'value') return { kind: 'break' };
      const [addr, port] = el.data.parts as { lo: number; hi: number }[];
      r = { minAddr: addr!.lo, maxAddr: addr!.hi };
      if (port) r = { ...r, minPort: port.lo, maxPort: port.hi };
    }
    return {
      kind: 'nat',
      req: request(kind, r, this.flags),
      explain: { id: `nft.${kind}`, params: { to: printRange(r) || '—' }, matched: true },
    };
  }
}

export const natModule = {
  name: 'nat',
  keywords: ['dnat', 'snat', 'masquerade', 'redirect'],
  parse(c: Cursor, first: Token, ctx: RuleCtx): Stmt {
    const kind = first.value;
    // Before a map, which may be long: the cursor reuses token objects.
    const pos = posOf(first);
    let family = '';
    if ((kind === 'dnat' || kind === 'snat') && (c.isWord('ip') || c.isWord('ip6')) && c.isWord('to', 1))
      family = ` ${c.next().value}`;
    let range: NatRange = {};
    let mapped: Mapped | undefined;
    if (c.eatWord('to')) {
      if (c.isWord() && SELECTOR_START.includes(c.peek().value) && kind !== 'redirect') {
        const start = c.peek().start;
        const sels = ctx.selectors(c);
        const mapTok = c.word();
        if (mapTok.value !== 'map') c.unexpected(mapTok, 'map');
        if (sels.some((s) => s.transport)) c.transport = true;
        const data = c.transport ? [IPV4_ADDR, INET_SERVICE] : [IPV4_ADDR];
        const ref = ctx.setArg(
          c,
          sels.map((s) => s.type),
          'map',
          data,
        );
        mapped = { sels, ref: mapValueNeeded(c, ref, start, data, { transport: c.transport }) };
      } else {
        range = parseTarget(c, c.word(), kind === 'dnat' || kind === 'snat').range;
      }
    } else if (kind === 'dnat' || kind === 'snat') c.unexpected(c.peek(), 'to');
    let flags = NO_FLAGS;
    while (c.isWord() && FLAGS.includes(c.peek().value)) {
      if (flags === NO_FLAGS) flags = [];
      flags.push(c.next().value);
      c.eatPunct(',');
    }
    return new NatStmt(pos, kind, family, range, mapped, flags);
  },
};
