import { describe, expect, it } from 'vitest';
import catalog from '../../i18n/en/scenario.json' with { type: 'json' };
import { buildHost } from './host.ts';
import { hostProblems, validInterfaceName, type HostProblemKey } from './validity.ts';

describe('host validity (one definition for the host editor, scenario validation and the tracer)', () => {
  it('accepts interface names as dev_valid_name does (at most 15 bytes, no slash, colon or space)', () => {
    expect(validInterfaceName('eth0')).toBe(true);
    expect(validInterfaceName('br-b74b417b331f')).toBe(true);
    expect(validInterfaceName('br-b74b417b331fx')).toBe(false);
    expect(validInterfaceName('eth 0')).toBe(false);
    expect(validInterfaceName('a/b')).toBe(false);
    expect(validInterfaceName('eth0:1')).toBe(false);
    expect(validInterfaceName('..')).toBe(false);
    expect(validInterfaceName('')).toBe(false);
  });

  it('names the field of each problem, with the params its sentence needs', () => {
    const problems = hostProblems({
      interfaces: [
        { name: 'eth0', addresses: ['10.0.0.1/24', 'nope', '10.0.0.1/33'] },
        { name: 'eth0', addresses: [] },
      ],
      routes: [
        { to: 'default', via: '10.0.0.254', dev: 'eth9' },
        { to: '10.1.0.0/16', via: 'x', dev: 'lo' },
        { to: '10.2.0.0/99', dev: 'eth0', metric: -1 },
      ],
      forwarding: false,
    });
    expect(problems.map((p) => `${p.field}:${p.key}`)).toEqual([
      'interfaces.0.addresses:address',
      'interfaces.0.addresses:address',
      'interfaces.1.name:ifaceDuplicate',
      'routes.0.dev:routeDev',
      'routes.1.via:routeVia',
      'routes.2.to:routeTo',
      'routes.2.metric:routeMetric',
    ]);
    expect(problems[0]?.params).toEqual({ address: 'nope' });
  });

  it('takes a bare address as /32 (ip addr add) and an empty gateway as none', () => {
    expect(
      hostProblems({
        interfaces: [{ name: 'eth0', addresses: ['10.0.0.1'] }],
        routes: [{ to: '10.9.9.9', via: '', dev: 'eth0' }],
        forwarding: true,
      }),
    ).toEqual([]);
  });

  it('has a sentence for every problem key', () => {
    const keys: HostProblemKey[] = ['ifaceName', 'ifaceDuplicate', 'address', 'routeTo', 'routeVia', 'routeDev'];
    for (const key of [...keys, 'routeMetric' as const]) expect(catalog.host.errors[key]).toMatch(/\S/);
  });

  it('is what the tracer reports: one error per problem, in English', () => {
    const { diagnostics } = buildHost({
      interfaces: [{ name: 'eth 0', addresses: ['10.0.1.300/24'] }],
      routes: [{ to: 'default', dev: 'eth9' }],
      forwarding: true,
    });
    expect(diagnostics.map((d) => d.message)).toEqual([
      'host interfaces.0.name: “eth 0” is not a valid interface name (1 to 15 characters, no spaces, “/” or “:”).',
      'host interfaces.0.addresses: “10.0.1.300/24” is not an address in CIDR form, such as 10.0.0.1/24.',
      'host routes.0.dev: There is no interface named “eth9”.',
    ]);
  });

  it('accepts every built-in scenario host', async () => {
    const { builtinScenarios } = await import('../../scenarios/index.ts');
    for (const s of builtinScenarios) expect(hostProblems(s.host), s.id).toEqual([]);
  });
});
