// Small factories for evaluating matches in unit tests (the tracer's tests may reuse them). Not used by the engine.
import type { AddrType, ConnView, EvalContext, HostQuery, IpSetView } from '../../ext/types.ts';
import type { Packet } from '../../model/packet.ts';
import { parseCidr } from '../../host/host.ts';
import { formatIPv4, inSubnet, parseIPv4, prefixToMask } from '../../net/ipv4.ts';

/** A TCP SYN from 10.0.1.2:41000 to 10.0.1.1:22, 60 bytes, TTL 64, unless told otherwise. */
export function testPacket(over: Partial<Packet> = {}): Packet {
  return {
    proto: 6,
    src: ip('10.0.1.2'),
    dst: ip('10.0.1.1'),
    sport: 41000,
    dport: 22,
    tcpFlags: 0x02,
    length: 60,
    tos: 0,
    ttl: 64,
    mark: 0,
    fragment: false,
    ...over,
  };
}

export function ip(text: string): number {
  const value = parseIPv4(text);
  if (value === undefined) throw new Error(`not an IPv4 address: ${text}`);
  return value;
}

/** A NEW connection entry for the packet's tuple, unless told otherwise. */
export function testConn(pkt: Packet, over: Partial<ConnView> = {}): ConnView {
  const orig = { proto: pkt.proto, src: pkt.src, dst: pkt.dst, sport: pkt.sport, dport: pkt.dport };
  return {
    state: 'NEW',
    status: new Set(),
    dir: 'ORIGINAL',
    orig,
    reply: { proto: pkt.proto, src: pkt.dst, dst: pkt.src, sport: pkt.dport, dport: pkt.sport },
    mark: 0,
    zone: 0,
    expires: 120,
    ...over,
  };
}

export interface TestHostSpec {
  /** Interface → its addresses in CIDR form. */
  interfaces?: Record<string, string[]>;
  /** Set name → type and members as `ipset save` writes them ("10.0.0.1", "10.0.0.1,tcp:80"). */
  ipsets?: Record<string, { type: string; members: string[] }>;
  /** The default route's device (default eth1); null: no default route; undefined routeDev when `routing` is false. */
  defaultDev?: string | null;
  routing?: boolean;
}

/** A host answering addrtype and ipset questions from a few interfaces and sets. */
export function testHost(spec: TestHostSpec = {}): HostQuery {
  const interfaces = spec.interfaces ?? { lo: ['127.0.0.1/8'], eth0: ['10.0.1.1/24'], eth1: ['10.0.2.1/24'] };
  const parsed = Object.entries(interfaces).map(([name, cidrs]) => ({
    name,
    nets: cidrs.map((cidr) => {
      const net = parseCidr(cidr);
      if (!net) throw new Error(`not an address/prefix: ${cidr}`);
      return { addr: net.addr, mask: prefixToMask(net.prefix) };
    }),
  }));
  return {
    addrTypes(addr: number, iface?: string): Set<AddrType> {
      const types = new Set<AddrType>();
      const candidates = iface === undefined ? parsed : parsed.filter((p) => p.name === iface);
      if (candidates.some((p) => p.nets.some((n) => n.addr === addr))) types.add('LOCAL');
      else if (addr === 0xffffffff) types.add('BROADCAST');
      else if (inSubnet(addr, ip('224.0.0.0'), ip('240.0.0.0'))) types.add('MULTICAST');
      else if (addr === 0) types.add('UNSPEC');
      else types.add('UNICAST');
      return types;
    },
    ipset(name: string): IpSetView | undefined {
      const set = spec.ipsets?.[name];
      if (!set) return undefined;
      const members = new Set(set.members);
      const dims = (set.type.split(':')[1] ?? '').split(',');
      const text = (p: number | string, i: number) =>
        typeof p === 'number' && (dims[i] === 'ip' || dims[i] === 'net') ? formatIPv4(p) : String(p);
      return {
        name,
        type: set.type,
        has: (parts) => members.has(parts.map(text).join(',')),
      };
    },
    primaryAddress(iface: string): number | undefined {
      return parsed.find((p) => p.name === iface)?.nets[0]?.addr;
    },
    ...(spec.routing === false
      ? {}
      : {
          routeDev(addr: number): string | undefined {
            const local = parsed.find((p) => p.nets.some((n) => n.addr === addr));
            if (local) return local.name;
            const connected = parsed.find((p) => p.nets.some((n) => inSubnet(addr, n.addr, n.mask)));
            if (connected) return connected.name;
            const fallback = spec.defaultDev === undefined ? 'eth1' : spec.defaultDev;
            return fallback ?? undefined;
          },
        }),
  };
}

export interface TestContextSpec extends Partial<Omit<EvalContext, 'pkt'>> {
  pkt?: Partial<Packet>;
  /** Shared per-rule and per-key state, to keep state across several evaluations. */
  store?: Map<string, unknown>;
}

/** An EvalContext at filter/INPUT for the test packet; `choose` answers `p >= 0.5` unless given. */
export function testContext(spec: TestContextSpec = {}): EvalContext {
  const { pkt, store = new Map<string, unknown>(), ...rest } = spec;
  const ruleId = rest.ruleId ?? 1;
  const remember = <T>(key: string, init: () => T): T => {
    if (!store.has(key)) store.set(key, init());
    return store.get(key) as T;
  };
  return {
    pkt: testPacket(pkt),
    hook: 'INPUT',
    table: 'filter',
    chain: 'INPUT',
    ruleId,
    inIface: 'eth0',
    outIface: undefined,
    ct: null,
    socket: undefined,
    host: testHost(),
    choose: (p: number) => p >= 0.5,
    ruleState: <T>(init: () => T): T => remember(`rule:${ruleId}`, init),
    sharedState: <T>(key: string, init: () => T): T => remember(`shared:${key}`, init),
    now: 0,
    ...rest,
  };
}
