// The words of one trace line: the TRACE notation (as the kernel prints it under -j TRACE) and whole sentences
// from the catalog. Rule sentences come from the engine's Explanations; nothing here judges a match.
import type { TFunction } from 'i18next';
import type { Explanation } from '../../engine/index.ts';
import type { TraceStep } from '../../engine/index.ts';

export function notationOf(step: TraceStep): string {
  switch (step.kind) {
    case 'rule':
    case 'policy':
    case 'return':
      return step.trace;
    case 'chain':
    case 'nat':
      return `${step.table}:${step.chain}`;
    case 'hook':
      return step.hook;
    case 'conntrack':
      return `conntrack:${step.hook}`;
    case 'route':
      return 'route';
    case 'fate':
      return 'fate';
    case 'arrive':
      return step.iface ?? 'local';
    case 'limit':
      return 'limit';
    case 'nft-chain':
      return `${step.family} ${step.table}:${step.chain}`;
    case 'nft-rule':
      return `${step.family} ${step.table}:${step.chain}:rule:${step.index}`;
    case 'nft-accept':
      return `${step.family} ${step.table}:${step.chain}:${step.by === 'policy' ? 'policy' : `rule:${step.by}`}`;
    case 'ipvs':
      return `ipvs:${step.hook}:${step.priority}`;
  }
}

export function sentencesOf(step: TraceStep, t: TFunction, explain: (e: Explanation) => string): string[] {
  switch (step.kind) {
    case 'arrive':
      return [step.local ? t('trace.line.arriveLocal') : t('trace.line.arriveIface', { iface: step.iface ?? '' })];
    case 'hook':
      return [t('trace.line.hook', { hook: step.hook })];
    case 'conntrack':
      return [t(`trace.line.conntrack_${step.event}`, { state: step.state })];
    case 'chain':
      return [t(`trace.line.chain_${step.via}`, { table: step.table, chain: step.chain })];
    case 'rule': {
      if (!step.matched) {
        const failing = step.matches.filter((m) => !m.matched);
        const why = failing.flatMap((m) => m.explain.filter((e) => !e.matched).map(explain));
        return [t('trace.line.ruleNotMatched', { index: step.index }), ...why.slice(0, 1)];
      }
      const head = step.target
        ? t('trace.line.ruleMatched', { index: step.index, target: step.target.name })
        : t('trace.line.ruleMatchedNoTarget', { index: step.index });
      return [head, ...(step.target?.explain.map(explain) ?? [])];
    }
    case 'policy':
      return [t('trace.line.policy', { policy: step.policy })];
    case 'return':
      return [t('trace.line.return', { chain: step.chain })];
    case 'nat': {
      // The engine's why: a binding set up, applied, or undone for a reply (conntrack, not a nat rule).
      const why = step.explain ? [explain(step.explain)] : [];
      return step.changed.length
        ? [t('trace.line.nat', { table: step.table, fields: step.changed.map((f) => fieldName(f, t)) }), ...why]
        : [t('trace.line.natUnchanged', { table: step.table }), ...why];
    }
    case 'route':
    case 'fate':
    case 'limit':
      return [explain(step.reason)];
    case 'nft-chain':
    case 'nft-accept':
      return step.explain.map(explain);
    case 'nft-rule': {
      const said = step.statements.flatMap((s) => s.explain.map(explain));
      // A rule of a bare verdict (`jump services`) explains nothing of its own: its line names the verdict.
      return said.length || step.verdict === undefined ? said : [t('nftlab:chain.verdict', { verdict: step.verdict })];
    }
    case 'ipvs':
      return step.explain.map(explain);
  }
}

/**
 * A packet field the engine names by id ('dst', 'dport') in the reader's words; the catalog joins a list of them
 * with the language's own conjunction ({{fields, list}}: Intl.ListFormat).
 */
function fieldName(field: string, t: TFunction): string {
  return t(`packet.fields.${field}`, { defaultValue: field });
}

/** A step's sentences as one text, separated as the language writes them (a space in English, none in Chinese). */
export function stepSentence(step: TraceStep, t: TFunction, explain: (e: Explanation) => string): string {
  return sentencesOf(step, t, explain).join(t('ui:trace.sentenceSeparator'));
}
