// The words of the nftables language for the editor: expressions and statements from the engine's nft registry (so
// a new expression module is highlighted and completed without touching the editor), plus nft's structural words
// (nft(8): TABLES, CHAINS, SETS, MAPS) and base chain declarations (nftables src/rule.c std_prio_table).
import { nftVocabulary } from '../../store/engineFacts.ts';

const registry = nftVocabulary();

export const NFT_EXPRESSIONS: Readonly<Record<string, readonly string[]>> = registry.expressions;
export const NFT_VERDICTS = ['accept', 'drop', 'return', 'continue', 'queue', 'jump', 'goto'] as const;
const verdicts = new Set<string>(NFT_VERDICTS);
/** Statements other than verdicts (counter, log, dnat…). */
export const NFT_STATEMENTS: readonly string[] = registry.statements.filter((w) => !verdicts.has(w));
export const NFT_NOT_SIMULATED: readonly string[] = registry.notSimulated;

export const NFT_FAMILIES = ['ip', 'ip6', 'inet', 'arp', 'bridge', 'netdev'] as const;
export const NFT_COMMANDS = ['table', 'add', 'insert', 'create', 'flush', 'delete', 'define'] as const;
/** Words that open or shape a block inside a table. */
export const NFT_BLOCK_WORDS = [
  'table',
  'chain',
  'set',
  'map',
  'type',
  'typeof',
  'hook',
  'priority',
  'policy',
  'device',
  'flags',
  'elements',
  'comment',
  'ruleset',
  'rule',
  'element',
  'vmap',
  'timeout',
  'size',
] as const;
export const NFT_CHAIN_TYPES = ['filter', 'nat', 'route'] as const;
export const NFT_HOOKS = ['prerouting', 'input', 'forward', 'output', 'postrouting', 'ingress', 'egress'] as const;
export const NFT_PRIORITIES = ['raw', 'mangle', 'dstnat', 'filter', 'security', 'srcnat'] as const;
export const NFT_SET_TYPES = ['ipv4_addr', 'inet_service', 'inet_proto', 'ifname', 'mark', 'verdict'] as const;
export const NFT_SET_FLAGS = ['interval', 'constant', 'timeout', 'dynamic'] as const;
