import { describe, expect, it } from 'vitest';
import { nfqueueTarget } from './nfqueue.ts';
import { applyWith, evalContext, parseWith, parsed, saved } from './util/testing.ts';

describe('NFQUEUE: parse and canonical save (libxt_NFQUEUE.t)', () => {
  it.each([
    ['', '--queue-num 0'],
    ['--queue-num 0', '--queue-num 0'],
    ['--queue-num 65535', '--queue-num 65535'],
    ['--queue-balance 0:65534', '--queue-balance 0:65534'],
    ['--queue-balance :', '--queue-balance 0:65534'],
    ['--queue-balance :4', '--queue-balance 0:4'],
    ['--queue-balance 4:', '--queue-balance 4:65534'],
    ['--queue-balance 3:4', '--queue-balance 3:4'],
    ['--queue-num 10 --queue-bypass', '--queue-num 10 --queue-bypass'],
    ['--queue-balance 0:6 --queue-cpu-fanout --queue-bypass', '--queue-balance 0:6 --queue-bypass --queue-cpu-fanout'],
    ['--queue-bypass --queue-balance 0:6 --queue-cpu-fanout', '--queue-balance 0:6 --queue-bypass --queue-cpu-fanout'],
    ['--queue-bypass', '--queue-num 0 --queue-bypass'],
  ])('%s saves as "%s"', (text, want) => {
    expect(saved(nfqueueTarget, text)).toBe(want);
  });

  it.each([
    '--queue-num 65536',
    '--queue-num -1',
    '--queue-balance 0:65535',
    '--queue-balance 0:65536',
    '--queue-balance -1:65535',
    '--queue-balance 4',
    '--queue-balance 4:4',
    '--queue-balance 4:3',
    '--queue-num 1 --queue-balance 2:3',
    // --fail-open is a flag the listening program sets on its queue (NFQA_CFG_F_FAIL_OPEN), not an iptables option.
    '--fail-open',
  ])('refuses "%s"', (text) => {
    expect(parseWith(nfqueueTarget, text).ok).toBe(false);
  });
});

describe('NFQUEUE: verdict when no program listens (the lab has none)', () => {
  it('queues without bypass: the kernel drops the packet, and the explanation says why', () => {
    const { verdict, sentences } = applyWith(nfqueueTarget, parsed(nfqueueTarget, '--queue-num 3'), evalContext());
    expect(verdict).toEqual({ kind: 'queue', num: 3, bypass: false });
    expect(sentences[1]).toContain('drops the packet');
  });

  it('with --queue-bypass the packet is accepted as if by ACCEPT', () => {
    const data = parsed(nfqueueTarget, '--queue-balance 2:5 --queue-bypass');
    const { verdict, sentences } = applyWith(nfqueueTarget, data, evalContext());
    expect(verdict).toEqual({ kind: 'queue', num: 2, bypass: true });
    expect(sentences[0]).toContain('queues 2 to 5');
    expect(sentences[1]).toContain('as if by ACCEPT');
  });
});
