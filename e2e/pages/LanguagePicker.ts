// The header's language picker, and the catalogs and lessons the app bundles (read from src/ so expectations
// come from the same files the translators write, not from strings copied here).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, type Locator, type Page } from '@playwright/test';

export type Language = 'en' | 'zh' | 'ja';

/** The <html lang> each catalog language sets (src/i18n/language.ts htmlLang). */
export const HTML_LANG: Record<Language, string> = { en: 'en', zh: 'zh-Hans', ja: 'ja' };

/** localStorage key of the picked language (src/i18n/language.ts LANGUAGE_KEY). */
export const LANGUAGE_KEY = 'netfilter-lab:language';

function readJson(path: string): unknown {
  return JSON.parse(readFileSync(fileURLToPath(new URL(`../../src/${path}`, import.meta.url)), 'utf8')) as unknown;
}

/** A string of a UI catalog, e.g. catalogText('zh', 'ui', 'header.send'); fails the test if it is not there. */
export function catalogText(lng: Language, ns: string, key: string): string {
  let node = readJson(`i18n/${lng}/${ns}.json`);
  for (const part of key.split('.')) node = (node as Record<string, unknown> | undefined)?.[part];
  expect(typeof node, `${lng}/${ns}.json ${key}`).toBe('string');
  return node as string;
}

/** The title of a built-in scenario's lesson in `lng` (English: scenario.json). */
export function lessonTitle(lng: Language, scenarioId: string): string {
  const file = lng === 'en' ? 'scenario.json' : `lesson.${lng}.json`;
  return (readJson(`scenarios/${scenarioId}/${file}`) as { title: string }).title;
}

export class LanguagePicker {
  readonly page: Page;
  readonly select: Locator;

  constructor(page: Page) {
    this.page = page;
    this.select = page.getByTestId('language-picker');
  }

  async choose(lng: Language): Promise<void> {
    await this.select.selectOption(lng);
    await expect(this.page.locator('html')).toHaveAttribute('lang', HTML_LANG[lng]);
    // A focused <select> keeps the arrow keys for itself: hand them back to the lab.
    await this.page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  }

  /** Opens the page in `lng` as if the user had picked it on an earlier visit (a later pick still wins). */
  static async remember(page: Page, lng: Language): Promise<void> {
    await page.addInitScript(
      ([key, value]) => {
        if (localStorage.getItem(key) === null) localStorage.setItem(key, value);
      },
      [LANGUAGE_KEY, lng] as const,
    );
  }
}
