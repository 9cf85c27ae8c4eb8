// The registry of target extensions: the one list of every `-j NAME` module the lab simulates. ACCEPT, DROP,
// RETURN, QUEUE and jumps to user chains are not modules: the parser and the tracer handle them.
import type { TargetModule } from '../ext/types.ts';
import { checksumTarget } from './checksum.ts';
import { classifyTarget } from './classify.ts';
import { connmarkTarget } from './connmark.ts';
import { ctTarget } from './ct.ts';
import { dnatTarget } from './dnat.ts';
import { dscpTarget } from './dscp.ts';
import { logTarget } from './log.ts';
import { markTarget } from './mark.ts';
import { masqueradeTarget } from './masquerade.ts';
import { netmapTarget } from './netmap.ts';
import { nflogTarget } from './nflog.ts';
import { nfqueueTarget } from './nfqueue.ts';
import { notrackTarget } from './notrack.ts';
import { redirectTarget } from './redirect.ts';
import { rejectTarget } from './reject.ts';
import { setTarget } from './set.ts';
import { snatTarget } from './snat.ts';
import { tcpmssTarget } from './tcpmss.ts';
import { tosTarget } from './tos.ts';
import { traceTarget } from './trace.ts';
import { ttlTarget } from './ttl.ts';

/**
 * Each module is typed by its own data; the registry erases it, as callers pass back what parse returned. It is
 * copied onto the one object shape every registered target has (each field of TargetModule, in one order; its
 * methods' `this` is the copy): the parser and the validator read `options`, `hooks` … of whichever target a rule
 * names, and each new shape met halfway through a big dump deoptimised the code reading them.
 */
function erase<D>(module: TargetModule<D>): TargetModule {
  const m = module as unknown as TargetModule;
  return {
    name: m.name,
    options: m.options,
    tables: m.tables,
    hooks: m.hooks,
    parse: m.parse,
    save: m.save,
    list: m.list,
    apply: m.apply,
    needsConntrack: m.needsConntrack,
    hooksFor: m.hooksFor,
    translate: m.translate,
  };
}

export const targetModules: TargetModule[] = [
  erase(rejectTarget),
  erase(logTarget),
  erase(nflogTarget),
  erase(markTarget),
  erase(connmarkTarget),
  erase(dnatTarget),
  erase(snatTarget),
  erase(masqueradeTarget),
  erase(redirectTarget),
  erase(netmapTarget),
  erase(notrackTarget),
  erase(ctTarget),
  erase(traceTarget),
  erase(nfqueueTarget),
  erase(tcpmssTarget),
  erase(dscpTarget),
  erase(tosTarget),
  erase(ttlTarget),
  erase(setTarget),
  erase(checksumTarget),
  erase(classifyTarget),
];

const BY_NAME: ReadonlyMap<string, TargetModule> = new Map(targetModules.map((m) => [m.name, m]));

/** The module for `-j NAME` (names are case-sensitive, as in iptables), or undefined. */
export function findTarget(name: string): TargetModule | undefined {
  return BY_NAME.get(name);
}
