import { describe, expect, it } from 'vitest';
import { catalogFor, htmlLang, languageName, startLanguage } from './language.ts';
import { catalogsByLanguage } from './resources.ts';

const available = ['en', 'ja', 'zh'];

describe('startLanguage', () => {
  it('keeps the language the user picked', () => {
    expect(startLanguage('ja', ['zh-CN', 'en'], available)).toBe('ja');
  });

  it('ignores a picked language whose catalog is gone, and falls back to the browser', () => {
    expect(startLanguage('fr', ['zh-CN'], available)).toBe('zh');
  });

  it('takes the first preferred browser language that has a catalog, region or script aside', () => {
    expect(startLanguage(null, ['zh-CN', 'en-US'], available)).toBe('zh');
    expect(startLanguage(null, ['zh-Hant-TW'], available)).toBe('zh');
    expect(startLanguage(null, ['ja-JP'], available)).toBe('ja');
    expect(startLanguage(null, ['de-DE', 'ja'], available)).toBe('ja');
    expect(startLanguage(null, ['en-GB', 'zh-CN'], available)).toBe('en');
  });

  it('speaks English when nothing fits', () => {
    expect(startLanguage(null, ['de-DE', 'fr'], available)).toBe('en');
    expect(startLanguage(null, [], available)).toBe('en');
    expect(startLanguage(null, ['zh-CN'], ['en'])).toBe('en');
  });
});

describe('catalogFor', () => {
  it('matches a whole tag before its base language', () => {
    expect(catalogFor('pt-BR', ['en', 'pt', 'pt-br'])).toBe('pt-br');
    expect(catalogFor('PT-PT', ['en', 'pt'])).toBe('pt');
    expect(catalogFor('ko', available)).toBeUndefined();
  });
});

describe('htmlLang', () => {
  it('marks the Chinese catalog as Simplified Chinese, the others as their own code', () => {
    expect(htmlLang('zh')).toBe('zh-Hans');
    expect(htmlLang('ja')).toBe('ja');
    expect(htmlLang('en')).toBe('en');
  });
});

describe('catalogsByLanguage', () => {
  it('groups catalog files by their folder', () => {
    const file = { default: {} };
    expect(catalogsByLanguage({ './en/ui.json': file, './en/match.json': file, './zh/ui.json': file })).toEqual({
      en: { './en/ui.json': file, './en/match.json': file },
      zh: { './zh/ui.json': file },
    });
  });
});

describe('languageName', () => {
  it('names each language in itself', () => {
    expect(['en', 'zh', 'ja'].map(languageName)).toEqual(['English', '中文', '日本語']);
  });
});
