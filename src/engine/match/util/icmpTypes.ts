// ICMP type names as the icmp match knows them (iptables-extensions(8) "icmp"; `iptables -p icmp -h` lists them):
// a name stands for a type and a range of codes.

export interface IcmpName {
  name: string;
  type: number;
  codeMin: number;
  codeMax: number;
}

const ANY_CODE = [0, 255] as const;

function entry(name: string, type: number, codes: readonly [number, number] = ANY_CODE): IcmpName {
  return { name, type, codeMin: codes[0], codeMax: codes[1] };
}

export const ICMP_NAMES: readonly IcmpName[] = [
  entry('any', 255),
  entry('echo-reply', 0),
  entry('pong', 0),
  entry('destination-unreachable', 3),
  entry('network-unreachable', 3, [0, 0]),
  entry('host-unreachable', 3, [1, 1]),
  entry('protocol-unreachable', 3, [2, 2]),
  entry('port-unreachable', 3, [3, 3]),
  entry('fragmentation-needed', 3, [4, 4]),
  entry('source-route-failed', 3, [5, 5]),
  entry('network-unknown', 3, [6, 6]),
  entry('host-unknown', 3, [7, 7]),
  entry('network-prohibited', 3, [9, 9]),
  entry('host-prohibited', 3, [10, 10]),
  entry('TOS-network-unreachable', 3, [11, 11]),
  entry('TOS-host-unreachable', 3, [12, 12]),
  entry('communication-prohibited', 3, [13, 13]),
  entry('host-precedence-violation', 3, [14, 14]),
  entry('precedence-cutoff', 3, [15, 15]),
  entry('source-quench', 4),
  entry('redirect', 5),
  entry('network-redirect', 5, [0, 0]),
  entry('host-redirect', 5, [1, 1]),
  entry('TOS-network-redirect', 5, [2, 2]),
  entry('TOS-host-redirect', 5, [3, 3]),
  entry('echo-request', 8),
  entry('ping', 8),
  entry('router-advertisement', 9),
  entry('router-solicitation', 10),
  entry('time-exceeded', 11),
  entry('ttl-exceeded', 11),
  entry('ttl-zero-during-transit', 11, [0, 0]),
  entry('ttl-zero-during-reassembly', 11, [1, 1]),
  entry('parameter-problem', 12),
  entry('ip-header-bad', 12, [0, 0]),
  entry('required-option-missing', 12, [1, 1]),
  entry('timestamp-request', 13),
  entry('timestamp-reply', 14),
  entry('address-mask-request', 17),
  entry('address-mask-reply', 18),
];

/** The name of an ICMP type and code for a sentence ("echo-request", "port-unreachable"), or undefined. */
export function icmpName(type: number, code?: number): string | undefined {
  if (code !== undefined) {
    const exact = ICMP_NAMES.find((n) => n.type === type && n.codeMin === code && n.codeMax === code);
    if (exact) return exact.name;
  }
  return ICMP_NAMES.find((n) => n.type === type && n.codeMin === 0 && n.codeMax === 255 && n.name !== 'any')?.name;
}
