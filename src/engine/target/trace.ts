// TRACE (iptables-extensions(8)): marks the packet so the kernel reports every rule it meets afterwards
// (`nft monitor trace` under iptables-nft, the kernel log under legacy iptables). raw table only (xt_TRACE.c).
// The lab traces every packet anyway; the chain goes on.
import type { TargetModule } from '../ext/types.ts';
import { say } from './util/messages.ts';
import { checkOptions } from './util/options.ts';

export const traceTarget: TargetModule<null> = {
  name: 'TRACE',
  // libxt_TRACE.c trace_xlate: `nftrace set 1`.
  translate: () => 'nftrace set 1',
  options: {},
  tables: ['raw'],
  parse(options) {
    return checkOptions('TRACE', options, {}) ?? { ok: true, data: null };
  },
  save() {
    return '';
  },
  apply() {
    return { verdict: { kind: 'continue' }, explain: [say('trace.on')] };
  },
};
