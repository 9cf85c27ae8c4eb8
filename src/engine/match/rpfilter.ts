// rpfilter: iptables-extensions(8) "rpfilter". Reverse-path filter: matches when the route back to the source
// leaves through the interface the packet came in on (--loose: through any interface; --validmark: use the mark in
// the lookup; --accept-local: accept local sources; --invert: match the failures). Only in the raw and mangle
// tables, in PREROUTING. Not simulated: the lab does not look routes up in reverse.
import type { MatchModule } from '../ext/types.ts';
import type { HookName } from '../model/types.ts';
import { notSimulated } from './util/explain.ts';
import { checkOptions, fail, joinSaved, ok } from './util/options.ts';

export interface RpfilterData {
  loose: boolean;
  validmark: boolean;
  acceptLocal: boolean;
  invert: boolean;
}

const RPFILTER_HOOKS: readonly HookName[] = ['PREROUTING'];

export const rpfilterMatch: MatchModule<RpfilterData> = {
  name: 'rpfilter',
  simulated: false,
  options: {
    '--loose': { args: 0 },
    '--validmark': { args: 0 },
    '--accept-local': { args: 0 },
    '--invert': { args: 0 },
  },
  hooks: () => RPFILTER_HOOKS,
  parse(options, ctx) {
    const problem = checkOptions('rpfilter', options, this.options);
    if (problem) return problem;
    if (ctx.table !== 'raw' && ctx.table !== 'mangle')
      return fail('The rpfilter match is only valid in the raw and mangle tables.', options[0]);
    const has = (name: string) => options.some((o) => o.name === name);
    return ok({
      loose: has('--loose'),
      validmark: has('--validmark'),
      acceptLocal: has('--accept-local'),
      invert: has('--invert'),
    });
  },
  save(data) {
    return joinSaved([
      data.loose && '--loose',
      data.validmark && '--validmark',
      data.acceptLocal && '--accept-local',
      data.invert && '--invert',
    ]);
  },
  evaluate() {
    return notSimulated('rpfilter');
  },
};
