import { describe, expect, it } from 'vitest';
import { createSession } from './session.ts';

const NFT = [
  'table inet filter {',
  '  chain input {',
  '    type filter hook input priority 0; policy drop;',
  '    ct state established,related accept',
  '    tcp dport 22 accept',
  '  }',
  '  chain forward {',
  '    type filter hook forward priority 0; policy drop;',
  '  }',
  '}',
  'table ip nat {',
  '  chain post {',
  '    type nat hook postrouting priority srcnat; policy accept;',
  '    oifname "eth0" masquerade',
  '  }',
  '}',
].join('\n');

describe('load: the header summary counts what the text holds', () => {
  it('counts an nftables ruleset’s tables, chains and rules (it said 0 tables for nft text)', () => {
    const loaded = createSession().load({ text: NFT });
    expect(loaded.ok).toBe(true);
    expect(loaded.summary).toEqual({ tables: 2, chains: 3, rules: 3 });
  });

  it('adds an iptables-save dump loaded beside the nft text', () => {
    const iptablesRules =
      '*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n-A INPUT -j ACCEPT\nCOMMIT\n';
    const loaded = createSession().load({ text: NFT, iptablesRules });
    expect(loaded.summary).toEqual({ tables: 3, chains: 6, rules: 4 });
  });
});

describe('load: a refused nftables text', () => {
  it('is not ok and says where, as nft does (`chain fwd`: fwd is a keyword of nft’s grammar, 2:7)', () => {
    const loaded = createSession().load({ text: 'table inet t {\n\tchain fwd {\n\t}\n}\n' });
    expect(loaded.ok).toBe(false);
    expect(loaded.diagnostics).toMatchObject([
      { line: 2, col: 8, severity: 'error', message: 'syntax error, unexpected fwd, expecting string' },
    ]);
    expect(loaded.summary).toEqual({ tables: 0, chains: 0, rules: 0 });
  });
});
