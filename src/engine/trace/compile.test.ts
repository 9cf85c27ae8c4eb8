import { describe, expect, it } from 'vitest';
import { genericSteps } from '../match/generic.ts';
import { testPacket } from '../match/util/testContext.ts';
import { parseRuleset } from '../parse/index.ts';
import { compileRuleset } from './compile.ts';

/** The FORWARD rules of a one-rule filter table, compiled. */
function compiledForward(rule: string) {
  const { ruleset } = parseRuleset(`*filter\n:FORWARD ACCEPT [0:0]\n-A FORWARD ${rule}\nCOMMIT\n`);
  return { ruleset, compile: () => compileRuleset(ruleset).tables.get('filter')!.get('FORWARD')!.rules };
}

describe('compiled generic tests agree with their explanation', () => {
  // iptables refuses `! -p all` ("rule would never match protocol"), but a ruleset built another way can hold it:
  // the kernel's ip_packet_match tests `if (ipinfo->proto && FWINV(...))`, so a zero protocol is never tested.
  it('! -p all tests nothing, in the fast path and in the explained steps', () => {
    const { ruleset, compile } = compiledForward('-p all -j DROP');
    const rule = ruleset.tables.get('filter')!.chains.get('FORWARD')!.rules[0]!;
    rule.proto = { negated: true, value: 0 };
    const [compiled] = compile();
    const pkt = testPacket({ proto: 17 });
    expect(compiled!.generic(pkt, 'eth0', 'eth1')).toBe(true);
    expect(genericSteps(rule, pkt, 'eth0', 'eth1')).toMatchObject([{ name: 'proto', matched: true }]);
  });

  it('! -p tcp refuses a TCP packet in both', () => {
    const { ruleset, compile } = compiledForward('! -p tcp -j DROP');
    const rule = ruleset.tables.get('filter')!.chains.get('FORWARD')!.rules[0]!;
    const [compiled] = compile();
    const pkt = testPacket({ proto: 6 });
    expect(compiled!.generic(pkt, 'eth0', 'eth1')).toBe(false);
    expect(genericSteps(rule, pkt, 'eth0', 'eth1')).toMatchObject([{ name: 'proto', matched: false }]);
  });
});
