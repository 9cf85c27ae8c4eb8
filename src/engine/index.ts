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
export { generateKubeProxyIpvs, type KubeIpvsDump } from './gen/kubeProxyIpvs.ts';
export { generateKubeProxyNft } from './gen/kubeProxyNft.ts';
export type { KubeModelOptions } from './gen/kubeModel.ts';
export { parseIpvs } from './ipvs/parse.ts';
export { computeScale, type ScaleRequest, type ScaleResult, type ScaleHooks, type ScalePoint } from './scale/index.ts';
export type { IpvsConnView, RealServerView } from './ipvs/types.ts';
export type * from './model/types.ts';
export type { TraceRequest, TraceResponse } from './trace/types.ts';
