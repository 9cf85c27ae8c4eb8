// Expressions and statements evaluated on packets, with the facts from nft(8) and the kernel's nft_*.c.
import { describe, expect, it } from 'vitest';
import { parseNft, printRuleset } from './index.ts';
import { evalCtx, runRule, testPacket } from './testEval.ts';
import type { StmtOutcome } from './model.ts';

const pkt = testPacket;
const run = runRule;
const last = (o: StmtOutcome[]) => o[o.length - 1]!.kind;

describe('relations (nft_cmp, nft_range, nft_lookup)', () => {
  it('prefixes, ranges and != on addresses and ports', () => {
    expect(last(run('ip saddr 10.0.1.0/24 accept', pkt()))).toBe('verdict');
    expect(last(run('ip saddr != 10.0.1.0/24 accept', pkt()))).toBe('break');
    expect(last(run('tcp dport 79-81 accept', pkt()))).toBe('verdict');
    expect(last(run('tcp dport < 80 accept', pkt()))).toBe('break');
  });

  it('a tcp field on a UDP packet is absent: the rule stops (implicit meta l4proto tcp)', () => {
    expect(last(run('tcp dport 80 accept', pkt({ proto: 17 })))).toBe('break');
    expect(last(run('th dport 80 accept', pkt({ proto: 17 })))).toBe('verdict');
  });

  it('ip dscp compares the numeric code point (the 6 high bits of the TOS byte): cs1 is 8, ranges hold numbers', () => {
    expect(last(run('ip dscp cs1 accept', pkt({ tos: 8 << 2 })))).toBe('verdict');
    expect(last(run('ip dscp 8 accept', pkt({ tos: (8 << 2) | 1 })))).toBe('verdict');
    expect(last(run('ip dscp cs1 accept', pkt({ tos: 9 << 2 })))).toBe('break');
    expect(last(run('ip dscp { 0x04, ef } accept', pkt({ tos: 46 << 2 })))).toBe('verdict');
    expect(last(run('ip dscp 1-3 accept', pkt({ tos: 4 << 2 })))).toBe('break');
  });

  it('bitmask types: the implicit operator tests any listed bit, != none of them', () => {
    expect(last(run('tcp flags syn,ack accept', pkt({ tcpFlags: 0x12 })))).toBe('verdict');
    expect(last(run('tcp flags & (syn | ack) == syn accept', pkt({ tcpFlags: 0x12 })))).toBe('break');
    expect(last(run('tcp flags syn / syn,ack accept', pkt({ tcpFlags: 0x02 })))).toBe('verdict');
    expect(last(run('tcp flags != rst accept', pkt({ tcpFlags: 0x02 })))).toBe('verdict');
  });

  it('ct state without an entry is invalid; other ct keys stop the rule (nft_ct_get_eval)', () => {
    expect(last(run('ct state invalid accept', pkt()))).toBe('verdict');
    expect(last(run('ct mark 0 accept', pkt()))).toBe('break');
  });

  it('anonymous and named sets, concatenations', () => {
    expect(last(run('tcp dport { 22, 80 } accept', pkt()))).toBe('verdict');
    const set = 'set s { type ipv4_addr . inet_service; elements = { 10.0.2.2 . 80 } }';
    expect(last(run('ip daddr . tcp dport @s accept', pkt(), {}, set))).toBe('verdict');
    expect(last(run('ip daddr . tcp dport @s accept', pkt({ dport: 81 }), {}, set))).toBe('break');
  });

  it('interface names compare as strings, `eth*` as a prefix; no device is the empty name', () => {
    expect(last(run('iifname "eth*" accept', pkt()))).toBe('verdict');
    expect(last(run('iifname != "eth0" accept', pkt(), { inIface: undefined }))).toBe('verdict');
  });
});

describe('verdict maps and maps', () => {
  it('the element found gives the verdict and is named in the explanation', () => {
    const out = run('ip daddr . meta l4proto . th dport vmap { 10.0.2.2 . tcp . 80 : jump web }', pkt());
    expect(out[0]).toMatchObject({ kind: 'verdict', verdict: { kind: 'jump', chain: 'web' } });
    expect(out[0]!.explain?.params.element).toBe('10.0.2.2 . tcp . 80 : jump web');
  });

  it('no element stops the rule (NFT_BREAK)', () => {
    expect(last(run('tcp dport vmap { 22 : accept }', pkt()))).toBe('break');
  });
});

describe('statements', () => {
  it('meta mark set with a bitwise expression (nft_bitwise)', () => {
    const p = pkt({ mark: 0x1 });
    run('meta mark set meta mark | 0x4000', p);
    expect(p.mark).toBe(0x4001);
    run('mark set mark xor 0x4000', p);
    expect(p.mark).toBe(0x1);
  });

  it('limit: the bucket starts full with burst packets and refills one per unit/rate (nft_limit)', () => {
    const parsed = parseNft(
      'table ip t { chain c { type filter hook input priority 0; limit rate 1/second burst 2 packets accept\n }\n}',
    );
    const stmt = parsed.ruleset.tables[0]!.chains.get('c')!.rules[0]!.stmts[0]!;
    const e = evalCtx(pkt());
    const kinds = [0, 0, 0, 1.5].map((now) => stmt.exec({ ...e, now }).kind);
    expect(kinds).toEqual(['next', 'next', 'break', 'next']);
  });

  it('limit in bytes: the bucket holds one unit of bytes plus the burst (nft_limit_init), a packet costs its length', () => {
    const passed = (limit: string) => {
      const parsed = parseNft(`table ip t { chain c { type filter hook input priority 0; ${limit} accept\n }\n}`);
      const stmt = parsed.ruleset.tables[0]!.chains.get('c')!.rules[0]!.stmts[0]!;
      const e = evalCtx(pkt({ length: 100 }));
      let n = 0;
      while (n < 1000 && stmt.exec(e).kind === 'next') n++;
      return n;
    };
    expect(passed('limit rate 1 kbytes/second')).toBe(10);
    expect(passed('limit rate 1 kbytes/second burst 1 kbytes')).toBe(20);
    expect(passed('limit rate 2 kbytes/minute burst 1000 bytes')).toBe(30);
  });

  it('numgen inc counts the packets that reach it; random draws i with probability 1/mod', () => {
    const parsed = parseNft(
      'table ip t { chain c { type filter hook input priority 0; numgen inc mod 2 vmap { 0 : accept, 1 : drop }\n }\n}',
    );
    const stmt = parsed.ruleset.tables[0]!.chains.get('c')!.rules[0]!.stmts[0]!;
    const e = evalCtx(pkt());
    const verdicts = [1, 2, 3].map(() => {
      const o = stmt.exec(e);
      return o.kind === 'verdict' ? o.verdict.kind : o.kind;
    });
    expect(verdicts).toEqual(['accept', 'drop', 'accept']);
    const probs: number[] = [];
    run('numgen random mod 3 vmap { 0 : accept, 1 : drop, 2 : accept }', pkt(), {
      choose: (p) => {
        probs.push(p);
        return false;
      },
    });
    expect(probs).toEqual([1 / 3, 1 / 2]);
  });

  it('dnat through a map: the element gives address and port; a port needs a transport match', () => {
    const parsed = parseNft(
      'table ip t { chain c { type nat hook prerouting priority dstnat; dnat to tcp dport map { 80 : 10.0.2.9 . 8080 }\n }\n}',
    );
    const out = parsed.ruleset.tables[0]!.chains.get('c')!.rules[0]!.stmts[0]!.exec(evalCtx(pkt()));
    expect(out).toMatchObject({ kind: 'nat', req: { kind: 'dnat', range: { minAddr: 0x0a000209, minPort: 8080 } } });
    expect(
      parseNft('table ip t { chain c { type nat hook prerouting priority dstnat; dnat to 10.0.2.9:80\n }\n}').rejected,
    ).toBe(true);
  });

  it('reject with tcp reset only answers TCP (implicit meta l4proto tcp)', () => {
    expect(last(run('reject with tcp reset', pkt({ proto: 17 })))).toBe('break');
    expect(run('reject with tcp reset', pkt())[0]).toMatchObject({ kind: 'reject', with: 'tcp-reset' });
  });
});

describe('a listing that folds a protocol dependency matches the same packets (fold.ts)', () => {
  it('meta l4proto / ip protocol before tcp, udp, th and icmp fields: same outcome on TCP, UDP and ICMP', () => {
    const rules = [
      'meta l4proto tcp th dport 80 accept',
      'meta l4proto udp th sport 53 accept',
      'ip protocol tcp tcp dport 80 accept',
      'ip protocol udp th dport 80 accept',
      'meta l4proto tcp ip daddr . th dport { 10.0.2.2 . 80 } accept',
      'meta l4proto icmp icmp type echo-request accept',
      'meta l4proto tcp counter th dport 80 accept',
    ];
    const packets = [
      pkt(),
      pkt({ proto: 17, sport: 53 }),
      pkt({ proto: 17, dport: 80 }),
      pkt({ proto: 1, icmpType: 8, sport: undefined, dport: undefined }),
    ];
    for (const rule of rules) {
      const listed = printRuleset(parseNft(`table ip t {\n chain c {\n ${rule}\n }\n}`).ruleset).split('\n')[2]!;
      expect(listed).not.toContain('meta l4proto tcp th');
      for (const p of packets) expect([rule, last(run(listed.trim(), p))]).toEqual([rule, last(run(rule, p))]);
    }
  });
});

describe('raw payload @base,offset,length (nft_payload.c; the form nft lists merged th tests in)', () => {
  it('reads the ports of TCP and UDP and the known IPv4 header fields, big-endian', () => {
    // sport 40000 (0x9c40), dport 80 (0x50): @th,0,32 is 0x9c400050.
    expect(last(run('@th,0,32 0x9c400050 accept', pkt()))).toBe('verdict');
    expect(last(run('@th,16,16 80 accept', pkt({ proto: 17 })))).toBe('verdict');
    expect(last(run('@th,0,32 != 0x9c400050 accept', pkt()))).toBe('break');
    expect(last(run('@nh,72,8 0x6 @nh,64,8 64 @nh,96,32 0x0a000102 accept', pkt()))).toBe('verdict');
    expect(last(run('@nh,0,4 4 accept', pkt()))).toBe('verdict');
  });

  it('bits the lab does not know (IPv4 identification, an ICMP checksum, the link layer) stop the rule (unknownBytes.test.ts)', () => {
    expect(last(run('@nh,32,16 0 accept', pkt()))).toBe('break');
    expect(last(run('@th,0,16 0 accept', pkt({ proto: 1, sport: undefined, dport: undefined })))).toBe('break');
    expect(last(run('@ll,0,8 0 accept', pkt()))).toBe('break');
  });

  it('lists as nft 1.0.6 does, in hex, and reads its listing back', () => {
    const text =
      'table inet t {\n\tchain c {\n\t\t@th,0,32 0x20001\n\t\t@th,0,32 != 0x20001 accept\n\t\t@nh,72,8 0x6\n\t}\n}\n';
    expect(printRuleset(parseNft(text).ruleset)).toBe(text);
    expect(printRuleset(parseNft(text.replace('@nh,72,8 0x6', '@nh,72,8 6')).ruleset)).toBe(text);
  });
});
