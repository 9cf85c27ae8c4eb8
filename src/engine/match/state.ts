// state: iptables-extensions(8) "state". [!] --state list of INVALID, NEW, ESTABLISHED, RELATED, UNTRACKED: matches
// when the packet's conntrack state is in the list. An alias of `-m conntrack --ctstate` without SNAT/DNAT.
import type { MatchModule } from '../ext/types.ts';
import { say } from './util/explain.ts';
import { MatchProblem, arg, checkOptions, fail, ok, refuse } from './util/options.ts';
import { packetStates, parseStateList, type CtStateName } from './util/ctState.ts';
import { ctStateWords } from '../translate/ct.ts';

export interface StateData {
  negated: boolean;
  states: CtStateName[];
}

/** libxt_conntrack print_state: the states in a fixed order, whatever order the rule gave them in. */
const LIST_ORDER: readonly string[] = ['INVALID', 'NEW', 'RELATED', 'ESTABLISHED', 'UNTRACKED', 'SNAT', 'DNAT'];
export function listStates(states: readonly string[]): string {
  return LIST_ORDER.filter((s) => states.includes(s)).join(',');
}

const STATE_NAMES: readonly CtStateName[] = ['INVALID', 'NEW', 'ESTABLISHED', 'RELATED', 'UNTRACKED'];

export const stateMatch: MatchModule<StateData> = {
  name: 'state',
  // The state match translates through libxt_conntrack's state_xlate: `ct state established,related`.
  translate: (data, ctx) => ctStateWords(data.states, data.negated, ctx.lost),
  needsConntrack: true,
  options: { '--state': { args: 1, negatable: true } },
  parse(options) {
    const problem = checkOptions('state', options, this.options);
    if (problem) return problem;
    const option = options[0];
    if (!option) return fail('needs-option', { module: 'state', option: '--state' });
    const states = parseStateList(arg(option), STATE_NAMES, option.name);
    if (states instanceof MatchProblem) return refuse(states, option);
    return ok({ negated: option.negated, states });
  },
  save(data) {
    return `${data.negated ? '! ' : ''}--state ${data.states.join(',')}`;
  },
  list(data) {
    return ` ${data.negated ? '! ' : ''}state ${listStates(data.states)}`;
  },
  evaluate(data, ctx) {
    const state = packetStates(ctx.ct)[0] ?? 'INVALID';
    const listed = data.states.includes(state);
    const matched = listed !== data.negated;
    const id = listed ? 'match.state.listed' : 'match.state.unlisted';
    return { matched, explain: [say(id, matched, { state, states: data.states.join(','), negated: data.negated })] };
  },
};
