// NOTRACK (iptables-extensions(8)): the packet is not tracked; it reaches later rules in state UNTRACKED and no
// connection is created. An alias of `CT --notrack`; the kernel registers it for the raw table only (xt_CT.c;
// conformance rej19: refused in filter). Nothing follows `-j NOTRACK` in iptables-save.
import type { TargetModule } from '../ext/types.ts';
import { alreadyTracked } from './util/alreadyTracked.ts';
import { say } from './util/messages.ts';
import { checkOptions } from './util/options.ts';

export const notrackTarget: TargetModule<null> = {
  name: 'NOTRACK',
  // libxt_NOTRACK.txlate: `notrack`.
  translate: () => 'notrack',
  options: {},
  tables: ['raw'],
  parse(options) {
    return checkOptions('NOTRACK', options, {}) ?? { ok: true, data: null };
  },
  save() {
    return '';
  },
  apply(_data, ctx) {
    if (alreadyTracked(ctx)) return { verdict: { kind: 'continue' }, explain: [say('ct.already-tracked')] };
    return { verdict: { kind: 'notrack' }, explain: [say('notrack.untracked')] };
  },
};
