// Bit lists written with `|` (nftables src/parser_bison.y: a flag list is a `basic_rhs_expr '|' …` chain, folded to
// one constant by evaluate.c): each expected listing is what nft 1.0.6 printed after `nft -f` in a throw-away
// network namespace, and each verdict follows the bytecode `nft --debug=netlink` showed for the rule.
import { describe, expect, it } from 'vitest';
import { parseNft, printRuleset } from './index.ts';
import { listedRules, packetEval } from './testEval.ts';

const listed = (body: string) => listedRules('ip', [body]);

describe('tcp flags syn | ack: a bit list joined by | (nft 1.0.6 lists `tcp flags syn,ack`)', () => {
  it('as a value it is the same any-bit test as syn,ack (bitwise & 0x12, cmp neq 0)', () => {
    expect(listed('tcp flags syn | ack accept\ntcp flags syn|ack accept')).toEqual([
      'tcp flags syn,ack accept',
      'tcp flags syn,ack accept',
    ]);
    expect(packetEval('tcp flags syn | ack accept', { tcpFlags: 0x10 })).toBe('verdict');
    expect(packetEval('tcp flags syn | ack accept', { tcpFlags: 0x01 })).toBe('break');
  });

  it('in a set, | joins one element and , separates elements (nft lists `tcp flags { syn | ack, ack }`)', () => {
    // nft sorts `syn | ack` by its lowest flag, syn, so before ack (elementOrder.ts), whichever order it was written in.
    expect(listed('tcp flags { syn | ack, ack } accept')).toEqual(['tcp flags { syn | ack, ack } accept']);
    expect(listed('tcp flags { ack, syn | ack } accept')).toEqual(['tcp flags { syn | ack, ack } accept']);
    // A set compares exactly (lookup of 0x12 and 0x10): syn alone is in neither element.
    expect(packetEval('tcp flags { syn | ack, ack } accept', { tcpFlags: 0x12 })).toBe('verdict');
    expect(packetEval('tcp flags { syn | ack, ack } accept', { tcpFlags: 0x02 })).toBe('break');
  });

  it('a one-element set is a comparison listed as `tcp flags syn,ack` (nft 1.0.6)', () => {
    expect(listed('tcp flags { syn | ack } accept')).toEqual(['tcp flags syn,ack accept']);
  });

  it('under a mask both sides may use | (nft lists `tcp flags syn,ack / syn,ack`)', () => {
    expect(listed('tcp flags & (syn|ack) == syn|ack accept')).toEqual(['tcp flags syn,ack / syn,ack accept']);
    expect(packetEval('tcp flags & (syn|ack) == syn|ack accept', { tcpFlags: 0x12 })).toBe('verdict');
    expect(packetEval('tcp flags & (syn|ack) == syn|ack accept', { tcpFlags: 0x02 })).toBe('break');
  });

  it('ct state { established | related, new } (nft 1.0.6 lists it as written)', () => {
    expect(listed('ct state { established | related, new } accept')).toEqual([
      'ct state { established | related, new } accept',
    ]);
  });

  it('== and != compare the whole field: nft lists several bits of tcp flags as a number (tcp flags == 0x12)', () => {
    expect(listed('tcp flags == syn | ack accept\ntcp flags != syn,ack accept\ntcp flags == syn accept')).toEqual([
      'tcp flags == 0x12 accept',
      'tcp flags != 0x12 accept',
      'tcp flags == syn accept',
    ]);
    expect(packetEval('tcp flags == syn | ack accept', { tcpFlags: 0x12 })).toBe('verdict');
    expect(packetEval('tcp flags == syn | ack accept', { tcpFlags: 0x10 })).toBe('break');
  });

  it('!= on one bit is exact too: nft 1.0.6 compiles tcp flags != rst to `cmp neq reg 1 0x04`', () => {
    expect(packetEval('tcp flags != rst accept', { tcpFlags: 0x14 })).toBe('verdict');
    expect(packetEval('tcp flags != rst accept', { tcpFlags: 0x04 })).toBe('break');
  });
});

describe('ct state == established,related: nft 1.0.6 lists an exact compare of several ct bits as an OR', () => {
  const once = (body: string) =>
    printRuleset(parseNft(`table ip t {\n chain c {\n${body}\n }\n}`).ruleset)
      .split('\n')
      .filter((l) => l.startsWith('\t\t'))
      .map((l) => l.trim());

  it('joined by |, lowest bit first, without == (netlink_delinearize.c relational_binop_postprocess)', () => {
    expect(
      once(
        'ct state == related,established accept\nct state != established,related accept\n' +
          'ct status == dnat,snat accept\nct state == new,established,related accept\nct state == established accept',
      ),
    ).toEqual([
      'ct state established | related accept',
      'ct state != established | related accept',
      'ct status snat | dnat accept',
      'ct state established | related | new accept',
      'ct state == established accept',
    ]);
  });

  it('a bit without a name is in hex, as is a value with none set (nft lists `established | 0x80`, `0x0`)', () => {
    expect(once('ct state == 0x82 accept\nct state == 0 accept\nct state 0 accept')).toEqual([
      'ct state established | 0x80 accept',
      'ct state == 0x0 accept',
      'ct state 0x0 accept',
    ]);
  });

  it('nft reads its own listing back as a test for any of the bits: the listing is not a fixed point', () => {
    // `ct state established | related` is loaded as `ct state established,related` (bitwise & 0x6, cmp neq 0),
    // where `ct state == established,related` was `cmp eq reg 1 0x00000006` (nft --debug=netlink).
    const first = once('ct state == established,related accept');
    expect(once(first.join('\n'))).toEqual(['ct state established,related accept']);
  });
});
