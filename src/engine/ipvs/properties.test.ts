// Property tests for the IPVS input formats (ipvsadm(8)) and ipvsadm-save -n (save.ts):
// - random text never throws, every diagnostic points inside it, and whatever was read saves without throwing;
// - save → parse → save is a fixed point, and parse → save → parse is the identity on saved text, for any table
//   ipvsadm itself could build (addresses within 2^31 of each other: libipvs compares them by an int difference,
//   which past that is no order at all, see save.ts);
// - the saved text means what the input meant, less what ipvsadm-save never prints (-x/-y, -M without -p);
// - a configuration written as `ipvsadm-save -n` commands and as the `ipvsadm -Ln --nosort` listing of the table
//   those commands build reads as the same services. The commands add each real server at the head of its service's
//   list (ip_vs_ctl.c __ip_vs_update_dest: list_add_rcu), so that listing shows them last-added first.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatIPv4 } from '../net/ipv4.ts';
import { parseIpvs } from './parse.ts';
import { saveIpvs } from './save.ts';
import type { IpvsConfig } from './types.ts';

/** Addresses below 128.0.0.0: any two are less than 2^31 apart, so libipvs's comparison is a total order. */
const ip = fc
  .tuple(fc.integer({ min: 1, max: 127 }), fc.nat(255), fc.nat(255), fc.integer({ min: 1, max: 254 }))
  .map((a) => a.join('.'));
const port = fc.integer({ min: 1, max: 65535 });

const word = fc.oneof(
  fc.constantFrom('-A', '-a', '-t', '-u', '-f', '-r', '-s', '-m', '-g', '-i', '-w', '-p', '-M', '-o', '-b', '-x'),
  fc.constantFrom('rr', 'wlc', 'sh', 'mh', 'sh-port', 'mh-fallback', 'flag-3', '255.255.0.0', '--pe', 'sip'),
  fc.constantFrom('--tun-type', 'gue', 'gre', 'ipip', '--tun-port', '--tun-csum', '--sctp-service', '7', '0'),
  fc.constantFrom('TCP', 'UDP', 'FWM', '->', 'Masq', 'Route', 'Tunnel', 'persistent', 'mask', 'pe', 'ops', 'IP'),
  fc.tuple(ip, port).map(([a, p]) => `${a}:${p}`),
  ip,
  fc.string({ maxLength: 10 }),
);
const randomLines = fc.array(
  fc.array(word, { maxLength: 10 }).map((w) => w.join(' ')),
  { maxLength: 12 },
);

/** The configuration without source positions: what identity is about. */
const withoutPos = (c: IpvsConfig) =>
  c.services.map(({ pos: _p, dests, ...s }) => ({ ...s, dests: dests.map(({ pos: _q, ...d }) => d) }));

describe('ipvsadm text', () => {
  it('random text never throws, every diagnostic points at a line and column that exist, and it saves', () => {
    fc.assert(
      fc.property(randomLines, (lines) => {
        const text = lines.join('\n');
        const parsed = parseIpvs(text);
        for (const d of parsed.diagnostics) {
          expect(d.line).toBeGreaterThanOrEqual(1);
          expect(d.line).toBeLessThanOrEqual(Math.max(1, lines.length));
          expect(d.col).toBeGreaterThanOrEqual(1);
          expect(d.col).toBeLessThanOrEqual((lines[d.line - 1] ?? '').length + 1);
        }
        expect(typeof saveIpvs(parsed.config)).toBe('string');
      }),
      { numRuns: 200 },
    );
  });

  it('random ipvsadm-save commands: what was read saves to text that reads back the same and saves the same', () => {
    fc.assert(
      fc.property(randomLines, (lines) => {
        const text = lines.map((l) => (l.startsWith('-') ? l : `-A ${l}`)).join('\n');
        const saved = saveIpvs(parseIpvs(text).config);
        const again = parseIpvs(saved);
        expect(again.diagnostics).toEqual([]);
        expect(saveIpvs(again.config)).toBe(saved);
        expect(withoutPos(parseIpvs(saveIpvs(again.config)).config)).toEqual(withoutPos(again.config));
      }),
      { numRuns: 200 },
    );
  });

  const FORWARD = { masq: ['-m', 'Masq'], route: ['-g', 'Route'], tunnel: ['-i', 'Tunnel'] } as const;
  type Fwd = keyof typeof FORWARD;
  const tunnel = fc.oneof(
    fc.constant(''),
    fc.constant(' --tun-type ipip'),
    fc
      .tuple(port, fc.constantFrom('', ' --tun-csum', ' --tun-remcsum'))
      .map(([p, c]) => ` --tun-type gue --tun-port ${p}${c}`),
    fc.constantFrom('', ' --tun-nocsum', ' --tun-csum').map((c) => ` --tun-type gre${c}`),
  );
  const dest = fc.record({
    ip,
    port: fc.option(port, { nil: undefined }),
    weight: fc.option(fc.nat(100), { nil: undefined }),
    forwarding: fc.constantFrom<Fwd>('masq', 'route', 'tunnel'),
    tunnel,
    thresholds: fc.option(fc.tuple(fc.nat(1000), fc.nat(1000)), { nil: undefined }),
  });
  const service = fc.record({
    key: fc.oneof(
      fc.tuple(fc.constantFrom('-t', '-u', '--sctp-service'), ip, port).map(([f, a, p]) => `${f} ${a}:${p}`),
      fc.integer({ min: 1, max: 0x7fffffff }).map((m) => `-f ${m}`),
    ),
    scheduler: fc.option(fc.constantFrom('rr', 'wrr', 'lc', 'wlc', 'sh', 'dh', 'mh', 'sed'), { nil: undefined }),
    persistence: fc.option(fc.option(fc.integer({ min: 1, max: 86400 }), { nil: undefined }), { nil: null }),
    mask: fc.option(fc.constantFrom('255.255.255.255', '255.255.255.0', '255.255.0.0', '255.0.0.0'), {
      nil: undefined,
    }),
    pe: fc.boolean(),
    flags: fc.subarray(['sh-fallback', 'sh-port', 'mh-port', 'flag-1', 'flag-3']),
    dests: fc.uniqueArray(dest, { maxLength: 5, selector: (d) => d.ip }),
  });
  /** Commands for the services, in any order ipvsadm would take them: each -A before its -a lines. */
  const commands = fc
    .uniqueArray(service, { maxLength: 6, selector: (s) => s.key.replace(/:\d+$/, (p) => p) })
    .chain((services) => {
      const lines = services.map((s) => {
        const p = s.persistence === null ? '' : s.persistence === undefined ? ' -p' : ` -p ${s.persistence}`;
        const head = [
          `-A ${s.key}`,
          s.scheduler ? ` -s ${s.scheduler}` : '',
          p,
          s.mask ? ` -M ${s.mask}` : '',
          s.pe ? ' --pe sip' : '',
          s.key.startsWith('-u') ? ' -o' : '',
          s.flags.length ? ` -b ${s.flags.join(',')}` : '',
        ].join('');
        const servers = s.dests.map((d) =>
          [
            `-a ${s.key} -r ${d.ip}${d.port === undefined ? '' : `:${d.port}`} ${FORWARD[d.forwarding][0]}`,
            d.weight === undefined ? '' : ` -w ${d.weight}`,
            d.forwarding === 'tunnel' ? d.tunnel : '',
            d.thresholds ? ` -x ${d.thresholds[0]} -y ${d.thresholds[1]}` : '',
          ].join(''),
        );
        return [head, ...servers];
      });
      return fc.shuffledSubarray(lines, { minLength: lines.length, maxLength: lines.length }).map((l) => l.flat());
    });

  it('parse → save → parse is the identity and save → parse → save a fixed point, for any table ipvsadm builds', () => {
    fc.assert(
      fc.property(commands, (lines) => {
        const first = parseIpvs(lines.join('\n'));
        expect(first.diagnostics).toEqual([]);
        const saved = saveIpvs(first.config);
        const read = parseIpvs(saved);
        expect(read.diagnostics).toEqual([]);
        expect(saveIpvs(read.config)).toBe(saved);
        expect(withoutPos(parseIpvs(saveIpvs(read.config)).config)).toEqual(withoutPos(read.config));
        // Restored, each service holds its servers in the reverse of the saved (sorted) order: list_add_rcu.
        for (const s of read.config.services) {
          const order = s.dests.map((d) => d.addr * 65536 + d.port);
          expect(order).toEqual([...order].sort((a, b) => b - a));
        }
      }),
      { numRuns: 200 },
    );
  });

  /** What a table means, whatever its order: what ipvsadm-save must keep. */
  const meaning = (c: IpvsConfig) =>
    c.services
      .map((s) => ({
        key: JSON.stringify(s.key),
        scheduler: s.scheduler,
        persistence: s.persistence,
        mask: s.persistence === undefined ? undefined : s.persistenceMask >>> 0,
        pe: s.persistenceEngine,
        onePacket: s.onePacket,
        flagBits: [
          ...new Set(s.schedFlags.map((f) => (/fallback|-1$/.test(f) ? 1 : /port|-2$/.test(f) ? 2 : 3))),
        ].sort(),
        dests: s.dests
          .map((d) => ({
            server: `${formatIPv4(d.addr)}:${d.port}`,
            weight: d.weight,
            forwarding: d.forwarding,
            tunnel: d.forwarding === 'tunnel' ? { checksum: 'nocsum', ...(d.tunnel ?? { type: 'ipip' }) } : undefined,
          }))
          .sort((a, b) => a.server.localeCompare(b.server)),
      }))
      .sort((a, b) => a.key.localeCompare(b.key));

  it('the saved text means what the input meant (less -x/-y and -M without -p, which ipvsadm-save never prints)', () => {
    fc.assert(
      fc.property(commands, (lines) => {
        const first = parseIpvs(lines.join('\n')).config;
        expect(meaning(parseIpvs(saveIpvs(first)).config)).toEqual(meaning(first));
      }),
      { numRuns: 200 },
    );
  });

  const listed = fc.record({
    proto: fc.constantFrom('tcp', 'udp'),
    ip,
    port,
    scheduler: fc.constantFrom('rr', 'wrr', 'lc', 'wlc', 'sh', 'dh', 'mh'),
    persistence: fc.option(fc.integer({ min: 1, max: 86400 }), { nil: undefined }),
    dests: fc.uniqueArray(
      fc.record({ ip, port, weight: fc.nat(100), forwarding: fc.constantFrom<Fwd>('masq', 'route', 'tunnel') }),
      { maxLength: 5, selector: (d) => d.ip },
    ),
  });

  it('ipvsadm-save -n commands and the -Ln --nosort listing of the same table read as the same services', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(listed, { maxLength: 6, selector: (s) => `${s.proto} ${s.ip}:${s.port}` }),
        (services) => {
          // Gatewaying and tunnelling keep the service's port (ipvsadm.c process_options): the kernel holds that one.
          const serverPort = (s: (typeof services)[number], d: (typeof services)[number]['dests'][number]) =>
            d.forwarding === 'masq' ? d.port : s.port;
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
                  (d) =>
                    `  -> ${`${d.ip}:${serverPort(s, d)}`.padEnd(28)} ${FORWARD[d.forwarding][1].padEnd(7)} ${d.weight} 0 0`,
                ),
            ]),
          ];
          const saved = parseIpvs(commands.join('\n'));
          const read = parseIpvs(listing.join('\n'));
          expect(saved.diagnostics).toEqual([]);
          expect(read.diagnostics).toEqual([]);
          const shape = (r: ReturnType<typeof parseIpvs>) =>
            r.config.services.map((s) => ({
              key: s.key,
              scheduler: s.scheduler,
              persistence: s.persistence,
              dests: s.dests.map((d) => [formatIPv4(d.addr), d.port, d.weight, d.forwarding]),
            }));
          expect(shape(read)).toEqual(shape(saved));
          expect(saved.config.services.map((s) => s.dests.length)).toEqual(services.map((s) => s.dests.length));
          // And both save to the same ipvsadm-save text.
          expect(saveIpvs(read.config)).toBe(saveIpvs(saved.config));
        },
      ),
      { numRuns: 200 },
    );
  });
});
