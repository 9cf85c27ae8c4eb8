// helper: iptables-extensions(8) "helper". [!] --helper name matches packets of connections that a conntrack helper
// (ftp, sip…, with an optional -port suffix) handles. The lab's conntrack attaches no helpers, so no connection has
// one: the match holds only when negated.
import type { MatchModule } from '../ext/types.ts';
import { say } from './util/explain.ts';
import { arg, checkOptions, fail, ok } from './util/options.ts';
import { saveString } from './util/strings.ts';
import { not, quoted } from '../translate/words.ts';

export interface HelperData {
  negated: boolean;
  name: string;
}

/** struct xt_helper_info: name[30] including the NUL. */
const MAX_NAME = 29;

export const helperMatch: MatchModule<HelperData> = {
  name: 'helper',
  // libxt_helper.c helper_xlate: `ct helper != "ftp"`.
  translate: (data) => `ct helper ${not(data.negated)}${quoted(data.name)}`,
  needsConntrack: true,
  options: { '--helper': { args: 1, negatable: true } },
  parse(options) {
    const problem = checkOptions('helper', options, this.options);
    if (problem) return problem;
    const option = options[0];
    if (!option) return fail('needs-option', { module: 'helper', option: '--helper' });
    const name = arg(option);
    if (name.length > MAX_NAME) return fail('helper-name-too-long', { max: MAX_NAME }, option);
    return ok({ negated: option.negated, name });
  },
  save(data) {
    return `${data.negated ? '! ' : ''}--helper ${saveString(data.name)}`;
  },
  evaluate(data) {
    return { matched: data.negated, explain: [say('match.helper.none', data.negated, { helper: data.name })] };
  },
};
