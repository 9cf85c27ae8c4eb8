// The engine's only public entry: the rules language (parse, check, save) and the tracer.
export {
  defaultLookup,
  formatRuleForDisplay,
  MAX_INPUT_BYTES,
  parseRuleset,
  saveRule,
  saveRuleset,
  type ParseOptions,
  type ParsedRuleset,
  type RulesetSummary,
} from './parse/index.ts';
export { reachableHooks } from './validate/index.ts';
export { runTrace } from './trace/index.ts';
export { parseIpsets } from './host/ipset.ts';
export { generateKubeProxyDump, type KubeDumpOptions } from './gen/kubeProxy.ts';
export type * from './model/types.ts';
export type { TraceRequest, TraceResponse } from './trace/types.ts';
export * from './report/index.ts';
