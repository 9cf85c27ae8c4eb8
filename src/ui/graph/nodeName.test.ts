// The graph's accessible names are remembered per language by what they depend on (graphNamer): a name must still
// follow the packet's progress from one step to the next, as the uncached nodeName says it.
import { readFileSync } from 'node:fs';
import i18next, { type TFunction } from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import type { LabEdge, LabNode, StopState } from '../../store/graphModel.ts';
import { buildResources } from '../../i18n/resources.ts';
import { graphNamer, nodeName } from './nodeName.ts';

const catalog = (name: string) =>
  JSON.parse(readFileSync(new URL(`../../i18n/en/${name}.json`, import.meta.url), 'utf8')) as Record<string, unknown>;
const i18n = i18next.createInstance();
let t: TFunction<'ui'>;
beforeAll(async () => {
  await i18n.init({
    resources: buildResources({
      en: { './en/ui.json': { default: catalog('ui') }, './en/hall.json': { default: catalog('hall') } },
    }),
    lng: 'en',
    defaultNS: 'ui',
    interpolation: { escapeValue: false },
  });
  t = i18n.getFixedT('en', 'ui') as TFunction<'ui'>;
});

const hook = (state: StopState) =>
  ({
    id: 'hook:PREROUTING',
    type: 'hook',
    position: { x: 0, y: 0 },
    data: { hook: 'PREROUTING', state, stops: [] },
  }) as LabNode;
const nicIn = (state: StopState) =>
  ({
    id: 'nic-in',
    type: 'endpoint',
    position: { x: 0, y: 0 },
    data: { role: 'nic-in', state, iface: null },
  }) as LabNode;
const edge = (state: 'idle' | 'passed' | 'current'): LabEdge => ({
  id: 'nic-in->hook:PREROUTING',
  source: 'nic-in',
  target: 'hook:PREROUTING',
  data: { state },
});

describe('graphNamer', () => {
  it('names a node as nodeName does, and again when its state changes', () => {
    const namer = graphNamer(t);
    for (const state of ['idle', 'active', 'passed', 'idle', 'active'] as const)
      expect(namer.node(hook(state))).toBe(nodeName(t, hook(state)));
    expect(namer.node(hook('idle'))).toBe('PREROUTING hook');
    expect(namer.node(hook('active'))).not.toBe(namer.node(hook('idle')));
  });

  it('names an edge by the places it joins, without their states, and by whether the packet went along it', () => {
    const namer = graphNamer(t);
    const byId = (state: StopState) => new Map([nicIn(state), hook(state)].map((n) => [n.id, n]));
    expect(namer.edge(edge('idle'), byId('idle'))).toBe('From Network in to PREROUTING hook');
    expect(namer.edge(edge('passed'), byId('active'))).toBe(
      'From Network in to PREROUTING hook: the packet passed here',
    );
    expect(namer.edge(edge('idle'), byId('passed'))).toBe('From Network in to PREROUTING hook');
  });
});
