// recent: iptables-extensions(8) "recent". Lists of recently seen addresses, shared by every rule naming the same
// list (--name, default DEFAULT). One action: --set (add or refresh the address, matches), --rcheck (is it listed?),
// --update (like --rcheck, and refresh when listed), --remove (delete it, matches when it was listed).
// --seconds s and --hitcount n restrict --rcheck/--update to entries seen n times within s seconds; --rttl also
// requires the same TTL as when the address was set; --rsource/--rdest choose the address; --mask masks it first.
// Kernel details kept (xt_recent.c): `!` inverts the result; a
// forwarded packet's TTL is counted before the router decrements it. The kernel keeps as many stamps per address as
// the list's largest --hitcount needs (at least 32); the lab keeps 256, which gives the same answers to every
// --hitcount a rule can ask.
import type { MatchModule } from '../ext/types.ts';
import { formatIPv4, parseIPv4 } from '../net/ipv4.ts';
import { say, type MatchExplainId } from './util/explain.ts';
import { parseUnsigned } from '../ext/numbers.ts';
import { arg, checkOptions, fail, ok } from './util/options.ts';
import { isBareName } from './util/strings.ts';

/** XT_RECENT_MAX_NSTAMPS: the stamps the lab keeps per address (more when a rule asks a larger --hitcount). */
export const MAX_NSTAMPS = 256;
/**
 * The largest --hitcount loaded: a real iptables-nft-restore on Linux 6.18 keeps `--hitcount 348` (real dump
 * home-user-typical, SOURCES.md) and refuses 65536 (libxt_recent.t), so the bound is the 16-bit range.
 */
export const MAX_HITCOUNT = 65535;
const MAX_NAME = 199;

type Action = 'set' | 'rcheck' | 'update' | 'remove';

export interface RecentData {
  action: Action;
  negated: boolean;
  name: string;
  seconds: number;
  reap: boolean;
  hitcount: number;
  rttl: boolean;
  side: 'source' | 'dest';
  mask: number;
}

interface Entry {
  stamps: number[];
  ttl: number;
}

const ACTIONS: Readonly<Record<string, Action>> = {
  '--set': 'set',
  '--rcheck': 'rcheck',
  '--update': 'update',
  '--remove': 'remove',
};

export const recentMatch: MatchModule<RecentData> = {
  name: 'recent',
  options: {
    '--set': { args: 0, negatable: true },
    '--rcheck': { args: 0, negatable: true },
    '--update': { args: 0, negatable: true },
    '--remove': { args: 0, negatable: true },
    '--seconds': { args: 1 },
    '--reap': { args: 0 },
    '--hitcount': { args: 1 },
    '--rttl': { args: 0 },
    '--name': { args: 1 },
    '--rsource': { args: 0 },
    '--rdest': { args: 0 },
    '--mask': { args: 1 },
  },
  parse(options) {
    const oneAction = { '--rcheck': '--set', '--update': '--set', '--remove': '--set' };
    const problem = checkOptions('recent', options, this.options, oneAction);
    if (problem) return problem;
    const data: RecentData = {
      action: 'set',
      negated: false,
      name: 'DEFAULT',
      seconds: 0,
      reap: false,
      hitcount: 0,
      rttl: false,
      side: 'source',
      mask: 0xffffffff,
    };
    let hasAction = false;
    for (const option of options) {
      const action = ACTIONS[option.name];
      if (action) {
        hasAction = true;
        data.action = action;
        data.negated = option.negated;
      } else if (option.name === '--seconds') {
        const s = parseUnsigned(arg(option), 1);
        if (s === undefined) return fail('recent-bad-seconds', { value: arg(option) }, option);
        data.seconds = s;
      } else if (option.name === '--hitcount') {
        const n = parseUnsigned(arg(option));
        if (n === undefined) return fail('recent-bad-hitcount', { value: arg(option) }, option);
        if (n > MAX_HITCOUNT) return fail('recent-hitcount-too-big', { max: MAX_HITCOUNT + 1 }, option);
        data.hitcount = n;
      } else if (option.name === '--name') {
        const name = arg(option);
        if (!isBareName(name) || name.length > MAX_NAME || name.includes('/') || name === '.' || name === '..')
          return fail('recent-bad-name', { value: name }, option);
        data.name = name;
      } else if (option.name === '--mask') {
        const mask = parseIPv4(arg(option));
        if (mask === undefined) return fail('recent-bad-mask', { value: arg(option) }, option);
        data.mask = mask;
      } else if (option.name === '--reap') data.reap = true;
      else if (option.name === '--rttl') data.rttl = true;
      else if (option.name === '--rsource') data.side = 'source';
      else if (option.name === '--rdest') data.side = 'dest';
    }
    const first = options[0];
    if (!hasAction) return fail('recent-needs-action', {}, first);
    const rttl = options.find((o) => o.name === '--rttl');
    if (rttl && (data.action === 'set' || data.action === 'remove')) return fail('recent-rttl-with-set', {}, rttl);
    const reap = options.find((o) => o.name === '--reap');
    if (reap && !data.seconds) return fail('recent-reap-needs-seconds', {}, reap);
    return ok(data);
  },
  save(data) {
    const parts = [`${data.negated ? '! ' : ''}--${data.action}`];
    if (data.seconds) parts.push(`--seconds ${data.seconds}`);
    if (data.reap) parts.push('--reap');
    if (data.hitcount) parts.push(`--hitcount ${data.hitcount}`);
    if (data.rttl) parts.push('--rttl');
    parts.push(
      `--name ${data.name}`,
      `--mask ${formatIPv4(data.mask)}`,
      data.side === 'source' ? '--rsource' : '--rdest',
    );
    return parts.join(' ');
  },
  evaluate(data, ctx) {
    const list = ctx.sharedState
      ? ctx.sharedState(`recent:${data.name}`, () => new Map<number, Entry>())
      : ctx.ruleState(() => new Map<number, Entry>());
    const addr = ((data.side === 'source' ? ctx.pkt.src : ctx.pkt.dst) & data.mask) >>> 0;
    // Kernel: a forwarded packet (an output device, no local socket) counts with its TTL before the decrement.
    const ttl =
      ctx.outIface !== undefined && ctx.socket === undefined && ctx.hook !== 'OUTPUT' ? ctx.pkt.ttl + 1 : ctx.pkt.ttl;
    const now = ctx.now;
    const params = { name: data.name, addr: formatIPv4(addr) };
    let entry = list.get(addr);
    if (entry && data.rttl && entry.ttl !== ttl) entry = undefined;
    let hit: boolean;
    let id: MatchExplainId;
    let count = 0;
    if (!entry) {
      if (data.action !== 'set') {
        hit = false;
        id = 'match.recent.absent';
      } else {
        list.set(addr, { stamps: [now], ttl });
        hit = true;
        id = 'match.recent.added';
      }
      const matched = hit !== data.negated;
      return { matched, explain: [say(id, matched, params)] };
    }
    if (data.action === 'set') {
      hit = true;
      id = 'match.recent.refreshed';
    } else if (data.action === 'remove') {
      list.delete(addr);
      hit = true;
      id = 'match.recent.removed';
    } else if (data.seconds || data.hitcount) {
      const since = now - data.seconds;
      count = entry.stamps.filter((t) => !data.seconds || t >= since).length;
      hit = count >= Math.max(1, data.hitcount);
      id = `match.recent.${hit ? 'often' : 'seldom'}${data.seconds ? '' : '-ever'}` as const;
      if (data.reap) entry.stamps = entry.stamps.filter((t) => t >= since);
    } else {
      hit = true;
      id = 'match.recent.listed';
    }
    if (data.action === 'set' || data.action === 'update') {
      entry.stamps.push(now);
      if (entry.stamps.length > Math.max(MAX_NSTAMPS, data.hitcount)) entry.stamps.shift();
      entry.ttl = ttl;
    }
    const matched = hit !== data.negated;
    return {
      matched,
      explain: [
        say(id, matched, { ...params, hits: count, seconds: data.seconds, hitcount: Math.max(1, data.hitcount) }),
      ],
    };
  },
};
