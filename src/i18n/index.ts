// One i18next instance for the whole UI. Every JSON file in src/i18n/en/ is loaded: each file is its own
// namespace (ui.json → 'ui') and is also merged, under its file name, into the default namespace, so an engine
// Explanation id such as 'match.tcp.dport' resolves with a plain t(id, params) against match.json's { "tcp": { "dport": … } }.
import i18next, { type Resource } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { buildResources } from './resources.ts';

const files = import.meta.glob<{ default: Record<string, unknown> }>('./en/*.json', { eager: true });

export const resources: Resource = buildResources({ en: files });

void i18next.use(initReactI18next).init({
  resources,
  lng: 'en',
  fallbackLng: 'en',
  defaultNS: 'translation',
  ns: Object.keys(resources.en ?? {}),
  interpolation: { escapeValue: false },
  returnNull: false,
});

export default i18next;
