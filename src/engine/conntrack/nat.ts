// NAT bindings kept in the connection entry (nf_nat_core.c): the nat chains decide a binding once per connection and
// manipulation type; every packet of the connection then gets it applied (original direction) or undone (replies).
import type { Explanation, NatRequest } from '../ext/types.ts';
import type { HookName } from '../model/types.ts';
import type { Packet } from '../model/packet.ts';
import { formatIPv4 } from '../net/ipv4.ts';
import type { Conn, ConntrackTable, Direction } from './table.ts';
import { hasPorts, invertTuple, type Tuple } from './tuple.ts';

export type Manip = 'src' | 'dst';

/** PREROUTING and OUTPUT rewrite destinations (DNAT); INPUT and POSTROUTING rewrite sources (SNAT). */
export function manipOfHook(hook: HookName): Manip {
  return hook === 'PREROUTING' || hook === 'OUTPUT' ? 'dst' : 'src';
}

/** Where the binding gets the address MASQUERADE and REDIRECT need. */
export interface NatEnv {
  hook: HookName;
  inIface: string | undefined;
  outIface: string | undefined;
  /** MASQUERADE: the out-interface address facing the next hop (inet_select_addr). */
  masqueradeAddress(): number | undefined;
  /** REDIRECT in PREROUTING: the in-interface's primary address. */
  primaryAddress(iface: string): number | undefined;
}

export type NatSetup = { ok: true; explain: Explanation } | { ok: false; explain: Explanation };

function why(id: string, params: Record<string, string | number | boolean>, matched = true): Explanation {
  return { id: `trace.nat.${id}`, params, matched };
}

const LOCALHOST = 0x7f000001;

/** The tuple the packet will carry in the original direction once this manipulation is applied. */
function manipulated(conn: Conn): Tuple {
  return invertTuple(conn.reply);
}

function inRange(value: number, min: number | undefined, max: number | undefined): boolean {
  return min === undefined || (value >= min && value <= (max ?? min));
}

/**
 * get_unique_tuple, simplified: keep the original port when it is inside the range and the resulting reply tuple is
 * free, otherwise take the lowest free port of the range (the kernel starts DNAT at the lowest port and SNAT at a
 * random offset; the lab takes the lowest for reproducibility).
 */
function choosePort(
  table: ConntrackTable,
  conn: Conn,
  current: number,
  min: number | undefined,
  max: number | undefined,
  candidate: (port: number) => Tuple,
): number {
  const free = (port: number) => !table.has(invertTuple(candidate(port)), conn.zone);
  if (inRange(current, min, max) && free(current)) return current;
  if (min === undefined) {
    // No range: only a clash forces another port, searched upward within the same class (below/above 1024).
    const [lo, hi] = current < 1024 ? [1, 1023] : [1024, 65535];
    for (let p = current + 1; p <= hi; p++) if (free(p)) return p;
    for (let p = lo; p < current; p++) if (free(p)) return p;
    return current;
  }
  const top = max ?? min;
  for (let p = min; p <= top; p++) if (free(p)) return p;
  return min;
}

/**
 * `--to-destination addr:min-max/base` (NF_NAT_RANGE_PROTO_OFFSET): the port is always remapped, starting at
 * min + ((p - base) & 0xffff) % size and moving up on a clash (nf_nat_l4proto_unique_tuple).
 */
function offsetPort(
  table: ConntrackTable,
  conn: Conn,
  current: number,
  base: number,
  min: number,
  max: number,
  candidate: (port: number) => Tuple,
): number {
  const size = max - min + 1;
  const start = ((current - base) & 0xffff) % size;
  for (let i = 0; i < size; i++) {
    const port = min + ((start + i) % size);
    if (!table.has(invertTuple(candidate(port)), conn.zone)) return port;
  }
  return min + start;
}

/**
 * Decides the binding for `manip` on the connection's first packet: `req` from the NAT target that fired, or null
 * when the chain ended without one (a null binding). Rewrites the connection's reply tuple.
 */
export function setupBinding(
  table: ConntrackTable,
  conn: Conn,
  manip: Manip,
  req: NatRequest | null,
  env: NatEnv,
): NatSetup {
  conn.natDone[manip] = true;
  if (!req) return { ok: true, explain: why('null-binding', { manip }) };
  const current = manipulated(conn);
  const oldAddr = manip === 'dst' ? current.dst : current.src;
  let addr = oldAddr;
  let minPort = req.kind === 'netmap' ? undefined : req.range.minPort;
  let maxPort = req.kind === 'netmap' ? undefined : req.range.maxPort;
  switch (req.kind) {
    case 'dnat':
    case 'snat':
      // An address range: the kernel hashes the tuple to pick one; the lab takes the first address.
      if (req.range.minAddr !== undefined)
        addr = inRange(oldAddr, req.range.minAddr, req.range.maxAddr) ? oldAddr : req.range.minAddr;
      break;
    case 'masquerade': {
      const a = env.masqueradeAddress();
      if (a === undefined)
        return { ok: false, explain: why('masquerade-no-address', { iface: env.outIface ?? '' }, false) };
      addr = a;
      break;
    }
    case 'redirect': {
      const a =
        env.hook === 'OUTPUT' ? LOCALHOST : env.inIface !== undefined ? env.primaryAddress(env.inIface) : undefined;
      if (a === undefined)
        return { ok: false, explain: why('redirect-no-address', { iface: env.inIface ?? '' }, false) };
      addr = a;
      break;
    }
    case 'netmap':
      addr = ((oldAddr & ~req.mask) | (req.addr & req.mask)) >>> 0;
      minPort = undefined;
      maxPort = undefined;
      break;
  }
  const withAddr = (port: number | undefined): Tuple => {
    const t: Tuple = { ...current };
    if (manip === 'dst') {
      t.dst = addr;
      if (port !== undefined) t.dport = port;
    } else {
      t.src = addr;
      if (port !== undefined) t.sport = port;
    }
    return t;
  };
  let port: number | undefined;
  if (hasPorts(conn.orig.proto)) {
    const oldPort = (manip === 'dst' ? current.dport : current.sport) ?? 0;
    const base = req.kind === 'netmap' ? undefined : req.range.basePort;
    port =
      base !== undefined && minPort !== undefined
        ? offsetPort(table, conn, oldPort, base, minPort, maxPort ?? minPort, withAddr)
        : choosePort(table, conn, oldPort, minPort, maxPort, withAddr);
  }
  let next = withAddr(port);
  if (conn.orig.proto === 1 && next.icmpId !== undefined && table.has(invertTuple(next), conn.zone)) {
    // ICMP queries have no ports: the identifier is what NAT changes to keep two flows apart (icmp_manip_pkt).
    const taken = next;
    for (let i = 1; i <= 0xffff; i++) {
      const candidate: Tuple = { ...taken, icmpId: (taken.icmpId! + i) & 0xffff };
      if (!table.has(invertTuple(candidate), conn.zone)) {
        next = candidate;
        break;
      }
    }
  }
  conn.reply = invertTuple(next);
  const changed =
    next.src !== current.src ||
    next.dst !== current.dst ||
    next.icmpId !== current.icmpId ||
    next.sport !== current.sport ||
    next.dport !== current.dport;
  if (changed) conn.status.add(manip === 'dst' ? 'DNAT' : 'SNAT');
  const to = port !== undefined ? `${formatIPv4(addr)}:${port}` : formatIPv4(addr);
  return { ok: true, explain: why(changed ? `binding-${manip}` : 'binding-unchanged', { to }) };
}

/** Does this packet get the connection's `manip` rewrite at this hook (nf_nat_packet's status bit test)? */
function applies(conn: Conn, dir: Direction, manip: Manip): boolean {
  const own = manip === 'src' ? 'SNAT' : 'DNAT';
  const bit = dir === 'ORIGINAL' ? own : own === 'SNAT' ? 'DNAT' : 'SNAT';
  return conn.status.has(bit);
}

/** nf_nat_manip_pkt: the packet's side of the tuple becomes what the other direction's tuple expects. Returns the changed fields. */
export function natPacket(conn: Conn, dir: Direction, manip: Manip, pkt: Packet): string[] {
  if (!applies(conn, dir, manip)) return [];
  const target = invertTuple(dir === 'ORIGINAL' ? conn.reply : conn.orig);
  const changed: string[] = [];
  const set = (field: 'src' | 'dst' | 'sport' | 'dport', value: number | undefined) => {
    if (value === undefined || pkt[field] === undefined || pkt[field] === value) return;
    pkt[field] = value;
    changed.push(field);
  };
  if (manip === 'dst') {
    set('dst', target.dst);
    set('dport', target.dport);
  } else {
    set('src', target.src);
    set('sport', target.sport);
  }
  // icmp_manip_pkt writes the query identifier whichever side is rewritten.
  if (pkt.proto === 1 && pkt.icmpId !== undefined && target.icmpId !== undefined && pkt.icmpId !== target.icmpId) {
    pkt.icmpId = target.icmpId;
    changed.push('icmpId');
  }
  return changed;
}

/**
 * nf_nat_icmp_reply_translation: an ICMP error RELATED to a NATed connection gets the header it carries put back
 * as the peer saw it, and its outer address rewritten like a reply of the connection.
 */
export function natIcmpError(conn: Conn, dir: Direction, manip: Manip, pkt: Packet): string[] {
  if (!applies(conn, dir, manip) || !pkt.inner) return [];
  const other = dir === 'ORIGINAL' ? conn.reply : conn.orig;
  const changed: string[] = [];
  const inner = pkt.inner;
  // The inner header travels the other way: it gets the opposite manipulation, toward the other direction's tuple.
  if (manip === 'dst') {
    if (inner.src !== other.src || inner.sport !== other.sport) {
      inner.src = other.src;
      if (inner.sport !== undefined && other.sport !== undefined) inner.sport = other.sport;
      changed.push('inner.src');
    }
    if (pkt.dst !== other.src) {
      pkt.dst = other.src;
      changed.push('dst');
    }
  } else {
    if (inner.dst !== other.dst || inner.dport !== other.dport) {
      inner.dst = other.dst;
      if (inner.dport !== undefined && other.dport !== undefined) inner.dport = other.dport;
      changed.push('inner.dst');
    }
    if (pkt.src !== other.dst) {
      pkt.src = other.dst;
      changed.push('src');
    }
  }
  return changed;
}
