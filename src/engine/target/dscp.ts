// DSCP (iptables-extensions(8)): rewrites the 6 DSCP bits of the IPv4 TOS byte, keeping the 2 ECN bits
// (xt_DSCP.c dscp_tg). The kernel registers it for the mangle table only. iptables-save prints --set-dscp 0xNN,
// also for --set-dscp-class (libxt_DSCP.t).
import type { OptionSpec, TargetModule } from '../ext/types.ts';
import { MAX_DSCP, dscpOfClass } from '../net/dscp.ts';
import { say } from './util/messages.ts';
import { hex2, parseUnsigned } from '../ext/numbers.ts';
import { arg, checkOptions, exclusive, fail, ok } from './util/options.ts';

export interface DscpData {
  dscp: number;
}

const ECN_BITS = 0x03;

const OPTIONS: Record<string, OptionSpec> = {
  '--set-dscp': { args: 1 },
  '--set-dscp-class': { args: 1 },
};

export const dscpTarget: TargetModule<DscpData> = {
  name: 'DSCP',
  // libxt_DSCP.c DSCP_xlate: `ip dscp set 0x22` (a class as its value).
  translate: (data) => `ip dscp set ${hex2(data.dscp)}`,
  options: OPTIONS,
  tables: ['mangle'],
  parse(options) {
    const bad =
      checkOptions('DSCP', options, OPTIONS) ?? exclusive('DSCP', options, ['--set-dscp', '--set-dscp-class']);
    if (bad) return bad;
    const option = options[0];
    if (!option) return fail('needs-operation', { target: 'DSCP', options: '--set-dscp, --set-dscp-class' });
    const value = arg(option);
    if (option.name === '--set-dscp-class') {
      const dscp = dscpOfClass(value);
      if (dscp === undefined) return fail('dscp-bad-class', { value }, option);
      return ok({ dscp });
    }
    const dscp = parseUnsigned(value, 0, MAX_DSCP);
    if (dscp === undefined) return fail('bad-number', { option: option.name, value, min: 0, max: '0x3f' }, option);
    return ok({ dscp });
  },
  save(data) {
    return `--set-dscp ${hex2(data.dscp)}`;
  },
  apply(data, ctx) {
    const before = ctx.pkt.tos;
    ctx.pkt.tos = ((before & ECN_BITS) | (data.dscp << 2)) & 0xff;
    return {
      verdict: { kind: 'continue' },
      explain: [say('dscp.set', { dscp: hex2(data.dscp), before: hex2(before), after: hex2(ctx.pkt.tos) })],
    };
  },
};
