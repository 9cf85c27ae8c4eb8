// The words of a trace line come from the catalog and the engine's explanations; these tests read the real
// ui.json through i18next, as the app does.
import { readFileSync } from 'node:fs';
import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildResources } from '../../i18n/resources.ts';
import { sshAcceptedTrace } from '../../store/fixtures/traces.ts';
import { notationOf, sentencesOf } from './stepText.ts';

const ui = JSON.parse(readFileSync(new URL('../../i18n/en/ui.json', import.meta.url), 'utf8')) as Record<
  string,
  unknown
>;
const i18n = i18next.createInstance();
beforeAll(async () => {
  await i18n.init({
    resources: buildResources({ en: { './en/ui.json': { default: ui } } }),
    lng: 'en',
    defaultNS: 'ui',
    interpolation: { escapeValue: false },
  });
});
const explain = (e: { id: string }) => `<${e.id}>`;
const steps = sshAcceptedTrace().steps;

describe('trace line text', () => {
  it('uses the kernel TRACE notation for rules and the table:chain for chain entries', () => {
    expect(notationOf(steps[6]!)).toBe('filter:INPUT:rule:1');
    expect(notationOf(steps[5]!)).toBe('filter:INPUT');
    expect(notationOf(steps[1]!)).toBe('PREROUTING');
  });

  it('a rule that does not match says so and gives the failing match’s explanation', () => {
    expect(sentencesOf(steps[6]!, i18n.t, explain)).toEqual(['Rule 1 does not match.', '<match.x>']);
  });

  it('a matching rule names its target', () => {
    expect(sentencesOf(steps[8]!, i18n.t, explain)[0]).toBe('Rule 3 matches: SSH-IN.');
  });

  it('a jump into a user chain is a sentence of its own', () => {
    expect(sentencesOf(steps[9]!, i18n.t, explain)).toEqual(['Jump into the chain SSH-IN.']);
  });

  it('routing and the fate are the engine’s own explanations', () => {
    expect(sentencesOf(steps[3]!, i18n.t, explain)).toEqual(['<trace.route.local>']);
    expect(sentencesOf(steps[11]!, i18n.t, explain)).toEqual(['<trace.fate.delivered>']);
  });
});
