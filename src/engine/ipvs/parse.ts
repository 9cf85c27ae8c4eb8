// IPVS configuration as users have it: `ipvsadm-save -n` (the commands that rebuild the table, ipvsadm(8)) or the
// `ipvsadm -Ln` listing. Bad input gives diagnostics with line and column; nothing throws.
import type { Diagnostic } from '../model/types.ts';
import { formatIPv4, maskToPrefix, parseIPv4 } from '../net/ipv4.ts';
import type {
  Forwarding,
  IpvsConfig,
  IpvsProto,
  RealServer,
  TunnelChecksum,
  TunnelInfo,
  TunnelType,
  VirtualKey,
  VirtualService,
} from './types.ts';

export interface ParsedIpvs {
  config: IpvsConfig;
  diagnostics: Diagnostic[];
  /** The live counters an `ipvsadm -Ln` listing carries (ActiveConn, InActConn), per "service|server". */
  counters: Map<string, { active: number; inact: number }>;
}

/** ipvsadm's defaults: DEF_SCHED "wlc", persistence 300 s, weight 1, gatewaying (-g). */
const DEFAULT_SCHEDULER = 'wlc';
const DEFAULT_PERSISTENCE = 300;

interface Token {
  text: string;
  col: number;
}

function tokens(line: string): Token[] {
  return [...line.matchAll(/\S+/g)].map((m) => ({ text: m[0], col: m.index + 1 }));
}

function err(line: number, tok: Token | undefined, message: string, code = 'ipvs-syntax'): Diagnostic {
  const col = tok?.col ?? 1;
  return { line, col, endCol: col + (tok?.text.length ?? 0), severity: 'error', message, code };
}

/** `addr[:port]`; `hasPort` tells an explicit `:0` from no port (ipvsadm.c parse_service: SERVICE_PORT). */
function addrPort(text: string): { addr: number; port: number; hasPort: boolean } | undefined {
  const colon = text.lastIndexOf(':');
  const addr = parseIPv4(colon < 0 ? text : text.slice(0, colon));
  const portText = colon < 0 ? '0' : text.slice(colon + 1);
  const port = /^\d+$/.test(portText) ? Number(portText) : NaN;
  if (addr === undefined || !Number.isInteger(port) || port < 0 || port > 65535) return undefined;
  return { addr, port, hasPort: colon >= 0 };
}

function whole(text: string | undefined, max: number): number | undefined {
  if (text === undefined || !/^\d+$/.test(text)) return undefined;
  const n = Number(text);
  return n <= max ? n : undefined;
}

export function serviceLabel(key: VirtualKey): string {
  return key.kind === 'fwmark' ? `FWM ${key.mark}` : `${key.proto.toUpperCase()} ${formatIPv4(key.addr)}:${key.port}`;
}

const SERVICE_FLAGS: Record<string, IpvsProto | 'fwmark'> = {
  '-t': 'tcp',
  '--tcp-service': 'tcp',
  '-u': 'udp',
  '--udp-service': 'udp',
  '--sctp-service': 'sctp',
  '-f': 'fwmark',
  '--fwmark-service': 'fwmark',
};
const FORWARDING: Record<string, Forwarding> = {
  '-m': 'masq',
  '--masquerading': 'masq',
  '-g': 'route',
  '--gatewaying': 'route',
  '-i': 'tunnel',
  '--ipip': 'tunnel',
};
const SCHED_FLAGS = new Set(['sh-fallback', 'sh-port', 'mh-fallback', 'mh-port', 'flag-1', 'flag-2', 'flag-3']);
const TUNNEL_TYPES = new Set<string>(['ipip', 'gue', 'gre']);
const TUNNEL_CHECKSUMS: Record<string, TunnelChecksum> = {
  '--tun-nocsum': 'nocsum',
  '--tun-csum': 'csum',
  '--tun-remcsum': 'remcsum',
};

/** A virtual service's key as one string, for the parser's index. */
function keyString(key: VirtualKey): string {
  return key.kind === 'fwmark' ? `f${key.mark}` : `${key.proto} ${key.addr} ${key.port}`;
}

/**
 * The services of an `ipvsadm-save` read so far, by key: each -A and -a line finds its service in one lookup
 * (a search through the list made 20,000 services × 3 servers take minutes).
 */
type ServiceIndex = Map<string, VirtualService>;

/** One `-A`/`-a` command line of ipvsadm-save. */
function saveLine(lineNo: number, toks: Token[], config: IpvsConfig, byKey: ServiceIndex, diags: Diagnostic[]): void {
  const cmd = toks[0]!;
  const isService = cmd.text === '-A' || cmd.text === '--add-service';
  const isServer = cmd.text === '-a' || cmd.text === '--add-server';
  if (!isService && !isServer) {
    diags.push(
      err(
        lineNo,
        cmd,
        `Unknown ipvsadm command "${cmd.text}": ipvsadm-save writes only -A (add service) and -a (add server).`,
      ),
    );
    return;
  }
  let key: VirtualKey | undefined;
  let keyTok: Token | undefined;
  const svc: Omit<VirtualService, 'key' | 'pos' | 'dests'> = {
    scheduler: DEFAULT_SCHEDULER,
    schedFlags: [],
    persistence: undefined,
    persistenceMask: 0xffffffff,
    onePacket: false,
  };
  const server: Omit<RealServer, 'addr' | 'port' | 'pos'> & {
    target?: { addr: number; port: number; hasPort: boolean };
  } = {
    weight: 1,
    forwarding: 'route',
    upperThreshold: 0,
    lowerThreshold: 0,
  };
  const tunnel: Partial<TunnelInfo> & { typeTok?: Token; portTok?: Token; csumTok?: Token } = {};
  for (let i = 1; i < toks.length; i++) {
    const t = toks[i]!;
    const next = toks[i + 1];
    const need = (): Token | undefined => {
      if (!next) diags.push(err(lineNo, t, `${t.text} needs a value.`));
      else i++;
      return next;
    };
    const kind = SERVICE_FLAGS[t.text];
    if (kind) {
      const v = need();
      if (!v) return;
      keyTok = v;
      if (kind === 'fwmark') {
        const mark = whole(v.text, 0xffffffff);
        if (mark === undefined || mark === 0) {
          diags.push(err(lineNo, v, `"${v.text}" is not a firewall mark (a whole number from 1).`));
          return;
        }
        key = { kind: 'fwmark', mark };
      } else {
        const ap = addrPort(v.text);
        if (!ap) {
          diags.push(err(lineNo, v, `"${v.text}" is not a numeric address:port (ipvsadm-save -n).`));
          return;
        }
        key = { kind: 'addr', proto: kind, addr: ap.addr, port: ap.port };
      }
    } else if (FORWARDING[t.text]) server.forwarding = FORWARDING[t.text]!;
    else if (t.text === '-s' || t.text === '--scheduler') {
      const v = need();
      if (!v) return;
      svc.scheduler = v.text;
    } else if (t.text === '-b' || t.text === '--sched-flags') {
      const v = need();
      if (!v) return;
      for (const f of v.text.split(',')) {
        if (!SCHED_FLAGS.has(f)) diags.push(err(lineNo, v, `Unknown scheduler flag "${f}".`));
        else svc.schedFlags.push(f);
      }
    } else if (t.text === '-p' || t.text === '--persistent') {
      // The timeout is optional: a following number is it, anything else is the next option.
      if (next && /^\d+$/.test(next.text)) {
        svc.persistence = Number(next.text);
        i++;
      } else svc.persistence = DEFAULT_PERSISTENCE;
    } else if (t.text === '-M' || t.text === '--netmask') {
      const v = need();
      if (!v) return;
      const mask = parseIPv4(v.text);
      if (mask === undefined || maskToPrefix(mask) === undefined) {
        diags.push(err(lineNo, v, `"${v.text}" is not a netmask.`));
        return;
      }
      svc.persistenceMask = mask;
    } else if (t.text === '-o' || t.text === '--ops') svc.onePacket = true;
    else if (t.text === '-r' || t.text === '--real-server') {
      const v = need();
      if (!v) return;
      const ap = addrPort(v.text);
      if (!ap) {
        diags.push(err(lineNo, v, `"${v.text}" is not a numeric address:port.`));
        return;
      }
      server.target = ap;
    } else if (
      t.text === '-w' ||
      t.text === '--weight' ||
      t.text === '-x' ||
      t.text === '--u-threshold' ||
      t.text === '-y' ||
      t.text === '--l-threshold'
    ) {
      const v = need();
      if (!v) return;
      const n = whole(v.text, 0x7fffffff);
      if (n === undefined) {
        diags.push(err(lineNo, v, `"${v.text}" is not a whole number.`));
        return;
      }
      if (t.text === '-w' || t.text === '--weight') server.weight = n;
      else if (t.text === '-x' || t.text === '--u-threshold') server.upperThreshold = n;
      else server.lowerThreshold = n;
    } else if (t.text === '--pe') {
      const v = need();
      if (!v) return;
      svc.persistenceEngine = v.text;
    } else if (t.text === '--tun-type') {
      const v = need();
      if (!v) return;
      if (!TUNNEL_TYPES.has(v.text)) {
        diags.push(err(lineNo, v, `"${v.text}" is not a tunnel type (ipip, gue or gre).`));
        return;
      }
      tunnel.type = v.text as TunnelType;
      tunnel.typeTok = v;
    } else if (t.text === '--tun-port') {
      const v = need();
      if (!v) return;
      const port = whole(v.text, 65535);
      if (!port) {
        diags.push(err(lineNo, v, `"${v.text}" is not a tunnel port (1 to 65535).`));
        return;
      }
      tunnel.port = port;
      tunnel.portTok = t;
    } else if (TUNNEL_CHECKSUMS[t.text]) {
      tunnel.checksum = TUNNEL_CHECKSUMS[t.text];
      tunnel.csumTok = t;
    } else {
      diags.push(err(lineNo, t, `Unknown ipvsadm option "${t.text}".`));
      return;
    }
  }
  if (!key) {
    diags.push(err(lineNo, cmd, 'The command names no service (-t, -u, --sctp-service or -f).'));
    return;
  }
  const pos = { line: lineNo, col: cmd.col };
  if (isService) {
    // ipvsadm.c process_options refuses these before asking the kernel.
    if (key.kind === 'addr' && key.port === 0 && svc.persistence === undefined) {
      diags.push(err(lineNo, keyTok, 'Zero port specified for a non-persistent service (ipvsadm): add -p or a port.'));
      return;
    }
    if (svc.onePacket && key.kind === 'addr' && key.proto !== 'udp') {
      diags.push(err(lineNo, cmd, 'One-packet scheduling (-o) is only for UDP virtual services (ipvsadm).'));
      return;
    }
    if (byKey.has(keyString(key))) {
      diags.push(
        err(lineNo, keyTok, `Service ${serviceLabel(key)} is added twice (ipvsadm: "Service already exists").`),
      );
      return;
    }
    const added: VirtualService = { key, ...svc, dests: [], pos };
    config.services.push(added);
    byKey.set(keyString(key), added);
    return;
  }
  const owner = byKey.get(keyString(key));
  if (!owner) {
    diags.push(
      err(lineNo, keyTok, `Service ${serviceLabel(key)} does not exist yet: add it with -A first.`, 'ipvs-no-service'),
    );
    return;
  }
  if (!server.target) {
    diags.push(err(lineNo, cmd, 'A real server needs -r address:port.'));
    return;
  }
  // ipvsadm.c: a server without a port takes the service's (fwmark services have 0); gatewaying and tunnelling
  // cannot change the port, so their servers of an address service always have the service's port.
  const keepsServicePort = key.kind === 'addr' && server.forwarding !== 'masq';
  const servicePort = key.kind === 'addr' ? key.port : 0;
  const port = keepsServicePort || !server.target.hasPort ? servicePort : server.target.port;
  const tunnelInfo = tunnelOf(lineNo, tunnel, diags);
  if (tunnelInfo === null) return;
  if (owner.dests.some((d) => d.addr === server.target!.addr && d.port === port)) {
    diags.push(err(lineNo, cmd, 'This real server is already in the service (ipvsadm: "Destination already exists").'));
    return;
  }
  const { target: _target, ...rest } = server;
  const added: RealServer = { ...rest, addr: server.target.addr, port, pos };
  if (tunnelInfo) added.tunnel = tunnelInfo;
  // list_add_rcu: the new server goes to the head of the list.
  owner.dests.unshift(added);
}

/**
 * The tunnel options of one `-a` line, checked as ipvsadm 1.31 checks them ("You need to supply the '--tun-port'
 * option for the 'gue' tunnel type", "Illegal '--tun-port' option with the 'ipip' tunnel type"); undefined without
 * --tun-type, null after a diagnostic.
 */
function tunnelOf(
  lineNo: number,
  t: Partial<TunnelInfo> & { typeTok?: Token; portTok?: Token; csumTok?: Token },
  diags: Diagnostic[],
): TunnelInfo | undefined | null {
  const type = t.type ?? 'ipip';
  if (t.type === undefined && t.portTok === undefined && t.csumTok === undefined) return undefined;
  if (type === 'gue' && t.port === undefined) {
    diags.push(err(lineNo, t.typeTok, 'A gue tunnel needs --tun-port (ipvsadm).'));
    return null;
  }
  if (type !== 'gue' && t.portTok) {
    diags.push(err(lineNo, t.portTok, `--tun-port is only for gue tunnels, not ${type} (ipvsadm).`));
    return null;
  }
  if (type === 'ipip' && t.csumTok) {
    diags.push(err(lineNo, t.csumTok, `${t.csumTok.text} is not for ipip tunnels (ipvsadm).`));
    return null;
  }
  const info: TunnelInfo = { type };
  if (t.port !== undefined) info.port = t.port;
  if (t.checksum !== undefined) info.checksum = t.checksum;
  return info;
}

const LIST_FORWARD: Record<string, Forwarding> = { Masq: 'masq', Local: 'masq', Route: 'route', Tunnel: 'tunnel' };

/** `ipvsadm -Ln`: service lines ("TCP  10.96.0.10:80 rr persistent 300") and their "  -> server" lines. */
function listLine(
  lineNo: number,
  raw: string,
  toks: Token[],
  config: IpvsConfig,
  counters: ParsedIpvs['counters'],
  diags: Diagnostic[],
): void {
  const first = toks[0]!;
  if (first.text === 'IP' || first.text === 'Prot') return; // the header lines
  if (first.text === '->') {
    if (toks[1]?.text === 'RemoteAddress:Port') return;
    const owner = config.services[config.services.length - 1];
    if (!owner) {
      diags.push(err(lineNo, first, 'A real server line comes before any service line.'));
      return;
    }
    const ap = addrPort(toks[1]?.text ?? '');
    const fwd = LIST_FORWARD[toks[2]?.text ?? ''];
    const nums = toks.slice(3, 6).map((t) => whole(t.text, 0x7fffffff));
    if (!ap) return void diags.push(err(lineNo, toks[1] ?? first, 'Expected the real server as address:port.'));
    if (!fwd)
      return void diags.push(
        err(lineNo, toks[2] ?? first, 'Expected the forwarding method (Masq, Local, Route or Tunnel).'),
      );
    if (nums.length !== 3 || nums.some((n) => n === undefined))
      return void diags.push(
        err(lineNo, toks[3] ?? first, 'Expected Weight, ActiveConn and InActConn as whole numbers.'),
      );
    const pos = { line: lineNo, col: first.col };
    owner.dests.push({
      addr: ap.addr,
      port: ap.port,
      weight: nums[0]!,
      forwarding: fwd,
      upperThreshold: 0,
      lowerThreshold: 0,
      pos,
    });
    counters.set(`${serviceLabel(owner.key)}|${toks[1]!.text}`, { active: nums[1]!, inact: nums[2]! });
    return;
  }
  const proto = { TCP: 'tcp', UDP: 'udp', SCTP: 'sctp', FWM: 'fwmark' }[first.text] as IpvsProto | 'fwmark' | undefined;
  if (!proto || raw.startsWith(' ')) {
    diags.push(
      err(
        lineNo,
        first,
        `Unexpected "${first.text}": expected a service line (TCP, UDP, SCTP or FWM) or "  -> server".`,
      ),
    );
    return;
  }
  const keyTok = toks[1];
  let key: VirtualKey;
  if (proto === 'fwmark') {
    const mark = whole(keyTok?.text, 0xffffffff);
    if (!mark) return void diags.push(err(lineNo, keyTok ?? first, 'Expected a firewall mark.'));
    key = { kind: 'fwmark', mark };
  } else {
    const ap = addrPort(keyTok?.text ?? '');
    if (!ap) return void diags.push(err(lineNo, keyTok ?? first, 'Expected a numeric address:port (ipvsadm -Ln).'));
    key = { kind: 'addr', proto, addr: ap.addr, port: ap.port };
  }
  const svc: VirtualService = {
    key,
    scheduler: toks[2]?.text ?? DEFAULT_SCHEDULER,
    schedFlags: [],
    persistence: undefined,
    persistenceMask: 0xffffffff,
    onePacket: false,
    dests: [],
    pos: { line: lineNo, col: first.col },
  };
  for (let i = 3; i < toks.length; i++) {
    const t = toks[i]!;
    if (t.text === 'persistent') {
      svc.persistence = whole(toks[++i]?.text, 0x7fffffff) ?? DEFAULT_PERSISTENCE;
    } else if (t.text === 'mask') {
      const mask = parseIPv4(toks[++i]?.text ?? '');
      if (mask === undefined) return void diags.push(err(lineNo, toks[i] ?? t, 'Expected a netmask after "mask".'));
      svc.persistenceMask = mask;
    } else if (t.text === 'ops') svc.onePacket = true;
    else if (t.text === 'pe' && toks[i + 1]) svc.persistenceEngine = toks[++i]!.text;
    else {
      const flags = t.text.replace(/^\(|\)$/g, '').split(',');
      if (flags.every((f) => SCHED_FLAGS.has(f))) svc.schedFlags.push(...flags);
      else return void diags.push(err(lineNo, t, `Unknown service flag "${t.text}".`));
    }
  }
  config.services.push(svc);
}

/**
 * Is this IPVS text: does its first meaningful line read as `ipvsadm-save` (`-A -t …`: iptables refuses a chain
 * name starting with a dash, so `-A` then a service option is never iptables) or as an `ipvsadm -Ln` listing?
 * Reads only up to that line (a 25 MB dump is not split).
 */
export function isIpvsText(text: string): boolean {
  for (let from = 0; from < text.length;) {
    let end = text.indexOf('\n', from);
    if (end < 0) end = text.length;
    const toks = tokens(text.slice(from, end));
    from = end + 1;
    const first = toks[0]?.text;
    if (first === undefined || first.startsWith('#')) continue;
    if (first === '-A' || first === '--add-service' || first === '-a' || first === '--add-server')
      return toks.slice(1).some((t) => SERVICE_FLAGS[t.text] !== undefined);
    const line = toks.map((t) => t.text).join(' ');
    return line.startsWith('IP Virtual Server version') || line.startsWith('Prot LocalAddress:Port');
  }
  return false;
}

/** Either format, recognised by its first meaningful line; `#` comments and blank lines are skipped. */
export function parseIpvs(text: string | undefined): ParsedIpvs {
  const config: IpvsConfig = { services: [] };
  const diagnostics: Diagnostic[] = [];
  const counters: ParsedIpvs['counters'] = new Map();
  const byKey: ServiceIndex = new Map();
  let listing: boolean | undefined;
  (text ?? '').split('\n').forEach((raw, i) => {
    const line = raw.replace(/\r$/, '');
    const toks = tokens(line);
    if (toks.length === 0 || toks[0]!.text.startsWith('#')) return;
    listing ??= !toks[0]!.text.startsWith('-');
    if (listing) listLine(i + 1, line, toks, config, counters, diagnostics);
    else saveLine(i + 1, toks, config, byKey, diagnostics);
  });
  return { config, diagnostics, counters };
}
