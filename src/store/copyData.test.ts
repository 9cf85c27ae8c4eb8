import { describe, expect, it } from 'vitest';
import { defaultScenario } from '../scenarios/index.ts';
import { copyData } from './copyData.ts';

describe('copyData', () => {
  it('copies a scenario as structuredClone does: equal, and no object or array shared', () => {
    const copy = copyData(defaultScenario);
    expect(copy).toEqual(structuredClone(defaultScenario));
    expect(copy).not.toBe(defaultScenario);
    expect(copy.packets).not.toBe(defaultScenario.packets);
    expect(copy.packets[0]).not.toBe(defaultScenario.packets[0]);
    expect(copy.host).not.toBe(defaultScenario.host);
  });

  it('leaves the original alone when the copy is changed at any depth', () => {
    const original = { rules: '*filter\nCOMMIT\n', packets: [{ dport: 80, flags: ['SYN'] }], host: { up: true } };
    const copy = copyData(original);
    copy.packets[0]!.flags.push('ACK');
    copy.packets[0]!.dport = 443;
    copy.host.up = false;
    expect(original).toEqual({
      rules: '*filter\nCOMMIT\n',
      packets: [{ dport: 80, flags: ['SYN'] }],
      host: { up: true },
    });
  });

  it('keeps primitives and null as they are', () => {
    expect(copyData({ a: null, b: 0, c: false, d: 'x', e: [1, 'y', null] })).toEqual({
      a: null,
      b: 0,
      c: false,
      d: 'x',
      e: [1, 'y', null],
    });
  });
});
