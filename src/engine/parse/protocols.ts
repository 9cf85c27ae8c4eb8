// IP protocol names as iptables knows them (its built-in list plus the usual /etc/protocols entries).

const NAME_TO_NUMBER: Record<string, number> = {
  all: 0,
  icmp: 1,
  igmp: 2,
  ipencap: 4,
  tcp: 6,
  egp: 8,
  udp: 17,
  dccp: 33,
  ipv6: 41,
  gre: 47,
  esp: 50,
  ah: 51,
  'ipv6-icmp': 58,
  icmpv6: 58,
  ospf: 89,
  pim: 103,
  vrrp: 112,
  l2tp: 115,
  sctp: 132,
  'ipv6-mh': 135,
  mh: 135,
  udplite: 136,
};

/** The name iptables-save prints for a protocol number (first name wins). */
const NUMBER_TO_NAME = new Map<number, string>();
for (const [name, num] of Object.entries(NAME_TO_NUMBER)) {
  if (num !== 0 && !NUMBER_TO_NAME.has(num)) NUMBER_TO_NAME.set(num, name);
}

/**
 * NAME_TO_NUMBER as a Map: a word cut from the input used as a property key costs a string-table search, and
 * `-p constructor` found Object.prototype's (a function saved as the protocol) where iptables says "unknown protocol".
 */
const PROTOCOL_NUMBERS: ReadonlyMap<string, number> = new Map(Object.entries(NAME_TO_NUMBER));

/** `-p` value → protocol number (0 means any); undefined when unknown. iptables lowercases the name first. */
export function parseProtocol(text: string): number | undefined {
  // A name as dumps write it (`tcp`, 60,000 times in a kube-proxy dump), then numbers and other spellings.
  const named = PROTOCOL_NUMBERS.get(text);
  if (named !== undefined) return named;
  if (/^\d+$/.test(text)) {
    const n = Number(text);
    return n <= 255 ? n : undefined;
  }
  return PROTOCOL_NUMBERS.get(text.toLowerCase());
}

export function protocolName(num: number): string {
  return NUMBER_TO_NAME.get(num) ?? String(num);
}
