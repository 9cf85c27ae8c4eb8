// The nftables editor's words come from the engine's nft registry: highlighting tells a family after `table` from
// the `ip` expression, and completion offers an expression's fields, hooks, priorities, declared chains and sets.
import { describe, expect, it } from 'vitest';
import { declaredNames, suggestNft } from './nftCompletion.ts';
import { nftWordStyle } from './nftLanguage.ts';

const labels = (before: string, names = { chains: [] as string[], sets: [] as string[] }) =>
  suggestNft(before, names)?.options.map((o) => o.label) ?? [];

describe('nftables highlighting', () => {
  it('a family after table, an expression and its field in a rule, verdicts, declaration words', () => {
    expect(nftWordStyle('inet', 'table')).toBe('namespace');
    expect(nftWordStyle('ip', null)).toBe('typeName');
    expect(nftWordStyle('saddr', 'ip')).toBe('propertyName');
    expect(nftWordStyle('accept', null)).toBe('atom');
    expect(nftWordStyle('input', 'hook')).toBe('atom');
    expect(nftWordStyle('dstnat', 'priority')).toBe('atom');
    expect(nftWordStyle('counter', null)).toBe('keyword');
    expect(nftWordStyle('ip6', null)).toBe('meta');
  });
});

describe('nftables completion', () => {
  it("an expression's fields come from the registry", () => {
    expect(labels('\t\tip ')).toEqual(expect.arrayContaining(['saddr', 'daddr', 'protocol']));
    expect(labels('\t\tct ')).toEqual(expect.arrayContaining(['state', 'status', 'mark']));
    expect(labels('\t\tmeta ')).toEqual(expect.arrayContaining(['l4proto', 'mark']));
  });

  it('base chain declarations: types, hooks, named priorities', () => {
    expect(labels('type ')).toEqual(expect.arrayContaining(['filter', 'nat', 'route']));
    expect(labels('type filter hook ')).toEqual(expect.arrayContaining(['prerouting', 'postrouting']));
    expect(labels('type nat hook prerouting priority ')).toContain('dstnat');
  });

  it('jump and goto offer the chains of the text, @ its sets', () => {
    const text = 'table inet fw {\n\tset allowed { type ipv4_addr; }\n\tchain in { }\n\tchain web { }\n}\n';
    const names = declaredNames(text);
    expect(names).toEqual({ chains: ['in', 'web'], sets: ['allowed'] });
    expect(labels('\t\ttcp dport 80 jump ', names)).toEqual(['in', 'web']);
    expect(labels('\t\tip saddr @', names)).toEqual(['@allowed']);
  });

  it('a rule starts with an expression, a statement or a verdict', () => {
    expect(labels('\t\tco')).toEqual(expect.arrayContaining(['counter', 'ct', 'tcp', 'accept']));
  });
});
