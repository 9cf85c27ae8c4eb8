// Checks that untrusted data (a share link, an imported file, localStorage) has the shape of a Scenario before
// anything in the app touches it: its shape, and a host valid as the host editor requires (the engine's hostProblems).
import {
  hostProblems,
  type HostSpec,
  type InterfaceSpec,
  type RouteSpec,
  type SocketSpec,
  type TcpOptionsSpec,
} from '../engine/index.ts';
import type { Scenario, ScenarioPacket } from './types.ts';

export type ValidationResult<T> = { ok: true; value: T } | { ok: false; path: string };

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const isStr = (v: unknown): v is string => typeof v === 'string';
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isInt = (v: unknown): v is number => isNum(v) && Number.isInteger(v);

class ShapeError extends Error {
  constructor(readonly path: string) {
    super(path);
  }
}

function need(cond: boolean, path: string): void {
  if (!cond) throw new ShapeError(path);
}

function optional(o: Obj, key: string, check: (v: unknown) => boolean, path: string): void {
  if (o[key] !== undefined) need(check(o[key]), `${path}.${key}`);
}

function interfaceSpec(v: unknown, path: string): InterfaceSpec {
  need(isObj(v), path);
  const o = v as Obj;
  need(isStr(o.name), `${path}.name`);
  need(Array.isArray(o.addresses) && o.addresses.every(isStr), `${path}.addresses`);
  return { name: o.name as string, addresses: [...(o.addresses as string[])] };
}

function routeSpec(v: unknown, path: string): RouteSpec {
  need(isObj(v), path);
  const o = v as Obj;
  need(isStr(o.to), `${path}.to`);
  need(isStr(o.dev), `${path}.dev`);
  optional(o, 'via', isStr, path);
  optional(o, 'metric', isInt, path);
  const r: RouteSpec = { to: o.to as string, dev: o.dev as string };
  if (o.via !== undefined) r.via = o.via as string;
  if (o.metric !== undefined) r.metric = o.metric as number;
  return r;
}

export function hostSpec(v: unknown, path = 'host'): HostSpec {
  need(isObj(v), path);
  const o = v as Obj;
  need(Array.isArray(o.interfaces), `${path}.interfaces`);
  need(Array.isArray(o.routes), `${path}.routes`);
  need(typeof o.forwarding === 'boolean', `${path}.forwarding`);
  optional(o, 'conntrack', (x) => x === 'auto' || x === 'on', path);
  optional(o, 'routeLocalnet', (x) => typeof x === 'boolean', path);
  optional(o, 'tableOrder', (x) => x === 'nft' || x === 'legacy', path);
  const h: HostSpec = {
    interfaces: (o.interfaces as unknown[]).map((x, i) => interfaceSpec(x, `${path}.interfaces[${i}]`)),
    routes: (o.routes as unknown[]).map((x, i) => routeSpec(x, `${path}.routes[${i}]`)),
    forwarding: o.forwarding as boolean,
  };
  if (o.conntrack !== undefined) h.conntrack = o.conntrack as 'auto' | 'on';
  if (o.routeLocalnet !== undefined) h.routeLocalnet = o.routeLocalnet as boolean;
  if (o.tableOrder !== undefined) h.tableOrder = o.tableOrder as 'nft' | 'legacy';
  // The first invalid field, as a path like the shape checks give ("host.routes[0].dev").
  const problem = hostProblems(h)[0];
  if (problem) throw new ShapeError(`${path}.${problem.field.replace(/\.(\d+)/g, '[$1]')}`);
  return h;
}

const PACKET_NUMBERS = [
  'uid',
  'gid',
  'sport',
  'dport',
  'icmpType',
  'icmpCode',
  'icmpId',
  'icmpSeq',
  'mark',
  'length',
  'tos',
  'ttl',
  'seq',
  'ack',
  'window',
] as const;

const TCP_OPTION_NUMBERS = ['mss', 'wscale'] as const;
const INNER_NUMBERS = ['sport', 'dport', 'icmpType', 'icmpId', 'icmpSeq'] as const;
const isPair = (x: unknown): x is [number, number] => Array.isArray(x) && x.length === 2 && x.every(isInt);

function tcpOptionsSpec(v: unknown, path: string): TcpOptionsSpec {
  need(isObj(v), path);
  const o = v as Obj;
  for (const key of TCP_OPTION_NUMBERS) optional(o, key, isInt, path);
  optional(o, 'sackPerm', (x) => typeof x === 'boolean', path);
  optional(o, 'timestamp', isPair, path);
  optional(o, 'sack', (x) => Array.isArray(x) && x.every(isPair), path);
  const t: TcpOptionsSpec = {};
  for (const key of TCP_OPTION_NUMBERS) if (o[key] !== undefined) t[key] = o[key] as number;
  if (o.sackPerm !== undefined) t.sackPerm = o.sackPerm as boolean;
  if (o.timestamp !== undefined) t.timestamp = [...(o.timestamp as [number, number])];
  if (o.sack !== undefined) t.sack = (o.sack as [number, number][]).map(([l, r]) => [l, r]);
  return t;
}

export function packetSpec(v: unknown, path: string): ScenarioPacket {
  need(isObj(v), path);
  const o = v as Obj;
  need(isStr(o.proto) || isInt(o.proto), `${path}.proto`);
  need(isStr(o.src), `${path}.src`);
  need(isStr(o.dst), `${path}.dst`);
  optional(o, 'in', isStr, path);
  optional(o, 'local', (x) => typeof x === 'boolean', path);
  optional(o, 'label', isStr, path);
  optional(o, 'tcpFlags', (x) => Array.isArray(x) && x.every(isStr), path);
  for (const key of PACKET_NUMBERS) optional(o, key, isInt, path);
  const p: ScenarioPacket = { proto: o.proto as string | number, src: o.src as string, dst: o.dst as string };
  if (o.label !== undefined) p.label = o.label as string;
  if (o.in !== undefined) p.in = o.in as string;
  if (o.local !== undefined) p.local = o.local as boolean;
  if (o.tcpFlags !== undefined) p.tcpFlags = [...(o.tcpFlags as string[])];
  for (const key of PACKET_NUMBERS) if (o[key] !== undefined) p[key] = o[key] as number;
  optional(o, 'socket', (x) => typeof x === 'boolean' || x === 'kernel', path);
  if (o.socket !== undefined) p.socket = o.socket as SocketSpec;
  if (o.tcpOptions !== undefined) p.tcpOptions = tcpOptionsSpec(o.tcpOptions, `${path}.tcpOptions`);
  if (o.inner !== undefined) {
    need(isObj(o.inner), `${path}.inner`);
    const inner = o.inner as Obj;
    need(isStr(inner.proto) || isInt(inner.proto), `${path}.inner.proto`);
    need(isStr(inner.src) && isStr(inner.dst), `${path}.inner`);
    for (const key of INNER_NUMBERS) optional(inner, key, isInt, `${path}.inner`);
    p.inner = { proto: inner.proto as string | number, src: inner.src as string, dst: inner.dst as string };
    for (const key of INNER_NUMBERS) if (inner[key] !== undefined) p.inner[key] = inner[key] as number;
  }
  return p;
}

/** A fresh Scenario built from `v`, or the path of the first field that is wrong. */
export function validateScenario(v: unknown): ValidationResult<Scenario> {
  try {
    need(isObj(v), 'scenario');
    const o = v as Obj;
    need(isStr(o.rules), 'rules');
    need(Array.isArray(o.packets), 'packets');
    optional(o, 'id', isStr, 'scenario');
    optional(o, 'title', isStr, 'scenario');
    optional(o, 'summary', isStr, 'scenario');
    optional(o, 'teaching', (x) => Array.isArray(x) && x.every(isStr), 'scenario');
    optional(o, 'ipsets', isStr, 'scenario');
    optional(o, 'seed', isInt, 'scenario');
    const s: Scenario = {
      id: (o.id as string | undefined) ?? 'custom',
      title: (o.title as string | undefined) ?? '',
      summary: (o.summary as string | undefined) ?? '',
      teaching: [...((o.teaching as string[] | undefined) ?? [])],
      rules: o.rules as string,
      host: hostSpec(o.host),
      seed: (o.seed as number | undefined) ?? 1,
      packets: (o.packets as unknown[]).map((p, i) => packetSpec(p, `packets[${i}]`)),
    };
    if (o.ipsets !== undefined) s.ipsets = o.ipsets as string;
    return { ok: true, value: s };
  } catch (err) {
    if (err instanceof ShapeError) return { ok: false, path: err.path };
    throw err;
  }
}
