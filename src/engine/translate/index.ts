// iptables rules as the nftables rules iptables-nft stores (iptables-translate's form).
export { translateRule, type RuleTranslation } from './rule.ts';
export type { LostMeaning } from './types.ts';
export type { Translate, TranslateContext } from './types.ts';
