// Pure facts and helpers of the engine that the UI needs as the user types (completion words, address checks) and
// the printers of what iptables and conntrack print (counters, conntrack -L, TRACE lines) over a trace the store
// holds: no session call, no netfilter decision. Re-exported here so the UI depends on the store only.
export {
  autoTcpNumbers,
  BUILTIN_CHAINS,
  HOOKS,
  TABLES,
  extensionVocabulary,
  formatIPv4,
  isNftText,
  nftVocabulary,
  hostProblems,
  parseIPv4,
  prefixToMask,
  validInterfaceName,
} from '../engine/index.ts';
export {
  conntrackSummary,
  formatConntrackEntry,
  formatConntrackList,
  formatIptablesList,
  formatIptablesSave,
  formatNftMonitorTrace,
  formatXtablesMonitorTrace,
  reportRules,
} from '../engine/index.ts';
/** The bounds of a trace (rule evaluations per packet, steps per request, explored paths), said beside a long one. */
export { DEFAULT_MAX_EVALUATIONS, MAX_EXPLORE_RUNS, MAX_TRACE_STEPS } from '../engine/index.ts';
