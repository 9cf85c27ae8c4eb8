import { describe, expect, it } from 'vitest';
import type { ParseContext } from '../ext/types.ts';
import { findMatch, matchModules } from './index.ts';
import { parseWith } from './util/moduleTesting.ts';

/** One or more option texts per module, with the parse context they need. */
const SAMPLES: [string, string, Partial<ParseContext>?][] = [
  ['tcp', '! --sport 1024: --dport ssh --syn --tcp-option 2', { proto: 6 }],
  ['udp', '--sport :53 ! --dport 67:68', { proto: 17 }],
  ['icmp', '! --icmp-type port-unreachable', { proto: 1 }],
  ['comment', '--comment "kubernetes service portals"'],
  ['mark', '! --mark 0x4000/0x4000'],
  ['connmark', '--mark 0x1/0xff'],
  ['state', '--state ESTABLISHED,RELATED,new'],
  ['conntrack', '--ctstate DNAT --ctorigdst 10.0.0.0/255.0.255.0 ! --ctproto udp --ctstatus ASSURED --ctdir REPLY'],
  ['statistic', '--mode random --probability 0.33333333349'],
  ['statistic', '--mode nth --every 3 --packet 1'],
  ['addrtype', '! --src-type LOCAL --dst-type LOCAL,BROADCAST --limit-iface-in'],
  ['multiport', '--dports http,8000:8100', { proto: 6 }],
  ['set', '! --match-set KUBE-X dst,dst --return-nomatch ! --update-counters --bytes-gt 10'],
  ['mac', '--mac-source AA:bb:cc:dd:ee:ff'],
  ['iprange', '--src-range 10.0.0.1-10.0.0.9 ! --dst-range 10.1.0.1'],
  ['limit', '--limit 25/minute --limit-burst 100'],
  ['length', '! --length 1400:'],
  ['tos', '--tos Minimize-Cost'],
  ['dscp', '--dscp-class AF41'],
  ['ttl', '--ttl-lt 2'],
  ['owner', '--uid-owner 1000-2000 ! --gid-owner www-data', { chain: 'OUTPUT' }],
  ['physdev', '! --physdev-is-bridged --physdev-in veth+', { chain: 'FORWARD' }],
  ['recent', '--update --seconds 60 --hitcount 4 --name SSH --mask 255.255.255.0 --rdest'],
  ['sctp', '--dport 3868 --chunk-types only INIT,DATA:B', { proto: 132 }],
  ['tcpmss', '! --mss 1400:', { proto: 6 }],
  ['pkttype', '--pkt-type mcast'],
  ['helper', '--helper "sip-5060"'],
  ['connbytes', '--connbytes 10: --connbytes-dir both --connbytes-mode bytes'],
  ['connlimit', '--connlimit-upto 5 --connlimit-mask 24'],
  ['hashlimit', '--hashlimit-upto 50/min --hashlimit-burst 10 --hashlimit-mode srcip,dstport --hashlimit-name web'],
  ['hashlimit', '--hashlimit-above 512kb/s --hashlimit-burst 1mb --hashlimit-name bulk --hashlimit-srcmask 24'],
  ['quota', '--quota 1048576'],
  ['policy', '--dir out --pol ipsec --strict --proto esp --mode tunnel --tunnel-src 192.0.2.1', { chain: 'OUTPUT' }],
  ['string', '--hex-string "|00|abc" --algo kmp --to 1000'],
  ['time', '--timestart 22:00 --timestop 06:00 --contiguous --weekdays Sat,Sun'],
  ['u32', '--u32 "6&0xFF=1&&4&0x3FFF=0"'],
  ['socket', '--transparent', { table: 'mangle', chain: 'PREROUTING' }],
  ['rpfilter', '--loose --invert', { table: 'raw', chain: 'PREROUTING' }],
];

describe('the match registry', () => {
  it('names each module once and finds it by name', () => {
    const names = matchModules.map((m) => m.name);
    expect(new Set(names).size).toBe(names.length);
    for (const m of matchModules) expect(findMatch(m.name)).toBe(m);
    expect(findMatch('no-such-match')).toBeUndefined();
  });

  it('spells every option as --long-name', () => {
    for (const m of matchModules)
      for (const name of Object.keys(m.options)) expect(name).toMatch(/^--[a-z][a-z0-9-]*$/);
  });

  it('has a round-trip sample for every module', () => {
    const sampled = new Set(SAMPLES.map(([name]) => name));
    expect(matchModules.map((m) => m.name).filter((n) => !sampled.has(n))).toEqual([]);
  });
});

describe('save is canonical: parse(save(x)) saves the same text', () => {
  it.each(SAMPLES)('%s %s', (name, text, ctx = {}) => {
    const module = findMatch(name)!;
    const first = parseWith(module, text, ctx);
    if (!first.ok) throw new Error(first.message);
    const once = module.save(first.data);
    const again = parseWith(module, once, ctx);
    if (!again.ok) throw new Error(`saved text refused: ${once}: ${again.message}`);
    expect(module.save(again.data)).toBe(once);
    expect(again.data).toEqual(first.data);
  });
});
