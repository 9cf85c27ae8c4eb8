import { describe, expect, it } from 'vitest';
import type { HostSpec, TraceResult } from '../../engine/trace/types.ts';
import { findBuiltin } from '../../scenarios/index.ts';
import {
  firstServiceVip,
  hostAddresses,
  neighbourOf,
  nextOfConnection,
  ping,
  replyTo,
  sshSyn,
  toServiceVip,
} from './packetPresets.ts';

const router: HostSpec = {
  interfaces: [
    { name: 'lo', addresses: ['127.0.0.1/8'] },
    { name: 'eth0', addresses: ['203.0.113.1/24'] },
    { name: 'cni0', addresses: ['10.244.0.1/24'] },
  ],
  routes: [],
  forwarding: true,
};

const result = (over: Partial<TraceResult>): TraceResult => ({
  fate: 'sent',
  outIface: 'eth1',
  packet: {
    proto: 'tcp',
    src: '198.51.100.20',
    dst: '192.168.1.20',
    sport: 50000,
    dport: 80,
    mark: 0,
    tos: 0,
    ttl: 63,
    length: 40,
  },
  ctstate: 'NEW',
  walk: [],
  steps: [],
  ...over,
});

describe('packet presets', () => {
  it('lists the host addresses without loopback', () => {
    expect(hostAddresses(router).map((a) => `${a.iface} ${a.address}`)).toEqual([
      'eth0 203.0.113.1',
      'cni0 10.244.0.1',
    ]);
  });

  it('picks a neighbour on the same network, never the host itself', () => {
    expect(neighbourOf({ iface: 'eth0', address: '10.0.0.50', prefix: 24 })).toBe('10.0.0.51');
    expect(neighbourOf({ iface: 'eth0', address: '10.0.0.1', prefix: 24 })).toBe('10.0.0.50');
  });

  it('builds a new SSH connection and a ping towards the host', () => {
    expect(sshSyn(router, 'ssh')).toMatchObject({
      in: 'eth0',
      proto: 'tcp',
      dst: '203.0.113.1',
      dport: 22,
      tcpFlags: ['SYN'],
    });
    expect(ping(router, 'ping')).toMatchObject({ in: 'eth0', proto: 'icmp', icmpType: 8, dst: '203.0.113.1' });
  });

  it('aims at the first service VIP of a kube-proxy ruleset, from the pod network', () => {
    const kube = findBuiltin('kube-clusterip')!;
    expect(firstServiceVip(kube.rules)).toEqual({ vip: '10.96.0.50', port: 80, proto: 'tcp' });
    expect(toServiceVip(kube.host, kube.rules, 'vip')).toMatchObject({
      in: 'cni0',
      src: '10.244.0.5',
      dst: '10.96.0.50',
      dport: 80,
    });
    expect(toServiceVip(router, '*filter\nCOMMIT\n', 'vip')).toMatchObject({ dst: '10.96.0.1', dport: 443 });
  });

  it('answers a forwarded, DNATed packet from behind its out-interface, to the client', () => {
    const syn = {
      in: 'eth0',
      proto: 'tcp',
      src: '198.51.100.20',
      sport: 50000,
      dst: '203.0.113.1',
      dport: 8080,
      tcpFlags: ['SYN'],
    };
    expect(replyTo(syn, result({}), 'reply')).toEqual({
      label: 'reply',
      in: 'eth1',
      proto: 'tcp',
      src: '192.168.1.20',
      sport: 80,
      dst: '198.51.100.20',
      dport: 50000,
      tcpFlags: ['SYN', 'ACK'],
    });
  });

  it('answers a delivered packet from a local process, and cannot answer a dropped one', () => {
    const syn = { in: 'eth0', proto: 'tcp', src: '10.0.0.50', sport: 5, dst: '10.0.0.1', dport: 22, tcpFlags: ['SYN'] };
    const delivered = result({
      fate: 'delivered',
      outIface: null,
      packet: { ...result({}).packet, src: '10.0.0.50', dst: '10.0.0.1', sport: 5, dport: 22 },
    });
    expect(replyTo(syn, delivered, 'r')).toMatchObject({
      local: true,
      src: '10.0.0.1',
      sport: 22,
      dst: '10.0.0.50',
      dport: 5,
    });
    expect(replyTo(syn, result({ fate: 'dropped' }), 'r')).toBeNull();
  });

  it('gives a new connection a source port and a ping an identifier no earlier packet uses', () => {
    const first = sshSyn(router, 'a');
    expect(sshSyn(router, 'b', [first]).sport).toBe((first.sport ?? 0) + 1);
    const echo = ping(router, 'p');
    expect(ping(router, 'q', [echo]).icmpId).toBe((echo.icmpId ?? 0) + 1);
  });

  it('continues a connection: the ACK after a SYN', () => {
    const syn = sshSyn(router, 'ssh');
    expect(nextOfConnection(syn, 'ack')).toEqual({ ...syn, label: 'ack', tcpFlags: ['ACK'] });
  });
});
