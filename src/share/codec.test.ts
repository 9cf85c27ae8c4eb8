import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { deflateSync } from 'fflate';
import { builtinScenarios, editableCopy, findBuiltin } from '../scenarios/index.ts';
import type { Scenario } from '../scenarios/types.ts';
import { toBase64Url, fromBase64Url } from './base64url.ts';
import { crc32Hex } from './crc32.ts';
import { DICTIONARY_V1 } from './dictionary.ts';
import {
  decodeShare,
  encodeShareAsync,
  encodeShare,
  MAX_FRAGMENT_CHARS,
  MAX_INFLATED_BYTES,
  OLDER_FORMATS,
  shareLink,
  SAFE_LINK_LENGTH,
  type FormatStep,
  type SharedState,
  type SharedView,
} from './codec.ts';

const view: SharedView = { packetIndex: 0, stepIndex: 0, tableOrder: 'nft' };

function packed(payload: unknown): string {
  return toBase64Url(deflateSync(new TextEncoder().encode(JSON.stringify(payload)), { dictionary: DICTIONARY_V1 }));
}
const v1Of = (payload: unknown) => `v1.${packed(payload)}`;
function v2Of(payload: unknown): string {
  const body = packed(payload);
  return `v2.${body}.${crc32Hex(body)}`;
}

function stateOf(id: string, v = view): SharedState {
  const builtin = findBuiltin(id);
  if (!builtin) throw new Error(`no built-in ${id}`);
  return { scenario: editableCopy(builtin), view: v };
}

const text = fc.string({ unit: 'grapheme', maxLength: 40 });
const iface = fc.constantFrom('lo', 'eth0', 'eth1', 'docker0', 'cni0', 'wg0');
const ip = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((p) => p.join('.'));
const port = fc.integer({ min: 0, max: 65535 });

const packetArb = fc.record(
  {
    label: text,
    in: iface,
    local: fc.boolean(),
    proto: fc.oneof(fc.constantFrom('tcp', 'udp', 'icmp'), fc.integer({ min: 0, max: 255 })),
    src: ip,
    dst: ip,
    sport: port,
    dport: port,
    tcpFlags: fc.subarray(['SYN', 'ACK', 'FIN', 'RST', 'PSH', 'URG']),
    icmpType: fc.nat(255),
    icmpCode: fc.nat(255),
    mark: fc.nat(0xffffffff),
    uid: fc.nat(65535),
  },
  { requiredKeys: ['proto', 'src', 'dst'] },
);

const scenarioArb: fc.Arbitrary<Scenario> = fc.record({
  id: fc.constantFrom('custom', 'host-firewall', 'kube-clusterip'),
  title: text,
  summary: text,
  teaching: fc.array(fc.string({ maxLength: 200 }), { maxLength: 4 }),
  rules: fc.string({ unit: 'binary', maxLength: 2000 }),
  // A host the host editor accepts (the engine's hostProblems): the app never shares another, and the decoder
  // refuses one. Interface names are unique; routes go through lo, which every host has.
  host: fc.record({
    interfaces: fc.uniqueArray(
      fc.record({
        name: iface,
        addresses: fc.array(
          ip.map((a) => `${a}/24`),
          { maxLength: 3 },
        ),
      }),
      { maxLength: 4, selector: (i) => i.name },
    ),
    routes: fc.array(fc.record({ to: fc.constant('default'), via: ip, dev: fc.constant('lo') }), { maxLength: 3 }),
    forwarding: fc.boolean(),
  }),
  seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
  packets: fc.array(packetArb, { maxLength: 6 }),
});

const viewArb: fc.Arbitrary<SharedView> = fc
  .record(
    {
      packetIndex: fc.nat(50),
      stepIndex: fc.nat(500),
      tableOrder: fc.constantFrom('nft' as const, 'legacy' as const),
      panelTab: fc.constantFrom('rules' as const, 'host' as const, 'packets' as const),
      explore: fc.constant(true as const),
      exploredPacket: fc.nat(50),
    },
    { requiredKeys: ['packetIndex', 'stepIndex', 'tableOrder'] },
    // Which packet is explored means something only while exploring: the decoder keeps it only then.
  )
  .map(({ exploredPacket, ...v }) => (v.explore && exploredPacket !== undefined ? { ...v, exploredPacket } : v));

describe('share links', () => {
  it('round-trip: scenario → link → scenario is unchanged (property)', () => {
    fc.assert(
      fc.property(scenarioArb, viewArb, (scenario, drawn) => {
        // Indexes the lab can write: a packet of the scenario (any outcome while exploring).
        const last = Math.max(0, scenario.packets.length - 1);
        const v: SharedView = {
          ...drawn,
          packetIndex: drawn.explore ? drawn.packetIndex : Math.min(drawn.packetIndex, last),
        };
        if (v.exploredPacket !== undefined) v.exploredPacket = Math.min(v.exploredPacket, last);
        const decoded = decodeShare(encodeShare({ scenario, view: v }));
        expect(decoded).toEqual({ ok: true, state: { scenario, view: v } });
      }),
      { numRuns: 200 },
    );
  });

  it.each(builtinScenarios.map((s) => [s.id]))('round-trips the built-in scenario %s', (id) => {
    const state = stateOf(id, { packetIndex: 1, stepIndex: 7, tableOrder: 'legacy' });
    expect(decodeShare(`#${encodeShare(state)}`)).toEqual({ ok: true, state });
  });

  it.each(builtinScenarios.map((s) => [s.id]))('shares the built-in scenario %s as a safe link', (id) => {
    expect(shareLink('https://example.org/netfilter-lab/', stateOf(id)).safe).toBe(true);
  });

  it('keeps the kube-proxy three-endpoint scenario under 2,000 characters (issue #5)', () => {
    const { url, safe } = shareLink('http://localhost:5173/', stateOf('kube-clusterip'));
    expect(url.length).toBeLessThan(2000);
    expect(safe).toBe(true);
  });

  it('compresses off the main thread to a link that decodes the same', async () => {
    const state = stateOf('kube-nodeport-lb');
    expect(decodeShare(await encodeShareAsync(state))).toEqual({ ok: true, state });
  });

  it('is versioned and checksummed: v2.<payload>.<CRC-32 of the payload>', () => {
    expect(encodeShare(stateOf('host-firewall'))).toMatch(/^v2\.[A-Za-z0-9_-]+\.[0-9a-f]{8}$/);
  });

  it('replaces an existing fragment of the page address', () => {
    const { url } = shareLink('http://x/lab#v2.old', stateOf('host-firewall'));
    expect(url.startsWith('http://x/lab#v2.')).toBe(true);
    expect(url).not.toContain('old');
  });

  it('flags a link past the safe size so the UI offers a file export', () => {
    const big = stateOf('host-firewall');
    // Incompressible rules: random-looking text of 12 KB cannot fit in 8 KB of link.
    let x = 12345;
    big.scenario.rules = Array.from({ length: 12000 }, () => {
      x = (x * 1103515245 + 12345) % 2 ** 31;
      return String.fromCharCode(33 + (x % 90));
    }).join('');
    const link = shareLink('http://localhost:5173/', big);
    expect(link.url.length).toBeGreaterThan(SAFE_LINK_LENGTH);
    expect(link.safe).toBe(false);
  });

  it('refuses what is not a link, a future or unknown version, and a wrong shape, without throwing', () => {
    expect(decodeShare('')).toMatchObject({ ok: false, error: 'not-a-link' });
    expect(decodeShare('#hello')).toMatchObject({ ok: false, error: 'not-a-link' });
    expect(decodeShare('#v9.AAAA')).toMatchObject({ ok: false, error: 'future-version', detail: '9' });
    expect(decodeShare('#v0.AAAA')).toMatchObject({ ok: false, error: 'unknown-version', detail: '0' });
    expect(decodeShare(v2Of({ v: 2, scenario: { rules: 5 }, view }))).toMatchObject({
      ok: false,
      error: 'invalid-content',
      detail: 'rules',
    });
    expect(decodeShare(v2Of([1, 2]))).toMatchObject({ ok: false, error: 'invalid-content' });
  });

  it('detects every one-character change of a link by its checksum (no link opens with other rules)', () => {
    const good = encodeShare(stateOf('host-firewall'));
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    fc.assert(
      fc.property(fc.nat(good.length - 4), fc.constantFrom(...alphabet), (at, ch) => {
        const i = at + 3;
        fc.pre(good[i] !== ch && good[i] !== '.');
        const typo = good.slice(0, i) + ch + good.slice(i + 1);
        expect(decodeShare(typo)).toMatchObject({ ok: false });
      }),
      { numRuns: 300 },
    );
    expect(decodeShare(good.slice(0, 30) + good.slice(31))).toMatchObject({ ok: false, error: 'garbled' });
  });

  it('says a link cut short is truncated, wherever it was cut', () => {
    const good = encodeShare(stateOf('host-firewall'));
    for (const cut of [5, 40, good.length - 12, good.length - 8, good.length - 3])
      expect(decodeShare(good.slice(0, cut))).toMatchObject({ ok: false, error: 'truncated' });
    const v1 = v1Of({ v: 1, ...stateOf('host-firewall') });
    expect(decodeShare(v1.slice(0, v1.length - 20))).toMatchObject({ ok: false, error: 'truncated' });
  });

  it('stops inflating a deflate bomb at the size cap instead of freezing', () => {
    // 16 MB of one letter compresses to 16 kB; the decoder stops once the output passes the cap.
    const bomb = deflateSync(new Uint8Array(2 * MAX_INFLATED_BYTES).fill(65), { level: 9 });
    const payload = toBase64Url(bomb);
    expect(decodeShare(`v2.${payload}.${crc32Hex(payload)}`)).toMatchObject({ ok: false, error: 'bomb' });
    expect(decodeShare(`v1.${payload}`)).toMatchObject({ ok: false, error: 'bomb' });
  });

  it('refuses a fragment longer than it reads, before decoding it', () => {
    const long = `v2.${'A'.repeat(MAX_FRAGMENT_CHARS)}.00000000`;
    expect(decodeShare(long)).toMatchObject({ ok: false, error: 'too-big' });
  });

  it.each([
    ['step 2^52', { ...view, stepIndex: 2 ** 52 }, 'view.stepIndex'],
    ['a negative packet', { ...view, packetIndex: -1 }, 'view.packetIndex'],
    ['a packet the scenario does not have', { ...view, packetIndex: 40 }, 'view.packetIndex'],
    ['a fractional step', { ...view, stepIndex: 1.5 }, 'view.stepIndex'],
    ['an explored packet past the end', { ...view, explore: true, exploredPacket: 999 }, 'view.exploredPacket'],
    ['a string index', { ...view, stepIndex: '3' }, 'view.stepIndex'],
  ])('refuses a view with %s, naming the field', (_name, badView, detail) => {
    const state = stateOf('host-firewall');
    expect(state.scenario.packets.length).toBeLessThan(40);
    expect(decodeShare(v2Of({ v: 2, scenario: state.scenario, view: badView }))).toEqual({
      ok: false,
      error: 'invalid-content',
      detail,
    });
  });

  it('still opens a v1 link (before the checksum)', () => {
    const state = stateOf('kube-clusterip');
    expect(decodeShare(v1Of({ v: 1, ...state }))).toEqual({ ok: true, state });
  });

  it('refuses a link whose host the host editor would refuse, naming the field', () => {
    const state = stateOf('host-firewall');
    const badHost = { ...state.scenario.host, routes: [{ to: 'default', dev: 'eth9' }] };
    const link = encodeShare({ ...state, scenario: { ...state.scenario, host: badHost } });
    expect(decodeShare(link)).toMatchObject({ ok: false, error: 'invalid-content', detail: 'host.routes[0].dev' });
  });

  it('carries explore mode ("Every branch"), and opens a link written before it existed in replay mode', () => {
    const exploring = stateOf('kube-clusterip', {
      packetIndex: 2,
      stepIndex: 4,
      tableOrder: 'nft',
      explore: true,
      exploredPacket: 0,
    });
    expect(decodeShare(encodeShare(exploring))).toEqual({ ok: true, state: exploring });
    // An older v1 payload: its view has no `explore` key at all.
    const old = toBase64Url(
      deflateSync(
        new TextEncoder().encode(
          JSON.stringify({ v: 1, scenario: exploring.scenario, view: { ...view, stepIndex: 3 } }),
        ),
        { dictionary: DICTIONARY_V1 },
      ),
    );
    const decoded = decodeShare(`v1.${old}`);
    expect(decoded.ok && decoded.state.view).toEqual({ ...view, stepIndex: 3 });
    expect(decoded.ok && 'explore' in decoded.state.view).toBe(false);
  });

  it('migrates an older format step by step to the current one', () => {
    // A stand-in "v0": plain uncompressed JSON whose scenario was called "s" and had no view.
    const v0: Record<number, FormatStep> = {
      ...OLDER_FORMATS,
      0: {
        inflate: (bytes) => ({ ok: true, bytes }),
        upgrade: (p) => {
          const old = p as { s: unknown };
          return { v: 1, scenario: old.s, view: { packetIndex: 0, stepIndex: 0, tableOrder: 'nft' } };
        },
      },
    };
    const scenario = stateOf('nat-gateway').scenario;
    const link = `v0.${toBase64Url(new TextEncoder().encode(JSON.stringify({ s: scenario })))}`;
    expect(decodeShare(link, v0)).toEqual({ ok: true, state: { scenario, view } });
    expect(decodeShare(link)).toMatchObject({ ok: false, error: 'unknown-version' });
  });
});

describe('base64url', () => {
  it('round-trips any bytes (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        expect(fromBase64Url(toBase64Url(bytes))).toEqual(bytes);
      }),
    );
  });

  it('uses only URL-safe characters and rejects others', () => {
    expect(toBase64Url(new Uint8Array([251, 255, 191]))).toBe('-_-_');
    expect(fromBase64Url('ab+/')).toBeNull();
    expect(fromBase64Url('abcde')).toBeNull();
  });
});
