import { describe, expect, it } from 'vitest';
import { analyzeRuleset } from '../parse/analyze.ts';
import { fakeLookup } from '../parse/fakeExtensions.ts';
import { reachableHooks } from './index.ts';

const check = (text: string) => analyzeRuleset(text, fakeLookup);
const errorCodes = (text: string) =>
  check(text)
    .diagnostics.filter((d) => d.severity === 'error')
    .map((d) => `${d.line}:${d.code}`);

const nat = (body: string) =>
  `*nat\n:PREROUTING ACCEPT [0:0]\n:INPUT ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n:POSTROUTING ACCEPT [0:0]\n${body}\nCOMMIT\n`;

describe('validation as iptables-restore and the kernel do it', () => {
  it('refuses a jump to a chain the table does not have (kernel case rej09)', () => {
    const r = check('*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -j NOSUCH\nCOMMIT\n');
    expect(r.rejected).toBe(true);
    expect(r.diagnostics[0]).toMatchObject({ line: 3, col: 10, code: 'jump-missing' });
    expect(r.diagnostics[0]!.message).toContain("Chain 'NOSUCH' does not exist");
  });

  it('refuses DNAT in POSTROUTING: its hooks are PREROUTING and OUTPUT (rej07)', () => {
    expect(errorCodes(nat('-A POSTROUTING -p tcp -j DNAT --to-destination 10.0.2.2:80'))).toEqual([
      '6:target-wrong-hook',
    ]);
  });

  it('refuses MASQUERADE in a user chain reached from PREROUTING (rej15), not in one reached from POSTROUTING', () => {
    expect(errorCodes(nat(':U1 - [0:0]\n-A PREROUTING -j U1\n-A U1 -j MASQUERADE'))).toEqual(['8:target-wrong-hook']);
    expect(errorCodes(nat(':U1 - [0:0]\n-A POSTROUTING -j U1\n-A U1 -j MASQUERADE'))).toEqual([]);
  });

  it('accepts a target in a chain nothing jumps to (the kernel checks hooks only when the chain is reachable)', () => {
    expect(errorCodes(nat(':U1 - [0:0]\n-A U1 -j MASQUERADE'))).toEqual([]);
  });

  it('refuses a target outside its tables (REJECT in mangle: rej17) and DROP in nat (rej05)', () => {
    const mangle = '*mangle\n:INPUT ACCEPT [0:0]\n-A INPUT -p tcp -j REJECT\nCOMMIT\n';
    expect(errorCodes(mangle)).toEqual(['3:target-wrong-table']);
    expect(errorCodes(nat('-A PREROUTING -p tcp -j DROP'))).toEqual(['6:nat-drop']);
  });

  it('refuses a match whose hooks exclude the chain (owner only from OUTPUT/POSTROUTING)', () => {
    expect(errorCodes('*filter\n-A INPUT -m owner --uid-owner 0 -j ACCEPT\nCOMMIT\n')).toEqual(['2:match-wrong-hook']);
    expect(errorCodes('*filter\n-A OUTPUT -m owner --uid-owner 0 -j ACCEPT\nCOMMIT\n')).toEqual([]);
  });

  it('refuses a loop of jumps ("Too many links") and names the loop', () => {
    const r = check('*filter\n:A - [0:0]\n:B - [0:0]\n-A INPUT -j A\n-A A -j B\n-A B -j A\nCOMMIT\n');
    const loop = r.diagnostics.find((d) => d.code === 'chain-loop');
    expect(loop).toMatchObject({ line: 6 });
    expect(loop!.message).toContain('A → B → A');
  });

  it('loads a loop and a self-jump in chains no built-in chain reaches, with a warning (nf_tables checks loops from base chains; kernel g36, g37)', () => {
    const r = check('*filter\n:A - [0:0]\n:B - [0:0]\n:U - [0:0]\n-A A -j B\n-A B -j A\n-A U -j U\nCOMMIT\n');
    expect(r.rejected).toBe(false);
    expect(r.diagnostics.map((d) => `${d.severity}:${d.line}:${d.code}`)).toEqual([
      'warning:6:chain-loop-unreached',
      'warning:7:chain-loop-unreached',
    ]);
  });

  it('loads a chain declared twice in a dump, with a warning (iptables-nft-restore accepts it; kernel g38)', () => {
    const r = check('*filter\n:U - [0:0]\n:U - [0:0]\n-A FORWARD -j U\nCOMMIT\n');
    expect(r.rejected).toBe(false);
    expect(r.diagnostics).toMatchObject([{ severity: 'warning', line: 3, code: 'chain-declared-twice' }]);
    expect(errorCodes('iptables -N U\niptables -N U\n')).toEqual(['2:chain-exists']);
  });

  it('refuses -o in INPUT and -i in OUTPUT by chain name, but not in user chains (Docker does that)', () => {
    expect(errorCodes('*filter\n-A INPUT -o eth0 -j ACCEPT\nCOMMIT\n')).toEqual(['2:out-iface-in-input']);
    expect(errorCodes('*filter\n-A OUTPUT -i eth0 -j ACCEPT\nCOMMIT\n')).toEqual(['2:in-iface-in-output']);
    expect(errorCodes(nat(':DOCKER - [0:0]\n-A OUTPUT -j DOCKER\n-A DOCKER -i docker0 -j RETURN'))).toEqual([]);
  });

  it('computes the hooks a user chain is reached from through nested jumps and gotos', () => {
    const r = check(
      nat(':A - [0:0]\n:B - [0:0]\n:C - [0:0]\n-A PREROUTING -j A\n-A OUTPUT -g B\n-A A -j C\n-A B -j C'),
    );
    const hooks = reachableHooks(r.ruleset.tables.get('nat')!);
    expect([...hooks.get('C')!].sort()).toEqual(['OUTPUT', 'PREROUTING']);
    expect([...hooks.get('A')!]).toEqual(['PREROUTING']);
  });
});
