// Reports as netfilter's own tools print them: `iptables -L -n -v`, `iptables-save -c`, `conntrack -L`.
import { parseRuleset, defaultLookup } from '../parse/index.ts';
import type { Diagnostic } from '../model/types.ts';
import type { CountersView } from '../trace/types.ts';
import { rulesetReport } from './rulesetReport.ts';
import type { ReportTable } from './types.ts';

export type { ReportChain, ReportRule, ReportTable } from './types.ts';
export { formatChainList, formatCount, formatIptablesList, type ListOptions } from './iptablesList.ts';
export { formatIptablesSave, type SaveReportOptions } from './iptablesSave.ts';
export { conntrackSummary, formatConntrackEntry, formatConntrackList } from './conntrackList.ts';
export { formatNftMonitorTrace, formatXtablesMonitorTrace, type MonitorOptions } from './traceMonitor.ts';

/**
 * The rules text with counters as report data: the trace's counters (`counters` of a TraceResult) where its
 * packets moved them, the dump's own `[packets:bytes]` elsewhere.
 */
export function reportRules(
  rules: string,
  counters?: CountersView,
): { tables: ReportTable[]; diagnostics: Diagnostic[] } {
  const parsed = parseRuleset(rules);
  return { tables: rulesetReport(parsed.ruleset, defaultLookup, counters), diagnostics: parsed.diagnostics };
}
