// ttl: iptables-extensions(8) "ttl" (IPv4). --ttl-eq (or `! --ttl-eq`), --ttl-lt, --ttl-gt: one of them, 0–255.
import type { MatchModule } from '../ext/types.ts';
import { say } from './util/explain.ts';
import { parseUnsigned } from '../ext/numbers.ts';
import { arg, checkOptions, fail, ok } from './util/options.ts';

export interface TtlData {
  mode: 'eq' | 'ne' | 'lt' | 'gt';
  ttl: number;
}

const ONE_OF = { '--ttl-lt': '--ttl-eq', '--ttl-gt': '--ttl-eq', '--ttl': '--ttl-eq' };

export const ttlMatch: MatchModule<TtlData> = {
  name: 'ttl',
  // libipt_ttl.c ttl_xlate: `ip ttl 5`, `ip ttl != 5`, `ip ttl lt 5`, `ip ttl gt 5`.
  translate(data) {
    const op = { eq: '', ne: '!= ', lt: 'lt ', gt: 'gt ' }[data.mode];
    return `ip ttl ${op}${data.ttl}`;
  },
  options: {
    '--ttl-eq': { args: 1, negatable: true },
    '--ttl-lt': { args: 1 },
    '--ttl-gt': { args: 1 },
    '--ttl': { args: 1 },
  },
  parse(options) {
    const problem = checkOptions('ttl', options, this.options, ONE_OF);
    if (problem) return problem;
    const option = options[0];
    if (!option) return fail('ttl-needs-option');
    const ttl = parseUnsigned(arg(option), 0, 255);
    if (ttl === undefined) return fail('ttl-bad-value', { value: arg(option) }, option);
    const kind = option.name === '--ttl-lt' ? 'lt' : option.name === '--ttl-gt' ? 'gt' : 'eq';
    return ok({ mode: kind === 'eq' && option.negated ? 'ne' : kind, ttl });
  },
  save(data) {
    const text = { eq: '--ttl-eq', ne: '! --ttl-eq', lt: '--ttl-lt', gt: '--ttl-gt' }[data.mode];
    return `${text} ${data.ttl}`;
  },
  evaluate(data, ctx) {
    const ttl = ctx.pkt.ttl;
    const matched =
      data.mode === 'eq'
        ? ttl === data.ttl
        : data.mode === 'ne'
          ? ttl !== data.ttl
          : data.mode === 'lt'
            ? ttl < data.ttl
            : ttl > data.ttl;
    return {
      matched,
      explain: [say(`match.ttl.${data.mode}.${matched ? 'yes' : 'no'}`, matched, { ttl, value: data.ttl })],
    };
  },
};
