// Interval sets as nft 1.0.6 leaves them (nftables src/intervals.c set_automerge and set_overlap; kernel
// nft_set_pipapo.c, nft_set_hash.c): every message, line and column below is what nft printed for the same text
// in a throw-away network namespace.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseNft, printRuleset } from './index.ts';
import { lookup } from './set.ts';
import { parseIPv4 } from '../net/ipv4.ts';

const set = (body: string, after = '') => `table ip t {\n\tset s {\n\t\ttype ${body}\n\t}\n}\n${after}`;

function refusal(text: string) {
  const p = parseNft(text);
  expect(p.rejected).toBe(true);
  const e = p.diagnostics[0]!;
  return `${e.line}:${e.col} ${e.message}`;
}

function listed(text: string): string {
  const p = parseNft(text);
  expect(p.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return printRuleset(p.ruleset);
}

describe('interval sets without auto-merge (set_overlap)', () => {
  it('keep adjacent elements apart', () => {
    expect(listed(set('ipv4_addr\n\t\tflags interval\n\t\telements = { 10.0.0.0/24, 10.0.1.0/24 }'))).toContain(
      'elements = { 10.0.0.0/24, 10.0.1.0/24 }',
    );
  });

  it('refuse an element inside another at the later one: "conflicting intervals specified"', () => {
    const text = set('ipv4_addr\n\t\tflags interval\n\t\telements = { 10.0.0.0/16, 10.0.1.0/24 }');
    expect(refusal(text)).toBe('5:29 conflicting intervals specified');
  });

  it('sort by low end before looking (for equal lows the wider first): the error is at the narrower one', () => {
    expect(refusal(set('ipv4_addr\n\t\tflags interval\n\t\telements = { 10.0.0.0/24, 10.0.0.0/16 }'))).toBe(
      '5:16 conflicting intervals specified',
    );
    expect(refusal(set('inet_service\n\t\tflags interval\n\t\telements = { 30-40, 10-20, 15 }'))).toBe(
      '5:30 conflicting intervals specified',
    );
  });

  it('refuse a partial overlap, and a value on a range end', () => {
    expect(refusal(set('inet_service\n\t\tflags interval\n\t\telements = { 10-20, 15-30 }'))).toBe(
      '5:23 conflicting intervals specified',
    );
    expect(refusal(set('inet_service\n\t\tflags interval\n\t\telements = { 10-20, 20 }'))).toBe(
      '5:23 conflicting intervals specified',
    );
  });

  it('meet elements of a later `add element` with the same message, at the element sorted later', () => {
    const decl = (el: string) => set(`ipv4_addr\n\t\tflags interval\n\t\telements = { ${el} }`);
    expect(refusal(decl('10.0.0.0/16') + 'add element ip t s { 10.0.1.0/24 }\n')).toBe(
      '8:22 conflicting intervals specified',
    );
    expect(refusal(decl('10.0.1.0/24') + 'add element ip t s { 10.0.0.0/16 }\n')).toBe(
      '5:16 conflicting intervals specified',
    );
  });

  it('keep one of two equal elements', () => {
    expect(listed(set('inet_service\n\t\tflags interval\n\t\telements = { 1-5, 6, 6, 1-5 }'))).toContain(
      'elements = { 1-5, 6 }',
    );
  });

  it('refuse overlapping keys of an interval verdict map, anonymous or named', () => {
    const vmap = 'table ip t {\n\tchain c {\n\t\ttcp dport vmap { 10-20 : accept, 20-30 : drop }\n\t}\n}\n';
    expect(refusal(vmap)).toBe('3:36 conflicting intervals specified');
    const named =
      'table ip t {\n\tmap m {\n\t\ttype ipv4_addr : verdict\n\t\tflags interval\n' +
      '\t\telements = { 10.0.0.0/24 : accept, 10.0.1.0/24 : accept, 10.0.0.5 : drop }\n\t}\n}\n';
    expect(refusal(named)).toBe('5:60 conflicting intervals specified');
  });
});

describe('auto-merge (set_automerge)', () => {
  it('merges contained, overlapping and adjacent elements, and lists the merged ranges', () => {
    const text = set(
      'ipv4_addr\n\t\tflags interval\n\t\tauto-merge\n' +
        '\t\telements = { 10.0.0.0/16, 10.0.1.0/24, 10.1.0.0/16, 10.3.0.1-10.3.0.9, 10.3.0.5-10.3.0.20 }',
    );
    expect(listed(text)).toContain('elements = { 10.0.0.0/15, 10.3.0.1-10.3.0.20 }');
  });

  it('merges elements of a later `add element` with the declared ones', () => {
    const text = set(
      'ipv4_addr\n\t\tflags interval\n\t\tauto-merge\n\t\telements = { 10.0.0.0/24 }',
      'add element ip t s { 10.0.1.0/24, 10.0.0.5 }\n',
    );
    expect(listed(text)).toContain('elements = { 10.0.0.0/23 }');
  });

  it('keeps the comment of the first element of a merged run', () => {
    const text = set(
      'inet_service\n\t\tflags interval\n\t\tauto-merge\n\t\telements = { 10 comment "b", 1-5 comment "a", 6 }',
    );
    expect(listed(text)).toContain('elements = { 1-6 comment "a", 10 comment "b" }');
  });

  it('a merged set matches exactly the union of what was written (nft_set_rbtree.c lookup)', () => {
    const p = parseNft(
      set('ipv4_addr\n\t\tflags interval\n\t\tauto-merge\n\t\telements = { 10.0.0.0/24, 10.0.1.0/24, 10.0.0.7 }'),
    );
    const s = p.ruleset.tables[0]!.sets.get('s')!;
    expect(s.elements).toHaveLength(1);
    for (const [addr, inside] of [
      ['10.0.0.0', true],
      ['10.0.1.255', true],
      ['10.0.2.0', false],
      ['9.255.255.255', false],
    ] as const)
      expect(lookup(s, [parseIPv4(addr)!], undefined) !== undefined, addr).toBe(inside);
  });

  it('is not in a map block: "syntax error, unexpected auto-merge"', () => {
    const text = 'table ip t {\n\tmap m {\n\t\ttype ipv4_addr : verdict\n\t\tflags interval\n\t\tauto-merge\n\t}\n}\n';
    expect(refusal(text)).toBe('5:3 syntax error, unexpected auto-merge');
  });

  it('never merges a concatenation; an overlapping one is refused by the kernel ("File exists")', () => {
    const concat = (els: string) =>
      set(`ipv4_addr . inet_service\n\t\tflags interval\n\t\tauto-merge\n\t\telements = { ${els} }`);
    expect(listed(concat('10.0.0.0/24 . 80, 10.0.1.0/24 . 80'))).toContain(
      'elements = { 10.0.0.0/24 . 80,\n\t\t\t     10.0.1.0/24 . 80 }',
    );
    expect(refusal(concat('10.0.0.0/16 . 80, 10.0.1.0/24 . 80'))).toBe('6:34 Could not process rule: File exists');
  });
});

describe('anonymous sets', () => {
  it('with a range or prefix are interval sets, always merged; a set written with several stays a set', () => {
    const text =
      'table ip t {\n\tchain c {\n\t\ttcp dport { 10-20, 15-30, 40 } accept\n\t\ttcp dport { 22, 23, 30-40, 41 }\n' +
      '\t\tip saddr { 10.0.0.0/24, 10.0.1.0/24 } accept\n\t\ttcp dport { 22, 23, 24 }\n\t\ttcp dport { 22, 22 }\n\t}\n}\n';
    const out = listed(text);
    expect(out).toContain('\t\ttcp dport { 10-30, 40 } accept\n');
    expect(out).toContain('\t\ttcp dport { 22-23, 30-41 }\n');
    expect(out).toContain('\t\tip saddr { 10.0.0.0/23 } accept\n');
    expect(out).toContain('\t\ttcp dport { 22, 23, 24 }\n');
    expect(out).toContain('\t\ttcp dport { 22 }\n');
  });

  it('a map with one key twice: the same value is one element, another is refused ("File exists")', () => {
    const vmap = (els: string) => `table ip t {\n\tchain c {\n\t\ttcp dport vmap { ${els} }\n\t}\n}\n`;
    expect(listed(vmap('1 : accept, 1 : accept'))).toContain('tcp dport vmap { 1 : accept }');
    expect(refusal(vmap('1 : accept, 1 : drop'))).toBe('3:32 Could not process rule: File exists');
  });
});

describe('named sets without flags interval', () => {
  it('refuse a prefix or a range, naming which', () => {
    expect(refusal(set('ipv4_addr\n\t\telements = { 10.0.0.0/24 }'))).toBe(
      "4:16 You must add 'flags interval' to your set declaration if you want to add prefix elements",
    );
    expect(refusal(set('inet_service\n\t\telements = { 10-20 }'))).toBe(
      "4:16 You must add 'flags interval' to your set declaration if you want to add range elements",
    );
  });
});

describe('interval sets, for any elements (property)', () => {
  const range = fc
    .tuple(fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 6 }))
    .map(([lo, len]) => (len === 0 ? `${lo}` : `${lo}-${lo + len}`));
  const elements = fc.array(range, { minLength: 1, maxLength: 8 });
  const bounds = (text: string) => text.split('-').map(Number) as [number, number?];
  const covers = (els: string[], port: number) =>
    els.some((e) => {
      const [lo, hi = lo] = bounds(e);
      return port >= lo && port <= hi;
    });

  it('auto-merge keeps exactly the ports written, in disjoint, non-adjacent, sorted elements', () => {
    fc.assert(
      fc.property(elements, (els) => {
        const p = parseNft(
          set(`inet_service\n\t\tflags interval\n\t\tauto-merge\n\t\telements = { ${els.join(', ')} }`),
        );
        expect(p.rejected).toBe(false);
        const s = p.ruleset.tables[0]!.sets.get('s')!;
        const keys = s.elements.map((el) => el.key[0] as { lo: number; hi: number });
        for (let i = 1; i < keys.length; i++) expect(keys[i]!.lo).toBeGreaterThan(keys[i - 1]!.hi + 1);
        for (let port = 0; port <= 70; port++)
          expect(lookup(s, [port], undefined) !== undefined).toBe(covers(els, port));
      }),
      { numRuns: 200 },
    );
  });

  it('without auto-merge: refused at an element exactly when two different elements overlap', () => {
    fc.assert(
      fc.property(elements, (els) => {
        const p = parseNft(set(`inet_service\n\t\tflags interval\n\t\telements = { ${els.join(', ')} }`));
        const distinct = [...new Set(els.map((e) => bounds(e).join('-')))].map((e) => bounds(e));
        const clash = distinct.some(([a, b = a], i) => distinct.some(([c, d = c], j) => i !== j && a <= d && c <= b));
        expect(p.rejected).toBe(clash);
        if (clash) expect(p.diagnostics[0]!.message).toBe('conflicting intervals specified');
      }),
      { numRuns: 200 },
    );
  });
});
