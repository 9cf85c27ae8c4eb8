// A base chain's declaration: `type filter hook input [device "eth0"] priority filter + 10; policy drop;`.
// Named priorities and where nft allows them (nftables src/rule.c std_prio_table, for ip/ip6/inet: raw -300,
// mangle -150, dstnat -100 at prerouting only, filter 0, security 50, srcnat 100 at postrouting only; netdev: filter
// 0); hooks per family and chain types per hook as the kernel registers them (nft_chain_filter.c, nft_chain_nat.c:
// nat at prerouting, input, output, postrouting; nft_chain_route.c: route at output).
import { Cursor, NftError, spanOf } from './cursor.ts';
import type { Token } from './tokenize.ts';
import type { BaseChainSpec, ChainType, Family, NftHook } from './model.ts';
import type { Pos } from './position.ts';

const NAMED: Record<string, { value: number; hooks?: NftHook[] }> = {
  raw: { value: -300 },
  mangle: { value: -150 },
  dstnat: { value: -100, hooks: ['prerouting'] },
  filter: { value: 0 },
  security: { value: 50 },
  srcnat: { value: 100, hooks: ['postrouting'] },
};

export const FAMILY_HOOKS: Record<Family, NftHook[]> = {
  ip: ['prerouting', 'input', 'forward', 'output', 'postrouting'],
  ip6: ['prerouting', 'input', 'forward', 'output', 'postrouting'],
  inet: ['ingress', 'prerouting', 'input', 'forward', 'output', 'postrouting'],
  netdev: ['ingress', 'egress'],
  bridge: ['prerouting', 'input', 'forward', 'output', 'postrouting'],
  arp: ['input', 'output'],
};

const TYPE_HOOKS: Record<ChainType, NftHook[]> = {
  filter: ['ingress', 'egress', 'prerouting', 'input', 'forward', 'output', 'postrouting'],
  nat: ['prerouting', 'input', 'output', 'postrouting'],
  route: ['output'],
};

export function parsePriority(
  c: Cursor,
  family: Family,
  hook: NftHook,
  keyword: Token,
): { value: number; text: string } {
  const words: string[] = [];
  while (!c.atStatementEnd()) words.push(c.next().value);
  const text = words.join(' ');
  const m = /^([a-z]+)?\s*(?:([+-])\s*(\d+))?$/.exec(
    text
      .replace(/([+-])/g, ' $1 ')
      .trim()
      .replace(/\s+/g, ' '),
  );
  const num = /^-?\d+$/.test(text) ? Number(text) : undefined;
  if (num !== undefined) return { value: num, text };
  const bad = () => {
    throw new NftError('invalid priority expression value in this context.', spanOf(keyword, c.peek(-1)));
  };
  if (!m || !m[1]) return bad();
  const named = NAMED[m[1]];
  if (!named || (family === 'netdev' && m[1] !== 'filter')) return bad();
  if (named.hooks && !named.hooks.includes(hook)) return bad();
  const offset = m[2] ? (m[2] === '-' ? -1 : 1) * Number(m[3]) : 0;
  return { value: named.value + offset, text: offset ? `${m[1]} ${m[2]} ${m[3]}` : m[1] };
}

/** After `type`: the rest of the declaration up to its `;`. `chainPos` is the chain name (kernel refusals go there). */
export function parseBaseSpec(c: Cursor, family: Family, typeTok: Token, chainPos: Pos): BaseChainSpec {
  const typeWord = c.word();
  if (!['filter', 'nat', 'route'].includes(typeWord.value)) c.fail(typeWord, `unknown chain type ${typeWord.value}`);
  const hookKw = c.word();
  if (hookKw.value !== 'hook') c.unexpected(hookKw, 'hook');
  const hookTok = c.name();
  const hook = hookTok.value as NftHook;
  if (!FAMILY_HOOKS[family]?.includes(hook)) c.fail(hookTok, `The ${family} family does not support this hook`);
  let device: string | undefined;
  if (c.eatWord('device')) device = c.name().value;
  const prioTok = c.peek();
  if (!c.eatWord('priority')) c.unexpected(c.peek(), 'priority');
  const prio = parsePriority(c, family, hook, prioTok);
  if (hook === 'ingress' && device === undefined) {
    throw new NftError("Missing `device' in this chain definition", spanOf(typeTok, c.peek(-1)));
  }
  const type = typeWord.value as ChainType;
  // The kernel refuses an unsupported type/hook pair, and nat chains at or before conntrack (NF_IP_PRI_CONNTRACK).
  if (!TYPE_HOOKS[type].includes(hook) || (type === 'nat' && prio.value <= -200))
    throw new NftError('Could not process rule: Operation not supported', chainPos);
  const spec: BaseChainSpec = {
    type,
    hook,
    priority: prio.value,
    priorityText: prio.text,
    policy: 'accept',
    pos: chainPos,
  };
  if (device !== undefined) spec.device = device;
  return spec;
}

/**
 * The priority as `nft list ruleset` prints it (nftables src/rule.c, prio2str): the first standard name valid for the
 * family and hook within 10 of the value, with its offset (`filter + 10`, `dstnat - 10`), else the number.
 */
export function printPriority(family: Family, hook: NftHook, value: number): string {
  for (const [name, p] of Object.entries(NAMED)) {
    if (p.hooks && !p.hooks.includes(hook)) continue;
    if (family === 'netdev' && name !== 'filter') continue;
    const offset = value - p.value;
    if (Math.abs(offset) > 10) continue;
    return offset === 0 ? name : `${name} ${offset > 0 ? '+' : '-'} ${Math.abs(offset)}`;
  }
  return String(value);
}
