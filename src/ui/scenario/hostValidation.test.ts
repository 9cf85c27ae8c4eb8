import { describe, expect, it } from 'vitest';
import { splitAddresses, validateHost, validCidr, validInterfaceName } from './hostValidation.ts';

describe('host validation', () => {
  it('accepts interface names as the kernel does (at most 15 characters, no slash or space)', () => {
    expect(validInterfaceName('eth0')).toBe(true);
    expect(validInterfaceName('br-b74b417b331f')).toBe(true);
    expect(validInterfaceName('br-b74b417b331fx')).toBe(false);
    expect(validInterfaceName('eth 0')).toBe(false);
    expect(validInterfaceName('a/b')).toBe(false);
    expect(validInterfaceName('')).toBe(false);
  });

  it('accepts CIDR addresses only', () => {
    expect(validCidr('10.0.0.1/24')).toBe(true);
    expect(validCidr('10.0.0.1')).toBe(false);
    expect(validCidr('10.0.0.256/24')).toBe(false);
    expect(validCidr('10.0.0.1/33')).toBe(false);
  });

  it('names the field of each problem', () => {
    const problems = validateHost({
      interfaces: [
        { name: 'eth0', addresses: ['10.0.0.1/24', 'nope'] },
        { name: 'eth0', addresses: [] },
      ],
      routes: [
        { to: 'default', via: '10.0.0.254', dev: 'eth9' },
        { to: '10.1.0.0/16', via: 'x', dev: 'lo' },
      ],
      forwarding: false,
    });
    expect(problems.map((p) => `${p.field}:${p.key}`)).toEqual([
      'interfaces.0.addresses:address',
      'interfaces.1.name:ifaceDuplicate',
      'routes.0.dev:routeDev',
      'routes.1.via:routeVia',
    ]);
  });

  it('accepts every built-in scenario host', async () => {
    const { builtinScenarios } = await import('../../scenarios/index.ts');
    for (const s of builtinScenarios) expect(validateHost(s.host), s.id).toEqual([]);
  });

  it('splits address lists on commas and whitespace', () => {
    expect(splitAddresses(' 10.0.0.1/24,10.0.1.1/24\n 10.0.2.1/24 ')).toEqual([
      '10.0.0.1/24',
      '10.0.1.1/24',
      '10.0.2.1/24',
    ]);
  });
});
