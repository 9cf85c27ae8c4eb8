import { describe, expect, it } from 'vitest';
import { parseNft } from '../nft/index.ts';
import { nftChainOf } from './nftOutline.ts';

describe('nftChainOf: a native chain for the chain panel', () => {
  it('gives each rule the line it was written on, in block form and as commands', () => {
    const text = [
      'table ip t {',
      '  chain c {',
      '    type filter hook input priority 0; policy accept;',
      '',
      '    ip saddr 10.0.0.1 drop',
      '    tcp dport 22 accept',
      '  }',
      '}',
      'add rule ip t c counter',
    ].join('\n');
    const view = nftChainOf(parseNft(text).ruleset, 'ip', 't', 'c');
    expect(view?.rules.map((r) => r.line)).toEqual([5, 6, 9]);
  });
});
