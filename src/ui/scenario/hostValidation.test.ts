import { describe, expect, it } from 'vitest';
import { splitAddresses } from './hostValidation.ts';

describe('the host form', () => {
  it('splits address lists on commas and whitespace', () => {
    expect(splitAddresses(' 10.0.0.1/24,10.0.1.1/24\n 10.0.2.1/24 ')).toEqual([
      '10.0.0.1/24',
      '10.0.1.1/24',
      '10.0.2.1/24',
    ]);
  });
});
