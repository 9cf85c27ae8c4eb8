// Small stand-in extensions for the parser's own tests: they pin the parser's dispatch and placement logic
// without depending on how the real modules evolve. Never used outside tests.
import type { MatchModule, ParsedOption, TargetModule } from '../ext/types.ts';
import type { ExtensionLookup } from './rule.ts';

type Opts = { opts: ParsedOption[] };

function saveOpts(d: Opts): string {
  return d.opts
    .map((o) =>
      [o.negated ? '!' : '', o.name, ...o.args.map((a) => (/\s/.test(a) ? `"${a}"` : a))].filter(Boolean).join(' '),
    )
    .join(' ');
}

function fakeMatch(name: string, options: MatchModule['options'], extra: Partial<MatchModule<Opts>> = {}): MatchModule {
  const m: MatchModule<Opts> = {
    name,
    options,
    parse: (opts, ctx) => {
      if ((name === 'tcp' || name === 'udp') && ctx.proto !== (name === 'tcp' ? 6 : 17))
        return {
          ok: false,
          message: `${name} needs -p ${name}`,
          error: { id: `match:error.${name}-needs-proto`, params: {} },
        };
      return { ok: true, data: { opts } };
    },
    save: saveOpts,
    evaluate: () => ({ matched: true, explain: [] }),
    ...extra,
  };
  return m as MatchModule;
}

function fakeTarget(
  name: string,
  options: TargetModule['options'],
  extra: Partial<TargetModule<Opts>> = {},
): TargetModule {
  const t: TargetModule<Opts> = {
    name,
    options,
    parse: (opts) => {
      if (name === 'DNAT' && opts.length === 0)
        return {
          ok: false,
          message: 'needs --to-destination',
          error: { id: 'target:error.nat-needs-to', params: { target: 'DNAT', option: '--to-destination' } },
        };
      return { ok: true, data: { opts } };
    },
    save: saveOpts,
    apply: () => ({ verdict: { kind: 'continue' }, explain: [] }),
    ...extra,
  };
  return t as TargetModule;
}

const port = { args: 1 as const, negatable: true };
const matches = [
  fakeMatch('tcp', { '--dport': port, '--sport': port, '--syn': { args: 0, negatable: true } }),
  fakeMatch('udp', { '--dport': port, '--sport': port }),
  fakeMatch('comment', { '--comment': { args: 1 } }),
  fakeMatch('mark', { '--mark': { args: 1, negatable: true } }),
  fakeMatch('connmark', { '--mark': { args: 1, negatable: true } }),
  fakeMatch('statistic', { '--mode': { args: 1 }, '--probability': { args: 1 } }),
  fakeMatch('owner', { '--uid-owner': { args: 1, negatable: true } }, { hooks: () => ['OUTPUT', 'POSTROUTING'] }),
];
const targets = [
  fakeTarget('DNAT', { '--to-destination': { args: 1 } }, { tables: ['nat'], hooks: ['PREROUTING', 'OUTPUT'] }),
  fakeTarget('MASQUERADE', { '--to-ports': { args: 1 } }, { tables: ['nat'], hooks: ['POSTROUTING'] }),
  fakeTarget('LOG', { '--log-prefix': { args: 1 }, '--log-level': { args: 1 } }),
  fakeTarget('MARK', { '--set-mark': { args: 1 }, '--or-mark': { args: 1 } }),
  fakeTarget('REJECT', { '--reject-with': { args: 1 } }, { tables: ['filter'], hooks: ['INPUT', 'FORWARD', 'OUTPUT'] }),
];

export const fakeLookup: ExtensionLookup = {
  findMatch: (name) => matches.find((m) => m.name === name),
  findTarget: (name) => targets.find((t) => t.name === name),
};
