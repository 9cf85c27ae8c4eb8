// CHECKSUM (iptables-extensions(8)): fills in the checksum of a packet whose checksum was left to the network card
// (for old DHCP clients behind virtual NICs). The kernel registers it for the mangle table only (xt_CHECKSUM.c) and
// --checksum-fill is its one, required option. The lab's packets carry no checksums, so nothing visible changes.
import type { OptionSpec, TargetModule } from '../ext/types.ts';
import { say } from './util/messages.ts';
import { checkOptions, fail, ok } from './util/options.ts';

const OPTIONS: Record<string, OptionSpec> = { '--checksum-fill': { args: 0 } };

export const checksumTarget: TargetModule<null> = {
  name: 'CHECKSUM',
  options: OPTIONS,
  tables: ['mangle'],
  parse(options) {
    const bad = checkOptions('CHECKSUM', options, OPTIONS);
    if (bad) return bad;
    if (options.length === 0) return fail('needs-operation', { target: 'CHECKSUM', options: '--checksum-fill' });
    return ok(null);
  },
  save() {
    return '--checksum-fill';
  },
  apply() {
    return { verdict: { kind: 'continue' }, explain: [say('checksum.fill')] };
  },
};
