// The IPVS connection table as the kernel keeps it (net/netfilter/ipvs/ip_vs_conn.c): connections hashed by their
// client → virtual tuple (ip_vs_conn_in_get) and their real server → client tuple (ip_vs_conn_out_get), each
// bucket a short chain, so a lookup costs the same whatever the table holds. Expiry is lazy: nothing is swept
// until the clock reaches the earliest deadline (the kernel's per-connection timers), so a batch of packets at
// one instant never walks the table. Persistence templates are found by service, client network and virtual
// address:port (ip_vs_sched_persist's template lookup).
import type { IpvsConn, ServiceState } from './table.ts';

const inKey = (proto: number, caddr: number, cport: number, vaddr: number, vport: number) =>
  `${proto}|${caddr}|${cport}|${vaddr}|${vport}`;
const outKey = (proto: number, daddr: number, dport: number, caddr: number, cport: number) =>
  `${proto}|${daddr}|${dport}|${caddr}|${cport}`;
const templateKey = (service: ServiceState, snet: number, vaddr: number, vport: number) =>
  `${service.label}|${snet}|${vaddr}|${vport}`;

function addTo(index: Map<string, IpvsConn[]>, key: string, c: IpvsConn): void {
  const bucket = index.get(key);
  if (bucket) bucket.push(c);
  else index.set(key, [c]);
}

function removeFrom(index: Map<string, IpvsConn[]>, key: string, c: IpvsConn): void {
  const bucket = index.get(key);
  if (!bucket) return;
  const rest = bucket.filter((x) => x !== c);
  if (rest.length) index.set(key, rest);
  else index.delete(key);
}

export class IpvsConnStore {
  /** Every connection and template, in creation order (the order `ipvsadm -Lnc` lists them in here). */
  private readonly all = new Set<IpvsConn>();
  private readonly byIn = new Map<string, IpvsConn[]>();
  private readonly byOut = new Map<string, IpvsConn[]>();
  private readonly byTemplate = new Map<string, IpvsConn[]>();
  /** No connection expires before this time: until the clock reaches it, lookups need no sweep. */
  private nextExpiry = Infinity;

  /**
   * @param unbind ip_vs_unbind_dest for an expired or forgotten connection (its server's counters).
   */
  constructor(private readonly unbind: (c: IpvsConn) => void) {}

  add(c: IpvsConn): void {
    this.all.add(c);
    if (c.template) addTo(this.byTemplate, templateKey(c.service, c.caddr, c.vaddr, c.vport), c);
    else {
      addTo(this.byIn, inKey(c.proto, c.caddr, c.cport, c.vaddr, c.vport), c);
      addTo(this.byOut, outKey(c.proto, c.daddr, c.dport, c.caddr, c.cport), c);
    }
    this.deadlineSet(c);
  }

  /** A connection's deadline was set (a packet seen, a template refreshed): it may now expire sooner. */
  deadlineSet(c: IpvsConn): void {
    if (c.deadline < this.nextExpiry) this.nextExpiry = c.deadline;
  }

  inConn(now: number, proto: number, caddr: number, cport: number, vaddr: number, vport: number) {
    this.expire(now);
    return this.byIn.get(inKey(proto, caddr, cport, vaddr, vport))?.[0];
  }

  outConn(now: number, proto: number, daddr: number, dport: number, caddr: number, cport: number) {
    this.expire(now);
    return this.byOut.get(outKey(proto, daddr, dport, caddr, cport))?.[0];
  }

  template(now: number, service: ServiceState, snet: number, vaddr: number, vport: number) {
    this.expire(now);
    return this.byTemplate.get(templateKey(service, snet, vaddr, vport))?.[0];
  }

  /** The live connections and templates, oldest first. */
  list(now: number): IpvsConn[] {
    this.expire(now);
    return [...this.all];
  }

  /** Every connection ends (a batch of fresh flows): each leaves its server; persistence templates stay. */
  forgetConnections(): void {
    for (const c of this.all) if (!c.template) this.remove(c);
  }

  private remove(c: IpvsConn): void {
    this.all.delete(c);
    if (c.template) removeFrom(this.byTemplate, templateKey(c.service, c.caddr, c.vaddr, c.vport), c);
    else {
      removeFrom(this.byIn, inKey(c.proto, c.caddr, c.cport, c.vaddr, c.vport), c);
      removeFrom(this.byOut, outKey(c.proto, c.daddr, c.dport, c.caddr, c.cport), c);
      this.unbind(c);
    }
  }

  /**
   * Connections whose deadline has passed expire; a template lives on while a live connection it controls does
   * (ip_vs_conn_expire keeps a template with n_control > 0).
   */
  private expire(now: number): void {
    if (now < this.nextExpiry) return;
    const controlling = new Set<IpvsConn>();
    for (const c of this.all) {
      if (c.template) continue;
      if (c.deadline <= now) this.remove(c);
      else if (c.control) controlling.add(c.control);
    }
    let next = Infinity;
    for (const c of this.all) {
      if (c.template && c.deadline <= now && !controlling.has(c)) this.remove(c);
      // A template kept alive by its connections goes when they do: their deadlines bound the next sweep.
      else if (c.deadline > now && c.deadline < next) next = c.deadline;
    }
    this.nextExpiry = next;
  }
}
