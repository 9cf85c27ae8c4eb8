// The engine's only public entry: the rules language (parse, check, save), the tracer, and the session that keeps
// parsed rulesets for the worker, the CLI and tests. Nothing outside src/engine imports a deeper module.
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
export { runTrace, prepareRuleset, tracePrepared, type PreparedRuleset, type TraceOptions } from './trace/index.ts';
export { DEFAULT_MAX_EVALUATIONS, MAX_EXPLORE_RUNS, MAX_TRACE_STEPS } from './trace/index.ts';
export { stopsAtHook, type HookStop } from './trace/hooks.ts';
export { parseIpsets } from './host/ipset.ts';
export { DEFAULT_HOST } from './host/host.ts';
export { generateKubeProxyDump, type KubeDumpOptions } from './gen/kubeProxy.ts';
export { createSession, UNKNOWN_RULESET, type EngineSession, type SessionMethod } from './session/session.ts';
export type { SessionOptions, LoadRequest, TraceByIdRequest, BatchRequest, SaveRequest } from './session/session.ts';
export { checkRulesIn, type CheckRequest, type CheckResult } from './session/check.ts';
export { MAX_BATCH, type BatchEndpoint, type BatchKind, type BatchResult, type BatchTally } from './batch/index.ts';
export { CallCancelled, type CallContext, type CancelFlag, type SessionHost } from './session/context.ts';
export { STEP_CHUNK, runsOfResponse } from './session/chunks.ts';
export type * from './session/types.ts';
export { nftStopKey } from './session/types.ts';
export { CHAIN_SEARCH_LIMIT, type ChainFound, type ChainSearchResult } from './session/findChains.ts';
export { generateKubeProxyIpvs, type KubeIpvsDump } from './gen/kubeProxyIpvs.ts';
export { generateKubeProxyNft } from './gen/kubeProxyNft.ts';
export type { KubeModelOptions } from './gen/kubeModel.ts';
export { isIpvsText, parseIpvs } from './ipvs/parse.ts';
export { saveIpvs } from './ipvs/save.ts';
export { inBundle, joinIpvsBundle, splitIpvsBundle, type BundleSection, type KubeIpvsBundle } from './ipvs/bundle.ts';
export {
  computeScale,
  scaleSteps,
  type ScaleRequest,
  type ScaleResult,
  type ScaleHooks,
  type ScalePoint,
} from './scale/index.ts';
export type { IpvsConnView, RealServerView } from './ipvs/types.ts';
export type * from './model/types.ts';
export type * from './ext/types.ts';
export { BUILTIN_CHAINS, HOOKS, TABLES } from './model/types.ts';
export { extensionVocabulary, type ExtensionVocabulary, type ExtensionWords } from './ext/vocabulary.ts';
export { hostProblems, validInterfaceName, type HostProblem, type HostProblemKey } from './host/validity.ts';
export { formatIPv4, parseIPv4, prefixToMask } from './net/ipv4.ts';
export type * from './trace/types.ts';
export * from './studentHelpers.ts';
export { isNftText, parseNft, printRuleset as printNftRuleset, type ParsedNft } from './nft/index.ts';
export { printNftJson, type NftJsonOutput } from './nft/json/write.ts';
export { splitMixedRuleset, type SplitRuleset } from './nft/split.ts';
export { nftVocabulary, type NftVocabulary } from './nft/registry.ts';
export * from './report/index.ts';
