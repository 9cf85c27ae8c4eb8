import { describe, expect, it } from 'vitest';
import { extensionVocabulary } from '../../engine/index.ts';
import { declaredChains, suggest } from './completion.ts';

const labels = (before: string, chains: string[] = []) => suggest(before, chains)?.options.map((o) => o.label) ?? [];

describe('rules editor completion', () => {
  it('finds the user chains of both dump and command forms', () => {
    expect(declaredChains(':INPUT DROP [0:0]\n:SSH-IN - [0:0]\niptables -N LOGDROP\n-N KUBE-SVC-X')).toEqual([
      'KUBE-SVC-X',
      'LOGDROP',
      'SSH-IN',
    ]);
  });

  it('completes tables after -t and at a *table header', () => {
    expect(labels('iptables -t n')).toContain('nat');
    expect(labels('*ma')).toContain('*mangle');
  });

  it('completes chain names after a chain command, built-in and user ones', () => {
    const l = labels('-A ', ['SSH-IN']);
    expect(l).toContain('PREROUTING');
    expect(l).toContain('SSH-IN');
  });

  it('completes targets and user chains after -j', () => {
    const l = labels('-A INPUT -p tcp -j ', ['SSH-IN']);
    expect(l).toEqual(expect.arrayContaining(['ACCEPT', 'DROP', 'REJECT', 'DNAT', 'SSH-IN']));
  });

  it('completes match modules after -m, and their options after them', () => {
    expect(labels('-A INPUT -m ')).toEqual(expect.arrayContaining(['conntrack', 'statistic', 'multiport']));
    expect(labels('-A INPUT -m conntrack --ct')).toContain('--ctstate');
    expect(labels('-A INPUT -m conntrack --ctstate ')).toContain('RELATED,ESTABLISHED');
  });

  it('offers a protocol match’s options once -p names it, and a target’s options after -j', () => {
    expect(labels('-A INPUT -p tcp --d')).toContain('--dport');
    expect(labels('-A INPUT -p udp --d')).not.toContain('--tcp-flags');
    expect(labels('-A INPUT -j REJECT --')).toContain('--reject-with');
  });

  it('replaces only the word being typed', () => {
    expect(suggest('-A INPUT -m conn', [])?.from).toBe('-A INPUT -m '.length);
  });

  // Derived from the engine's registries: adding a match or target module is enough to complete it.
  const { matches, targets } = extensionVocabulary();

  it.each(matches.map((m) => [m.name, m] as const))('completes -m %s and its options, with its description', (_, m) => {
    const found = suggest('-A INPUT -m ', [])?.options.find((o) => o.label === m.name);
    expect(found).toEqual({ label: m.name, type: 'function', about: `match:about.${m.name}` });
    expect(labels(`-A INPUT -m ${m.name} --`)).toEqual(expect.arrayContaining([...m.options]));
  });

  it.each(targets.map((t) => [t.name, t] as const))('completes -j %s and its options', (_, t) => {
    expect(labels('-A INPUT -j ')).toContain(t.name);
    expect(labels(`-A INPUT -j ${t.name} --`)).toEqual(expect.arrayContaining([...t.options]));
  });
});
