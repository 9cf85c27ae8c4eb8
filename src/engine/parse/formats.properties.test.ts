// Property tests over every input format the engine reads, through its public entry: a ruleset written as
// iptables commands, as `iptables -S` output and as an iptables-save dump is the same ruleset (each saves to the
// same canonical text, which is a fixed point of parse → save); odd bytes (NUL, CRLF, a BOM, one huge line) never
// throw and every diagnostic points at a line and column that exist; `ipset save` text never throws either.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseIpsets, parseRuleset, saveRuleset } from '../index.ts';

const USER_CHAINS = ['WEB', 'SSH-IN', 'LOG-DROP'];
const octet = fc.integer({ min: 0, max: 255 });
const cidr = fc
  .tuple(octet, octet, octet, octet, fc.integer({ min: 8, max: 32 }))
  .map(([a, b, c, d, len]) => `${a}.${b}.${c}.${d}/${len}`);

/** One rule's options after `-A CHAIN`, from pieces whose canonical order is the one iptables-save prints. */
const ruleBody = (targets: string[]) =>
  fc
    .record({
      src: fc.option(cidr, { nil: undefined }),
      proto: fc.option(fc.constantFrom('tcp', 'udp'), { nil: undefined }),
      dport: fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined }),
      target: fc.constantFrom(...targets),
    })
    .map(({ src, proto, dport, target }) =>
      [src && `-s ${src}`, proto && `-p ${proto}`, proto && dport && `-m ${proto} --dport ${dport}`, `-j ${target}`]
        .filter(Boolean)
        .join(' '),
    );

const filterRuleset = fc
  .record({
    policies: fc.tuple(...['INPUT', 'FORWARD', 'OUTPUT'].map(() => fc.constantFrom('ACCEPT', 'DROP'))),
    userChains: fc.subarray(USER_CHAINS),
  })
  .chain(({ policies, userChains }) =>
    fc
      .array(
        fc.tuple(
          fc.constantFrom('INPUT', 'FORWARD', 'OUTPUT', ...userChains),
          ruleBody(['ACCEPT', 'DROP', 'RETURN', ...userChains]),
        ),
        { maxLength: 12 },
      )
      // A user chain jumping to itself (directly) is refused by iptables; keep the generated rulesets loadable.
      .map((rules) => rules.filter(([chain, body]) => !body.endsWith(`-j ${chain}`)))
      .map((rules) => ({ policies, userChains, rules })),
  );

type Filter = { policies: string[]; userChains: string[]; rules: [string, string][] };

function asCommands(r: Filter): string {
  const out = ['INPUT', 'FORWARD', 'OUTPUT'].map((c, i) => `iptables -P ${c} ${r.policies[i]}`);
  for (const c of r.userChains) out.push(`iptables -N ${c}`);
  for (const [chain, body] of r.rules) out.push(`iptables -A ${chain} ${body}`);
  return `${out.join('\n')}\n`;
}

/** `iptables -S` prints policies, then user chains, then the rules, one per line, without the table. */
function asDashS(r: Filter): string {
  const out = ['INPUT', 'FORWARD', 'OUTPUT'].map((c, i) => `-P ${c} ${r.policies[i]}`);
  for (const c of r.userChains) out.push(`-N ${c}`);
  for (const [chain, body] of r.rules) out.push(`-A ${chain} ${body}`);
  return `${out.join('\n')}\n`;
}

const errorsOf = (text: string) => parseRuleset(text).diagnostics.filter((d) => d.severity === 'error');

describe('every rules format reads the same ruleset', () => {
  it('commands, -S output and the saved dump save to one canonical text, a fixed point of parse → save', () => {
    fc.assert(
      fc.property(filterRuleset, (r) => {
        const fromCommands = parseRuleset(asCommands(r));
        fc.pre(!fromCommands.rejected);
        const canonical = saveRuleset(fromCommands.ruleset);
        expect(errorsOf(canonical)).toEqual([]);
        expect(saveRuleset(parseRuleset(canonical).ruleset)).toBe(canonical);
        const fromDashS = parseRuleset(asDashS(r));
        expect(fromDashS.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
        expect(saveRuleset(fromDashS.ruleset)).toBe(canonical);
      }),
      { numRuns: 200 },
    );
  });
});

describe('odd bytes never throw, and every diagnostic points inside the text', () => {
  const odd = fc.oneof(
    fc.constantFrom('\u0000', '\r\n', '\r', '\ufeff', '\t', '\u00a0', '\u2028', '"', "'", '\\', '#', '*', ':'),
    fc.string({ maxLength: 20 }),
    fc.constantFrom('*filter', 'COMMIT', '-A INPUT', ':INPUT ACCEPT [0:0]', '-j ACCEPT', 'iptables -A INPUT'),
  );
  it('lines of odd pieces, as a dump or a script, give located diagnostics', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.array(odd, { maxLength: 8 }).map((p) => p.join(' ')),
          { maxLength: 8 },
        ),
        (lines) => {
          const text = lines.join('\n');
          const r = parseRuleset(text);
          const lineCount = text.split(/\r\n|\r|\n/).length;
          for (const d of r.diagnostics) {
            expect(d.code ?? '').not.toMatch(/^internal-error/);
            expect(d.line).toBeGreaterThanOrEqual(1);
            expect(d.line).toBeLessThanOrEqual(Math.max(1, lineCount, text.split('\n').length));
            expect(d.col).toBeGreaterThanOrEqual(1);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('a BOM and CRLF line endings read as the same ruleset as plain LF text', () => {
    fc.assert(
      fc.property(filterRuleset, (r) => {
        const plain = asDashS(r);
        const windows = `\ufeff${plain.replaceAll('\n', '\r\n')}`;
        const a = parseRuleset(plain);
        const b = parseRuleset(windows);
        fc.pre(!a.rejected);
        expect(b.rejected).toBe(false);
        expect(saveRuleset(b.ruleset)).toBe(saveRuleset(a.ruleset));
      }),
      { numRuns: 100 },
    );
  });
});

describe('ipset save text', () => {
  const ipsetWord = fc.oneof(
    fc.constantFrom('create', 'add', 'KUBE-SET', 'hash:ip', 'hash:ip,port', 'hash:net', 'family', 'inet', 'timeout'),
    cidr,
    fc.string({ maxLength: 12 }),
  );
  it('random ipset text never throws, and its diagnostics are located', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.array(ipsetWord, { maxLength: 6 }).map((w) => w.join(' ')),
          { maxLength: 10 },
        ),
        (lines) => {
          const text = lines.join('\n');
          const r = parseIpsets(text);
          for (const d of r.diagnostics) {
            expect(d.line).toBeGreaterThanOrEqual(1);
            expect(d.line).toBeLessThanOrEqual(lines.length);
            expect(d.col).toBeGreaterThanOrEqual(1);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
