import { describe, expect, it } from 'vitest';
import { builtinScenarios, editableCopy } from './index.ts';
import { validateScenario } from './validate.ts';

const host = { interfaces: [{ name: 'eth0', addresses: ['10.0.0.1/24'] }], routes: [], forwarding: false };

describe('validateScenario', () => {
  it('accepts every built-in scenario and returns an equal copy', () => {
    for (const b of builtinScenarios) {
      const s = editableCopy(b);
      const result = validateScenario(JSON.parse(JSON.stringify(s)));
      expect(result).toEqual({ ok: true, value: s });
    }
  });

  it('fills what an imported scenario may leave out: id, title, lesson, seed', () => {
    const result = validateScenario({ rules: '*filter\nCOMMIT\n', host, packets: [] });
    expect(result).toEqual({
      ok: true,
      value: {
        id: 'custom',
        title: '',
        summary: '',
        teaching: [],
        rules: '*filter\nCOMMIT\n',
        host,
        seed: 1,
        packets: [],
      },
    });
  });

  it.each([
    ['rules', { host, packets: [] }],
    ['host', { rules: '', packets: [] }],
    [
      'host.interfaces[0].addresses',
      { rules: '', packets: [], host: { ...host, interfaces: [{ name: 'eth0', addresses: '10.0.0.1/24' }] } },
    ],
    // Shape is not enough: the host must be one the host editor would accept (the engine's hostProblems).
    ['host.routes[0].dev', { rules: '', packets: [], host: { ...host, routes: [{ to: 'default', dev: 'eth9' }] } }],
    [
      'host.interfaces[0].addresses',
      { rules: '', packets: [], host: { ...host, interfaces: [{ name: 'eth0', addresses: ['10.0.0.1/33'] }] } },
    ],
    ['packets[0].src', { rules: '', host, packets: [{ proto: 'tcp', dst: '10.0.0.1' }] }],
    [
      'packets[1].dport',
      {
        rules: '',
        host,
        packets: [
          { proto: 'tcp', src: 'a', dst: 'b' },
          { proto: 'tcp', src: 'a', dst: 'b', dport: '22' },
        ],
      },
    ],
    ['seed', { rules: '', host, packets: [], seed: 1.5 }],
    ['packets[0].dport', { rules: '', host, packets: [{ proto: 'tcp', src: 'a', dst: 'b', dport: 65536 }] }],
    [
      'packets',
      { rules: '', host, packets: Array.from({ length: 1001 }, () => ({ proto: 'tcp', src: 'a', dst: 'b' })) },
    ],
  ])('names the first wrong field (%s)', (path, data) => {
    expect(validateScenario(data)).toEqual({ ok: false, path });
  });

  it('drops fields it does not know, so nothing unexpected reaches the engine', () => {
    const result = validateScenario({
      rules: '',
      host,
      packets: [{ proto: 'icmp', src: 'a', dst: 'b', evil: true }],
      extra: 1,
    });
    expect(result.ok && result.value.packets[0]).toEqual({ proto: 'icmp', src: 'a', dst: 'b' });
    expect(result.ok && 'extra' in result.value).toBe(false);
  });
});
