// DSCP (iptables-extensions(8)): rewrites the 6 DSCP bits of the IPv4 TOS byte, keeping the 2 ECN bits
// (xt_DSCP.c dscp_tg). The kernel registers it for the mangle table only. iptables-save prints --set-dscp 0xNN,
// also for --set-dscp-class (libxt_DSCP.t).
import type { OptionSpec, TargetModule } from '../ext/types.ts';
import { say } from './util/messages.ts';
import { hex2, parseUnsigned } from './util/numbers.ts';
import { arg, checkOptions, exclusive, fail, ok } from './util/options.ts';

export interface DscpData {
  dscp: number;
}

/** DiffServ class names (RFC 2474, 2597, 3246) in libxt_DSCP's table order. */
const CLASSES: Readonly<Record<string, number>> = {
  CS0: 0x00,
  CS1: 0x08,
  CS2: 0x10,
  CS3: 0x18,
  CS4: 0x20,
  CS5: 0x28,
  CS6: 0x30,
  CS7: 0x38,
  BE: 0x00,
  AF11: 0x0a,
  AF12: 0x0c,
  AF13: 0x0e,
  AF21: 0x12,
  AF22: 0x14,
  AF23: 0x16,
  AF31: 0x1a,
  AF32: 0x1c,
  AF33: 0x1e,
  AF41: 0x22,
  AF42: 0x24,
  AF43: 0x26,
  EF: 0x2e,
};
const MAX_DSCP = 0x3f;
const ECN_BITS = 0x03;

const OPTIONS: Record<string, OptionSpec> = {
  '--set-dscp': { args: 1 },
  '--set-dscp-class': { args: 1 },
};

export const dscpTarget: TargetModule<DscpData> = {
  name: 'DSCP',
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
      // dscp_helper.c class_to_dscp: the first class name (in table order, ignoring case) that the word starts with.
      const upper = value.toUpperCase();
      const found = Object.entries(CLASSES).find(([name]) => upper.startsWith(name));
      if (!found) return fail('dscp-bad-class', { value }, option);
      return ok({ dscp: found[1] });
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
