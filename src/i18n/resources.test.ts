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

describe('a one-form language (the catalog contract for zh and ja)', () => {
  it('uses key_other for every count, without falling back to English key_one', async () => {
    const resources = buildResources({
      en: { './en/ui.json': { default: { rules_one: '{{count}} rule', rules_other: '{{count}} rules' } } },
      zh: { './zh/ui.json': { default: { rules_other: '{{count}} 条规则' } } },
      ja: { './ja/ui.json': { default: { rules_other: '{{count}} ルール' } } },
    });
    const i18n = i18next.createInstance();
    await i18n.init({ resources, lng: 'zh', fallbackLng: 'en', interpolation: { escapeValue: false } });
    expect([1, 2].map((count) => i18n.t('ui:rules', { count }))).toEqual(['1 条规则', '2 条规则']);
    expect(i18n.t('ui:rules', { count: 1, lng: 'ja' })).toBe('1 ルール');
    expect(i18n.t('ui:rules', { count: 1, lng: 'en' })).toBe('1 rule');
  });
});
