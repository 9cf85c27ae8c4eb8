import { describe, expect, it } from 'vitest';
import i18next from 'i18next';
import { buildResources } from './resources.ts';

describe('buildResources', () => {
  const resources = buildResources({
    en: {
      './en/match.json': { default: { tcp: { dport: 'port {{port}} is the destination' } } },
      './en/target.json': { default: { target: { accept: 'accepted' } } },
      './en/ui.json': { default: { app: { title: 'Lab' } } },
    },
  });

  it('makes each file a namespace named after it', () => {
    expect(Object.keys(resources.en ?? {}).sort()).toEqual(['match', 'target', 'translation', 'ui']);
  });

  it('resolves a full explanation id such as match.tcp.dport in the default namespace', async () => {
    const i18n = i18next.createInstance();
    await i18n.init({ resources, lng: 'en', interpolation: { escapeValue: false } });
    expect(i18n.t('match.tcp.dport', { port: 22 })).toBe('port 22 is the destination');
    expect(i18n.t('ui:app.title')).toBe('Lab');
  });

  it('unwraps a file whose only key repeats its own name', async () => {
    const i18n = i18next.createInstance();
    await i18n.init({ resources, lng: 'en' });
    expect(i18n.t('target.accept')).toBe('accepted');
  });
});
