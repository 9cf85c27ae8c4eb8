import { describe, expect, it } from 'vitest';
import { sctpMatch } from './sctp.ts';
import { evaluateWith, parseWith, saved } from './util/moduleTesting.ts';

const SCTP = { proto: 132 };

describe('sctp (libxt_sctp.t)', () => {
  it.each([
    '--sport 1',
    '--sport 1:65535',
    '--dport 65535',
    '--chunk-types all DATA',
    '--chunk-types all I_FORWARD_TSN',
  ])('%s saves unchanged', (text) => {
    expect(saved(sctpMatch, text, SCTP)).toBe(text);
  });

  it('orders chunks by type and normalises flags', () => {
    expect(saved(sctpMatch, '! --chunk-types any init,data:iE', SCTP)).toBe('! --chunk-types any DATA:iE,INIT');
  });

  it.each(['--sport -1', '--sport 65536', '--dport -1', '--chunk-types all BOGUS', '--chunk-types some DATA'])(
    'refuses "%s"',
    (text) => {
      expect(parseWith(sctpMatch, text, SCTP).ok).toBe(false);
    },
  );

  it('needs -p sctp', () => {
    expect(parseWith(sctpMatch, '--dport 1', { proto: 6 }).ok).toBe(false);
  });

  it('ports are simulated, chunk types are not', () => {
    expect(evaluateWith(sctpMatch, '--dport 3868', { pkt: { proto: 132, dport: 3868 } }, SCTP).matched).toBe(true);
    expect(evaluateWith(sctpMatch, '--dport 3868', { pkt: { proto: 132, dport: 80 } }, SCTP).matched).toBe(false);
    const r = evaluateWith(sctpMatch, '--chunk-types all INIT', { pkt: { proto: 132 } }, SCTP);
    expect(r.explain.map((e) => e.id)).toEqual(['match.sctp.chunks-not-simulated']);
  });
});
