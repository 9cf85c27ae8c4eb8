import { describe, expect, it } from 'vitest';
import { DEFAULT_HOST, buildHost } from '../host/host.ts';
import { parseIPv4 } from '../net/ipv4.ts';
import { routeInput, routeOutput } from './route.ts';

const ip = (s: string) => parseIPv4(s)!;
const router = buildHost(undefined).host;

describe('input routing (ip_route_input)', () => {
  it('delivers local and broadcast destinations, forwards the rest by the main table', () => {
    expect(routeInput(router, ip('10.0.1.2'), ip('10.0.2.1'), 'eth0').kind).toBe('local');
    expect(routeInput(router, ip('10.0.1.2'), ip('10.0.1.255'), 'eth0').kind).toBe('local');
    const fwd = routeInput(router, ip('10.0.1.2'), ip('198.51.100.7'), 'eth0');
    expect(fwd.kind).toBe('forward');
    expect(fwd.outIface).toBe('eth1');
  });

  it('drops martians: 127/8 off lo unless route_localnet, own source, multicast not joined', () => {
    expect(routeInput(router, ip('10.0.1.2'), ip('127.0.0.1'), 'eth0').reason.id).toBe(
      'trace.route.martian-localnet-destination',
    );
    const localnet = buildHost({ ...DEFAULT_HOST, routeLocalnet: true }).host;
    expect(routeInput(localnet, ip('10.0.1.2'), ip('127.0.0.1'), 'eth0').kind).toBe('local');
    expect(routeInput(router, ip('10.0.1.1'), ip('10.0.2.2'), 'eth0').reason.id).toBe('trace.route.martian-own-source');
    expect(routeInput(router, ip('10.0.1.2'), ip('224.0.0.251'), 'eth0').kind).toBe('drop');
    expect(routeInput(router, ip('10.0.1.2'), ip('224.0.0.1'), 'eth0').kind).toBe('local');
  });

  it('drops what it would forward when ip_forward is off, and what has no route', () => {
    const off = buildHost({ ...DEFAULT_HOST, forwarding: false }).host;
    expect(routeInput(off, ip('10.0.1.2'), ip('10.0.2.2'), 'eth0').reason.id).toBe('trace.route.forwarding-off');
    expect(routeInput(off, ip('10.0.1.2'), ip('10.0.1.1'), 'eth0').kind).toBe('local');
    const noDefault = buildHost({ ...DEFAULT_HOST, routes: [] }).host;
    expect(routeInput(noDefault, ip('10.0.1.2'), ip('8.8.8.8'), 'eth0').reason.id).toBe('trace.route.no-route');
  });
});

describe('output routing (ip_route_output)', () => {
  it('sends local destinations through lo and others by the main table', () => {
    expect(routeOutput(router, ip('10.0.2.1'), ip('10.0.1.1')).outIface).toBe('lo');
    expect(routeOutput(router, ip('10.0.2.1'), ip('10.0.1.7')).outIface).toBe('eth0');
    expect(routeOutput(router, ip('127.0.0.1'), ip('10.0.1.7')).kind).toBe('drop');
  });
});
