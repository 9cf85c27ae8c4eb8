import { describe, expect, it } from 'vitest';
import { IntList } from './intList.ts';

describe('IntList', () => {
  it('keeps every value pushed past its first capacity, in order', () => {
    const list = new IntList(2);
    for (let i = 0; i < 100; i++) list.push(i * 3 - 50);
    expect(list.length).toBe(100);
    expect(Array.from(list.toArray())).toEqual(Array.from({ length: 100 }, (_, i) => i * 3 - 50));
  });
});
