// CONNMARK (iptables-extensions(8)): reads and writes the connection's mark (ct->mark). Kernel semantics of
// xt_connmark.c (connmark_tg_shift, revision 1 forms):
//   set:     ctmark = (ctmark & ~ctmask) ^ ctvalue
//   save:    ctmark = (ctmark & ~ctmask) ^ (nfmark & nfmask)
//   restore: nfmark = (nfmark & ~nfmask) ^ (ctmark & ctmask)
// A packet without a conntrack entry (or untracked) is left alone. iptables-save prints `--set-xmark v/m`, and
// `--save-mark`/`--restore-mark` always with both masks (libxt_CONNMARK.t).
import type { OptionSpec, TargetModule } from '../ext/types.ts';
import { markOperation, xmark } from './mark.ts';
import { hex, parseUnsigned } from './util/numbers.ts';
import { say } from './util/messages.ts';
import { arg, checkOptions, exclusive, fail, ok } from './util/options.ts';

export type ConnmarkData =
  { mode: 'set'; ctvalue: number; ctmask: number } | { mode: 'save' | 'restore'; nfmask: number; ctmask: number };

const SET_FORMS = ['--set-xmark', '--set-mark', '--and-mark', '--or-mark', '--xor-mark'];
const MODES = [...SET_FORMS, '--save-mark', '--restore-mark'];
const MASKS = ['--nfmask', '--ctmask', '--mask'];

const OPTIONS: Record<string, OptionSpec> = {
  ...Object.fromEntries(SET_FORMS.map((name) => [name, { args: 1 }])),
  '--save-mark': { args: 0 },
  '--restore-mark': { args: 0 },
  '--nfmask': { args: 1 },
  '--ctmask': { args: 1 },
  '--mask': { args: 1 },
};

export const connmarkTarget: TargetModule<ConnmarkData> = {
  name: 'CONNMARK',
  options: OPTIONS,
  needsConntrack: true,
  parse(options) {
    const bad =
      checkOptions('CONNMARK', options, OPTIONS) ??
      exclusive('CONNMARK', options, MODES) ??
      exclusive('CONNMARK', options, ['--mask', '--nfmask']) ??
      exclusive('CONNMARK', options, ['--mask', '--ctmask']);
    if (bad) return bad;
    const mode = options.find((o) => MODES.includes(o.name));
    if (!mode) return fail('connmark-needs-operation', { options: MODES.join(', ') });
    if (SET_FORMS.includes(mode.name)) {
      const maskOption = options.find((o) => MASKS.includes(o.name));
      if (maskOption) return fail('connmark-mask-needs-save', { option: maskOption.name }, maskOption);
      const pair = markOperation('CONNMARK', mode);
      if (!('value' in pair)) return pair;
      return ok({ mode: 'set', ctvalue: pair.value, ctmask: pair.mask });
    }
    let nfmask = 0xffffffff;
    let ctmask = 0xffffffff;
    for (const option of options) {
      if (!MASKS.includes(option.name)) continue;
      const value = parseUnsigned(arg(option));
      if (value === undefined) return fail('bad-mark', { option: option.name, value: arg(option) }, option);
      if (option.name !== '--ctmask') nfmask = value;
      if (option.name !== '--nfmask') ctmask = value;
    }
    return ok({ mode: mode.name === '--save-mark' ? 'save' : 'restore', nfmask, ctmask });
  },
  save(data) {
    if (data.mode === 'set') return `--set-xmark ${hex(data.ctvalue)}/${hex(data.ctmask)}`;
    return `--${data.mode}-mark --nfmask ${hex(data.nfmask)} --ctmask ${hex(data.ctmask)}`;
  },
  apply(data, ctx) {
    const ct = ctx.ct;
    if (!ct || ct.state === 'UNTRACKED') {
      return { verdict: { kind: 'continue' }, explain: [say('connmark.no-connection', { mode: data.mode })] };
    }
    const ctBefore = ct.mark;
    if (data.mode === 'set') {
      ct.mark = xmark(ct.mark, { value: data.ctvalue, mask: data.ctmask });
      const params = { before: hex(ctBefore), after: hex(ct.mark), value: hex(data.ctvalue), mask: hex(data.ctmask) };
      return { verdict: { kind: 'continue' }, explain: [say('connmark.set', params)] };
    }
    const nfBefore = ctx.pkt.mark;
    if (data.mode === 'save') {
      ct.mark = ((ct.mark & ~data.ctmask) ^ (nfBefore & data.nfmask)) >>> 0;
      const params = {
        nfmark: hex(nfBefore),
        nfmask: hex(data.nfmask),
        ctmask: hex(data.ctmask),
        before: hex(ctBefore),
        after: hex(ct.mark),
      };
      return { verdict: { kind: 'continue' }, explain: [say('connmark.save', params)] };
    }
    ctx.pkt.mark = ((nfBefore & ~data.nfmask) ^ (ct.mark & data.ctmask)) >>> 0;
    const params = {
      ctmark: hex(ct.mark),
      nfmask: hex(data.nfmask),
      ctmask: hex(data.ctmask),
      before: hex(nfBefore),
      after: hex(ctx.pkt.mark),
    };
    return { verdict: { kind: 'continue' }, explain: [say('connmark.restore', params)] };
  },
};
