// Property tests for the IPVS input formats (ipvsadm(8)): random text never throws and every diagnostic points
// inside it; a configuration written as `ipvsadm-save -n` commands and as the `ipvsadm -Ln` listing of the table
// those commands build reads as the same services. The commands add each real server at the head of its service's
// list (ip_vs_ctl.c __ip_vs_update_dest: list_add_rcu), so the listing shows them last-added first.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatIPv4 } from '../net/ipv4.ts';
import { parseIpvs } from './parse.ts';

const addr = fc.tuple(fc.integer({ min: 1, max: 223 }), fc.nat(255), fc.nat(255), fc.integer({ min: 1, max: 254 }));
const ip = addr.map((a) => a.join('.'));
const port = fc.integer({ min: 1, max: 65535 });

const word = fc.oneof(
  fc.constantFrom('-A', '-a', '-t', '-u', '-f', '-r', '-s', '-m', '-g', '-i', '-w', '-p', '-M', 'rr', 'wlc', 'sh'),
  fc.constantFrom('TCP', 'UDP', 'FWM', '->', 'Masq', 'Route', 'persistent', 'mask', 'IP'),
  fc.tuple(ip, port).map(([a, p]) => `${a}:${p}`),
  fc.string({ maxLength: 10 }),
);

describe('ipvsadm text', () => {
  it('random text never throws, and every diagnostic points at a line and column that exist', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.array(word, { maxLength: 8 }).map((w) => w.join(' ')),
          { maxLength: 12 },
        ),
        (lines) => {
          const text = lines.join('\n');
          for (const d of parseIpvs(text).diagnostics) {
            expect(d.line).toBeGreaterThanOrEqual(1);
            expect(d.line).toBeLessThanOrEqual(Math.max(1, lines.length));
            expect(d.col).toBeGreaterThanOrEqual(1);
            expect(d.col).toBeLessThanOrEqual((lines[d.line - 1] ?? '').length + 1);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  const FORWARD = { masq: ['-m', 'Masq'], route: ['-g', 'Route'], tunnel: ['-i', 'Tunnel'] } as const;
  const dest = fc.record({
    ip,
    port,
    weight: fc.nat(100),
    forwarding: fc.constantFrom('masq', 'route', 'tunnel') as fc.Arbitrary<keyof typeof FORWARD>,
  });
  const service = fc.record({
    proto: fc.constantFrom('tcp', 'udp'),
    ip,
    port,
    scheduler: fc.constantFrom('rr', 'wrr', 'lc', 'wlc', 'sh', 'dh', 'mh'),
    persistence: fc.option(fc.integer({ min: 1, max: 86400 }), { nil: undefined }),
    dests: fc.uniqueArray(dest, { maxLength: 5, selector: (d) => `${d.ip}:${d.port}` }),
  });
  const config = fc.uniqueArray(service, { maxLength: 6, selector: (s) => `${s.proto} ${s.ip}:${s.port}` });

  it('ipvsadm-save -n commands and the -Ln listing of the same table read as the same services', () => {
    fc.assert(
      fc.property(config, (services) => {
        const commands = services.flatMap((s) => {
          const vs = `-${s.proto[0]} ${s.ip}:${s.port}`;
          const persistent = s.persistence === undefined ? '' : ` -p ${s.persistence}`;
          return [
            `-A ${vs} -s ${s.scheduler}${persistent}`,
            ...s.dests.map((d) => `-a ${vs} -r ${d.ip}:${d.port} ${FORWARD[d.forwarding][0]} -w ${d.weight}`),
          ];
        });
        const listing = [
          'IP Virtual Server version 1.2.1 (size=4096)',
          'Prot LocalAddress:Port Scheduler Flags',
          '  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn',
          ...services.flatMap((s) => [
            `${s.proto.toUpperCase()}  ${s.ip}:${s.port} ${s.scheduler}${s.persistence === undefined ? '' : ` persistent ${s.persistence}`}`,
            // The kernel's list order: the last `-a` first.
            ...[...s.dests]
              .reverse()
              .map(
                (d) => `  -> ${`${d.ip}:${d.port}`.padEnd(28)} ${FORWARD[d.forwarding][1].padEnd(7)} ${d.weight} 0 0`,
              ),
          ]),
        ];
        const saved = parseIpvs(commands.join('\n'));
        const listed = parseIpvs(listing.join('\n'));
        expect(saved.diagnostics).toEqual([]);
        expect(listed.diagnostics).toEqual([]);
        const shape = (r: ReturnType<typeof parseIpvs>) =>
          r.config.services.map((s) => ({
            key: s.key,
            scheduler: s.scheduler,
            persistence: s.persistence,
            dests: s.dests.map((d) => [formatIPv4(d.addr), d.port, d.weight, d.forwarding]),
          }));
        expect(shape(listed)).toEqual(shape(saved));
        expect(saved.config.services.map((s) => s.dests.length)).toEqual(services.map((s) => s.dests.length));
      }),
      { numRuns: 200 },
    );
  });
});
