// ipsets from `ipset save` text (ipset(8): "create SETNAME TYPENAME [options]", "add SETNAME ENTRY [options]").
// The set match asks `has(parts)`: one part per dimension of the set type, in order, as chosen by its src/dst flags:
// an address as a number, a port as a number or "proto:port" (e.g. "tcp:80"), a mark as a number, an interface
// name as a string.
import type { Diagnostic } from '../model/types.ts';
import type { IpSetView } from '../ext/types.ts';
import { parseIPv4, prefixToMask } from '../net/ipv4.ts';

type Dimension = 'ip' | 'net' | 'port' | 'mark' | 'iface' | 'mac' | 'set';

/** One element dimension: an address range, a port range with optional protocol, or an exact value. */
type Part =
  | { kind: 'addr'; min: number; max: number; prefix: number }
  | { kind: 'port'; proto: string | undefined; min: number; max: number }
  | { kind: 'value'; value: string };

interface Element {
  parts: Part[];
  nomatch: boolean;
  /** Specificity for "most specific entry wins" between overlapping nets (nomatch). */
  weight: number;
}

export interface IpSet extends IpSetView {
  lookup(parts: (number | string)[]): 'match' | 'nomatch' | 'none';
  add(parts: (number | string)[], opts?: { exist?: boolean; timeout?: number }): boolean;
  del(parts: (number | string)[]): boolean;
  dimensions: Dimension[];
  elements: Element[];
  /** list:set members. */
  members: string[];
}

const PROTO_NAMES = new Set(['tcp', 'udp', 'sctp', 'udplite', 'icmp']);

function parseAddrPart(text: string): Part | undefined {
  const dash = text.indexOf('-');
  if (dash > 0) {
    const min = parseIPv4(text.slice(0, dash));
    const max = parseIPv4(text.slice(dash + 1));
    return min !== undefined && max !== undefined && min <= max ? { kind: 'addr', min, max, prefix: 32 } : undefined;
  }
  const [a, len] = text.split('/');
  const addr = parseIPv4(a ?? '');
  if (addr === undefined) return undefined;
  const prefix = len === undefined ? 32 : Number(len);
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > 32) return undefined;
  const mask = prefixToMask(prefix);
  const min = (addr & mask) >>> 0;
  return { kind: 'addr', min, max: (min | (~mask >>> 0)) >>> 0, prefix };
}

function parsePortPart(text: string): Part | undefined {
  let proto: string | undefined;
  let rest = text;
  const colon = text.indexOf(':');
  if (colon >= 0) {
    proto = text.slice(0, colon).toLowerCase();
    rest = text.slice(colon + 1);
    if (!PROTO_NAMES.has(proto)) return undefined;
  }
  const [lo, hi] = rest.split('-');
  const min = Number(lo);
  const max = hi === undefined ? min : Number(hi);
  if (!Number.isInteger(min) || !Number.isInteger(max) || min < 0 || max > 65535 || min > max) return undefined;
  return { kind: 'port', proto, min, max };
}

function dimensionsOf(type: string): Dimension[] | undefined {
  const [method, dims] = type.split(':');
  if (!method || !dims || !['hash', 'bitmap', 'list'].includes(method)) return undefined;
  const out: Dimension[] = [];
  for (const d of dims.split(',')) {
    if (!['ip', 'net', 'port', 'mark', 'iface', 'mac', 'set'].includes(d)) return undefined;
    out.push(d as Dimension);
  }
  return out;
}

function partMatches(part: Part, value: number | string): boolean {
  switch (part.kind) {
    case 'addr':
      return typeof value === 'number' && value >= part.min && value <= part.max;
    case 'port': {
      let proto: string | undefined;
      let port: number;
      if (typeof value === 'number') port = value;
      else {
        const [p, n] = value.split(':');
        proto = p;
        port = Number(n);
      }
      // An entry without a protocol means tcp (ipset(8), hash:ip,port).
      const entryProto = part.proto ?? 'tcp';
      if (proto !== undefined && proto !== entryProto) return false;
      return port >= part.min && port <= part.max;
    }
    case 'value':
      return String(value) === part.value;
  }
}

/** The element a packet presents, as an entry: exact values in each dimension. */
function exactElement(dimensions: Dimension[], parts: (number | string)[]): Element {
  const out: Part[] = dimensions.map((dim, i): Part => {
    const v = parts[i]!;
    if ((dim === 'ip' || dim === 'net') && typeof v === 'number') return { kind: 'addr', min: v, max: v, prefix: 32 };
    if (dim === 'port') {
      if (typeof v === 'number') return { kind: 'port', proto: undefined, min: v, max: v };
      const [proto, port] = v.split(':');
      const n = Number(port);
      return { kind: 'port', proto: proto?.toLowerCase(), min: n, max: n };
    }
    return { kind: 'value', value: String(v) };
  });
  return { parts: out, nomatch: false, weight: out.filter((p) => p.kind === 'addr').length * 32 };
}

function sameElement(a: Element, b: Element): boolean {
  return a.parts.length === b.parts.length && a.parts.every((p, i) => JSON.stringify(p) === JSON.stringify(b.parts[i]));
}

/** An exact entry's key part: a single address, a single port with its protocol (tcp by default), or a value. */
function exactKey(part: Part): string | undefined {
  if (part.kind === 'addr') return part.min === part.max ? `a${part.min}` : undefined;
  if (part.kind === 'port') return part.min === part.max ? `p${part.proto ?? 'tcp'}:${part.min}` : undefined;
  return `v${part.value}`;
}

/**
 * The key a packet's parts would have as an exact entry; undefined when a port comes without its protocol, except in
 * a bitmap:port set, whose entries never carry one (they are keyed as tcp, the default).
 */
function queryKey(dimensions: Dimension[], parts: (number | string)[], bitmap: boolean): string | undefined {
  if (parts.length < dimensions.length) return undefined;
  let key = '';
  for (let i = 0; i < dimensions.length; i++) {
    const dim = dimensions[i]!;
    const v = parts[i]!;
    if (dim === 'ip' || dim === 'net') {
      if (typeof v !== 'number') return undefined;
      key += `a${v}|`;
    } else if (dim === 'port') {
      if (typeof v === 'number') {
        if (!bitmap) return undefined;
        key += `ptcp:${v}|`;
      } else key += `p${v.toLowerCase()}|`;
    } else key += `v${String(v)}|`;
  }
  return key;
}

/**
 * The kernel hashes a hash:* set's entries; when every entry is a single value (kube-proxy's sets are), a map from
 * the entry's key gives the same answer as the scan in one lookup. Null when some entry is a range, a net or nomatch.
 */
function exactIndex(elements: Element[], dimensions: Dimension[], bitmap: boolean): Map<string, Element> | null {
  const index = new Map<string, Element>();
  for (const e of elements) {
    if (e.nomatch || e.parts.length !== dimensions.length) return null;
    let key = '';
    for (const p of e.parts) {
      // A bitmap query's bare port matches an entry of any protocol: only protocol-less entries can be keyed.
      if (bitmap && p.kind === 'port' && p.proto !== undefined) return null;
      const k = exactKey(p);
      if (k === undefined) return null;
      key += `${k}|`;
    }
    index.set(key, e);
  }
  return index;
}

function makeSet(name: string, type: string, dimensions: Dimension[], sets: Map<string, IpSet>): IpSet {
  let index: { size: number; map: Map<string, Element> | null } | undefined;
  const set: IpSet = {
    name,
    type,
    dimensions,
    elements: [],
    members: [],
    has(parts: (number | string)[]): boolean {
      return set.lookup(parts) === 'match';
    },
    /** The most specific entry covering the element decides: a plain entry matches, a nomatch one excludes. */
    lookup(parts: (number | string)[]): 'match' | 'nomatch' | 'none' {
      if (type === 'list:set') {
        // list:set: the first member set that answers at all decides (ipset(8), list:set).
        for (const m of set.members) {
          const answer = sets.get(m)?.lookup(parts) ?? 'none';
          if (answer !== 'none') return answer;
        }
        return 'none';
      }
      if (!index || index.size !== set.elements.length)
        index = { size: set.elements.length, map: exactIndex(set.elements, dimensions, type.startsWith('bitmap:')) };
      const key = index.map ? queryKey(dimensions, parts, type.startsWith('bitmap:')) : undefined;
      if (key !== undefined) return index.map!.has(key) ? 'match' : 'none';
      let best: Element | undefined;
      for (const e of set.elements) {
        if (e.parts.length > parts.length) continue;
        let ok = true;
        for (let i = 0; i < e.parts.length; i++) {
          if (!partMatches(e.parts[i]!, parts[i]!)) {
            ok = false;
            break;
          }
        }
        if (ok && (!best || e.weight > best.weight)) best = e;
      }
      if (!best) return 'none';
      return best.nomatch ? 'nomatch' : 'match';
    },
    /** ipset add: the packet's own values (an address is a /32, a port keeps its protocol). */
    add(parts: (number | string)[]): boolean {
      if (type === 'list:set' || parts.length < dimensions.length) return false;
      const element = exactElement(dimensions, parts);
      if (set.elements.some((e) => sameElement(e, element))) return false;
      set.elements.push(element);
      index = undefined;
      return true;
    },
    del(parts: (number | string)[]): boolean {
      if (type === 'list:set' || parts.length < dimensions.length) return false;
      const element = exactElement(dimensions, parts);
      const i = set.elements.findIndex((e) => sameElement(e, element));
      if (i < 0) return false;
      set.elements.splice(i, 1);
      index = undefined;
      return true;
    },
  };
  return set;
}

function setError(line: number, message: string): Diagnostic {
  return { line, col: 1, severity: 'error', message, code: 'bad-ipset' };
}

/** Parses `ipset save` output. Unknown lines and malformed entries are reported, never thrown. */
export function parseIpsets(text: string | undefined): { sets: Map<string, IpSet>; diagnostics: Diagnostic[] } {
  const sets = new Map<string, IpSet>();
  const diagnostics: Diagnostic[] = [];
  if (!text) return { sets, diagnostics };
  text.split('\n').forEach((raw, idx) => {
    const line = idx + 1;
    const words = raw.trim().split(/\s+/).filter(Boolean);
    if (words.length === 0 || words[0]!.startsWith('#')) return;
    const [cmd, name, arg, ...opts] = words;
    if (cmd === 'create' && name && arg) {
      const dims = dimensionsOf(arg);
      if (!dims) {
        diagnostics.push(setError(line, `ipset ${name}: unknown set type "${arg}".`));
        return;
      }
      sets.set(name, makeSet(name, arg, dims, sets));
      return;
    }
    if (cmd === 'add' && name && arg) {
      const set = sets.get(name);
      if (!set) {
        diagnostics.push(setError(line, `ipset add: set "${name}" does not exist.`));
        return;
      }
      if (set.type === 'list:set') {
        set.members.push(arg);
        return;
      }
      const texts = arg.split(',');
      const parts: Part[] = [];
      let weight = 0;
      for (let i = 0; i < set.dimensions.length; i++) {
        const dim = set.dimensions[i]!;
        const t = texts[i];
        if (t === undefined) break;
        let part: Part | undefined;
        if (dim === 'ip' || dim === 'net') part = parseAddrPart(t);
        else if (dim === 'port') part = parsePortPart(t);
        else part = { kind: 'value', value: dim === 'mark' ? String(Number(t)) : t };
        if (!part) {
          diagnostics.push(setError(line, `ipset ${name}: "${t}" is not a valid ${dim}.`));
          return;
        }
        if (part.kind === 'addr') weight += part.prefix;
        parts.push(part);
      }
      if (parts.length !== set.dimensions.length) {
        diagnostics.push(setError(line, `ipset ${name}: entry "${arg}" does not fit type ${set.type}.`));
        return;
      }
      set.elements.push({ parts, nomatch: opts.includes('nomatch'), weight });
      return;
    }
    diagnostics.push(setError(line, `Not an ipset save line: "${raw.trim()}".`));
  });
  return { sets, diagnostics };
}
