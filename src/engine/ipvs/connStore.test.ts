// The IPVS connection table's expiry (ip_vs_conn.c ip_vs_conn_expire): a connection lives until its deadline,
// a persistence template while a connection it controls lives; lookups are by hash, never by walking the table.
import { describe, expect, it } from 'vitest';
import { IpvsConnStore } from './connStore.ts';
import type { IpvsConn, ServiceState } from './table.ts';

const service = { label: 'TCP 10.96.0.10:80' } as ServiceState;
const conn = (over: Partial<IpvsConn>): IpvsConn =>
  ({
    proto: 6,
    caddr: 1,
    cport: 40000,
    vaddr: 2,
    vport: 80,
    daddr: 3,
    dport: 8080,
    service,
    dest: {},
    state: 'SYN_RECV',
    inactive: true,
    timeout: 60,
    deadline: 60,
    template: false,
    ...over,
  }) as IpvsConn;

describe('IpvsConnStore', () => {
  it('finds a connection by either direction until its deadline, then unbinds it from its server', () => {
    const unbound: IpvsConn[] = [];
    const store = new IpvsConnStore((c) => unbound.push(c));
    const c = conn({});
    store.add(c);
    expect(store.inConn(59, 6, 1, 40000, 2, 80)).toBe(c);
    expect(store.outConn(59, 6, 3, 8080, 1, 40000)).toBe(c);
    expect(store.inConn(59, 6, 1, 40001, 2, 80)).toBeUndefined();
    expect(store.inConn(60, 6, 1, 40000, 2, 80)).toBeUndefined();
    expect(unbound).toEqual([c]);
  });

  it('an earlier deadline set later (a shorter TCP state timeout) still expires the connection on time', () => {
    const store = new IpvsConnStore(() => {});
    const c = conn({ deadline: 900 });
    store.add(c);
    c.deadline = 10;
    store.deadlineSet(c);
    expect(store.list(10)).toEqual([]);
  });

  it('a template outlives its deadline while a connection it controls lives', () => {
    const store = new IpvsConnStore(() => {});
    const template = conn({ template: true, cport: 0, deadline: 20 });
    const c = conn({ deadline: 50, control: template });
    store.add(template);
    store.add(c);
    expect(store.template(30, service, 1, 2, 80)).toBe(template);
    expect(store.template(50, service, 1, 2, 80)).toBeUndefined();
    expect(store.list(50)).toEqual([]);
  });

  it('forgetting connections keeps the templates', () => {
    const store = new IpvsConnStore(() => {});
    const template = conn({ template: true, cport: 0, deadline: 300 });
    store.add(template);
    store.add(conn({ control: template }));
    store.forgetConnections();
    expect(store.list(0)).toEqual([template]);
  });
});
