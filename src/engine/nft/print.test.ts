// `nft list ruleset` as nftables 1.0.6 prints it: each expected text below is what nft listed after loading the input
// with `nft -f` in a throw-away network namespace.
import { describe, expect, it } from 'vitest';
import { parseNft, printRuleset } from './index.ts';

const listed = (text: string) => {
  const p = parseNft(text);
  expect(p.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return printRuleset(p.ruleset);
};

describe('nft list ruleset output', () => {
  it('sorts set elements by key and wraps them as nft does (5 ports, 2 addresses per line)', () => {
    const text = `table ip t {
  set a { type inet_service; elements = { 3, 1, 2, 80, 443, 22 } }
  set b { type ipv4_addr; flags interval; elements = { 10.0.0.5, 10.0.0.1, 192.168.0.0/16, 10.0.0.9-10.0.0.20 } }
  map m { type ipv4_addr : verdict; elements = { 10.0.0.3 : accept, 10.0.0.1 : drop, 10.0.0.2 : accept } }
  set c { type ipv4_addr; size 100; policy memory; comment "cc"; flags interval,timeout; timeout 1h; gc-interval 30s; }
  chain x { tcp dport { 443, 80, 22 } accept; ip daddr vmap { 10.0.0.3 : accept, 10.0.0.1 : drop }; }
}`;
    expect(listed(text)).toBe(`table ip t {
	set a {
		type inet_service
		elements = { 1, 2, 3, 22, 80,
			     443 }
	}

	set b {
		type ipv4_addr
		flags interval
		elements = { 10.0.0.1, 10.0.0.5,
			     10.0.0.9-10.0.0.20, 192.168.0.0/16 }
	}

	map m {
		type ipv4_addr : verdict
		elements = { 10.0.0.1 : drop, 10.0.0.2 : accept,
			     10.0.0.3 : accept }
	}

	set c {
		type ipv4_addr
		policy memory
		size 100
		flags interval,timeout
		timeout 1h
		gc-interval 30s
		comment "cc"
	}

	chain x {
		tcp dport { 22, 80, 443 } accept
		ip daddr vmap { 10.0.0.1 : drop, 10.0.0.3 : accept }
	}
}
`);
  });

  it('lists the family default reject as plain reject, a default limit burst not at all, a byte rate with its unit', () => {
    const text = `table ip t {
  chain c { type filter hook input priority 0;
    reject with icmp port-unreachable
    reject with icmp host-unreachable
    limit rate 10/second burst 5 packets accept
    limit rate over 10/minute burst 8 packets accept
    limit rate 1 mbytes/second accept
  }
}
table inet i {
  chain c { type filter hook input priority 0; reject with icmpx port-unreachable; reject with icmp port-unreachable; reject;}
}`;
    expect(listed(text)).toBe(`table ip t {
	chain c {
		type filter hook input priority filter; policy accept;
		reject
		reject with icmp host-unreachable
		limit rate 10/second accept
		limit rate over 10/minute burst 8 packets accept
		limit rate 1 mbytes/second accept
	}
}
table inet i {
	chain c {
		type filter hook input priority filter; policy accept;
		reject
		reject with icmp port-unreachable
		reject
	}
}
`);
  });

  it('names the family of a ct direction address and of a NAT map to an address and port', () => {
    const text = `table ip t {
  map m { type ipv4_addr : ipv4_addr . inet_service; elements = { 1.1.1.1 : 10.0.0.1 . 80 } }
  chain pre { type nat hook prerouting priority -100;
    tcp dport 81 dnat to ip daddr map @m
    ct original saddr 1.2.3.4 accept
  }
}`;
    const out = listed(text);
    expect(out).toContain('\t\ttcp dport 81 dnat ip to ip daddr map @m\n');
    expect(out).toContain('\t\tct original ip saddr 1.2.3.4 accept\n');
    expect(listed(out)).toBe(out);
  });
});
