// Pure facts and helpers of the engine that the UI needs as the user types (completion words, address checks):
// no session call, no netfilter decision. Re-exported here so the UI depends on the store only.
export { BUILTIN_CHAINS, HOOKS, TABLES, formatIPv4, parseIPv4, prefixToMask } from '../engine/index.ts';
