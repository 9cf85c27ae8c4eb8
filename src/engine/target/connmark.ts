// CONNMARK (iptables-extensions(8)): reads and writes the connection's mark (ct->mark). Kernel semantics of
// xt_connmark.c (connmark_tg_shift):
//   set:     ctmark = (ctmark & ~ctmask) ^ ctvalue
//   save:    ctmark = (ctmark & ~ctmask) ^ (nfmark & nfmask)
//   restore: nfmark = (nfmark & ~nfmask) ^ (ctmark & ctmask)
// with revision 2's shift applied to the whole new ctmark (set) or to the copied bits (save, restore).
// A packet without a conntrack entry (or untracked) is left alone. iptables-save prints `--set-xmark v/m`, and
// `--save-mark`/`--restore-mark` always with both masks (libxt_CONNMARK.t).
import type { OptionSpec, TargetModule } from '../ext/types.ts';
import { markOperation, xmark } from './mark.ts';
import { hex, parseUnsigned } from '../ext/numbers.ts';
import { say } from './util/messages.ts';
import { arg, checkOptions, exclusive, fail, joinSaved, ok } from './util/options.ts';

export interface ConnmarkData {
  mode: 'set' | 'save' | 'restore';
  /** The value of --set-xmark and its variants (set mode only). */
  ctvalue: number;
  ctmask: number;
  nfmask: number;
  /** Revision 2's --left-shift-mark/--right-shift-mark: a shift of 0 is none. */
  shift: { dir: 'left' | 'right'; bits: number };
}

const SET_FORMS = ['--set-xmark', '--set-mark', '--and-mark', '--or-mark', '--xor-mark'];
const MODES = [...SET_FORMS, '--save-mark', '--restore-mark'];
const SHIFTS = ['--left-shift-mark', '--right-shift-mark'];

const OPTIONS: Record<string, OptionSpec> = {
  ...Object.fromEntries(SET_FORMS.map((name) => [name, { args: 1 }])),
  '--save-mark': { args: 0 },
  '--restore-mark': { args: 0 },
  '--nfmask': { args: 1 },
  '--ctmask': { args: 1 },
  '--mask': { args: 1 },
  '--left-shift-mark': { args: 1 },
  '--right-shift-mark': { args: 1 },
};

/** The kernel's shift of the copied bits (connmark_tg_shift); shifting a 32-bit value by 32 leaves nothing. */
function shifted(value: number, shift: ConnmarkData['shift']): number {
  if (shift.bits >= 32) return 0;
  return (shift.dir === 'left' ? value << shift.bits : value >>> shift.bits) >>> 0;
}

/** What CONNMARK stores, before a shift: `ct mark or 0x4`, `mark and 0xff`; null when the xlate refuses. */
function connmarkValue({ mode, ctvalue, ctmask, nfmask }: ConnmarkData): string | null {
  if (mode === 'set') {
    // The xlate writes this one value with a space after it: a shift shows it, `( 0x4  ) << 1`.
    if (ctmask === 0xffffffff) return `${hex(ctvalue)} `;
    if (ctvalue === 0) return `ct mark and ${hex(~ctmask >>> 0)}`;
    if (ctvalue === ctmask) return `ct mark or ${hex(ctvalue)}`;
    if (ctmask === 0) return `ct mark xor ${hex(ctvalue)}`;
    return `ct mark xor ${hex(ctvalue)} and ${hex(~ctmask >>> 0)}`;
  }
  if (nfmask !== ctmask) return null;
  const from = mode === 'save' ? 'mark' : 'ct mark';
  return nfmask === 0xffffffff ? from : `${from} and ${hex(nfmask)}`;
}

export const connmarkTarget: TargetModule<ConnmarkData> = {
  name: 'CONNMARK',
  // libxt_CONNMARK.c connmark_tg_xlate_v2 (iptables 1.8.9): --set-xmark as MARK's forms on the ct mark (`ct mark
  // set ct mark xor 0xa00 and 0xffff00ff`); --save-mark `ct mark set mark`, --restore-mark `meta mark set ct mark`,
  // with `and <mask>` when both masks are that same mask, untranslated when the two masks differ; a shift wraps it:
  // `ct mark set ( mark and 0xff ) >> 2`.
  translate(data) {
    const value = connmarkValue(data);
    if (value === null) return null;
    const shifted =
      data.shift.bits === 0 ? value : `( ${value} ) ${data.shift.dir === 'left' ? '<<' : '>>'} ${data.shift.bits}`;
    return `${data.mode === 'restore' ? 'meta mark' : 'ct mark'} set ${shifted}`.trimEnd();
  },
  options: OPTIONS,
  needsConntrack: true,
  parse(options) {
    const bad =
      checkOptions('CONNMARK', options, OPTIONS) ??
      exclusive('CONNMARK', options, MODES) ??
      exclusive('CONNMARK', options, ['--mask', '--nfmask']) ??
      exclusive('CONNMARK', options, ['--mask', '--ctmask']);
    if (bad) return bad;
    // libxt_CONNMARK fills one structure option by option, in the order given: a mask option after --set-xmark
    // overrides its mask, one before it is overridden. Masks default to 0xffffffff.
    const data: ConnmarkData = {
      mode: 'set',
      ctvalue: 0,
      ctmask: 0xffffffff,
      nfmask: 0xffffffff,
      shift: { dir: 'left', bits: 0 },
    };
    let operation = false;
    for (const option of options) {
      const text = arg(option);
      if (SET_FORMS.includes(option.name)) {
        const pair = markOperation('CONNMARK', option);
        if (!('value' in pair)) return pair;
        Object.assign(data, { mode: 'set', ctvalue: pair.value, ctmask: pair.mask });
        operation = true;
      } else if (option.name === '--save-mark' || option.name === '--restore-mark') {
        data.mode = option.name === '--save-mark' ? 'save' : 'restore';
        operation = true;
      } else if (SHIFTS.includes(option.name)) {
        const bits = parseUnsigned(text, 0, 32);
        if (bits === undefined)
          return fail('bad-number', { option: option.name, value: text, min: 0, max: 32 }, option);
        data.shift = { dir: option.name === '--left-shift-mark' ? 'left' : 'right', bits };
      } else {
        const mask = parseUnsigned(text);
        if (mask === undefined) return fail('bad-mark', { option: option.name, value: text }, option);
        if (option.name !== '--ctmask') data.nfmask = mask;
        if (option.name !== '--nfmask') data.ctmask = mask;
      }
    }
    if (!operation) return fail('needs-operation', { target: 'CONNMARK', options: MODES.join(', ') });
    return ok(data);
  },
  save(data) {
    const shift = data.shift.bits !== 0 && `--${data.shift.dir}-shift-mark ${data.shift.bits}`;
    const operation =
      data.mode === 'set'
        ? `--set-xmark ${hex(data.ctvalue)}/${hex(data.ctmask)}`
        : `--${data.mode}-mark --nfmask ${hex(data.nfmask)} --ctmask ${hex(data.ctmask)}`;
    return joinSaved([operation, shift]);
  },
  apply(data, ctx) {
    const ct = ctx.ct;
    // nf_ct_get gives no entry for an untracked or invalid packet: the kernel then returns at once.
    if (!ct || ct.state === 'UNTRACKED' || ct.state === 'INVALID') {
      return { verdict: { kind: 'continue' }, explain: [say('connmark.no-connection', { mode: data.mode })] };
    }
    const ctBefore = ct.mark;
    if (data.mode === 'set') {
      ct.mark = shifted(xmark(ct.mark, { value: data.ctvalue, mask: data.ctmask }), data.shift);
      const params = { before: hex(ctBefore), after: hex(ct.mark), value: hex(data.ctvalue), mask: hex(data.ctmask) };
      return { verdict: { kind: 'continue' }, explain: [say('connmark.set', params)] };
    }
    const nfBefore = ctx.pkt.mark;
    if (data.mode === 'save') {
      ct.mark = ((ct.mark & ~data.ctmask) ^ shifted(nfBefore & data.nfmask, data.shift)) >>> 0;
      const params = {
        nfmark: hex(nfBefore),
        nfmask: hex(data.nfmask),
        ctmask: hex(data.ctmask),
        before: hex(ctBefore),
        after: hex(ct.mark),
      };
      return { verdict: { kind: 'continue' }, explain: [say('connmark.save', params)] };
    }
    ctx.pkt.mark = ((nfBefore & ~data.nfmask) ^ shifted(ct.mark & data.ctmask, data.shift)) >>> 0;
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
