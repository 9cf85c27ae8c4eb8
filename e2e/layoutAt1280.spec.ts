// What the lecture-hall screenshots (1280×720, a projector) showed wrong, in English, Chinese and Japanese: the bottom
// tab bar wrapped onto two lines in Japanese and beside an open lesson (it keeps one line, and alone it shows every tab
// in every language: no More menu, also on the Rules, Host and Packets tabs, whose undo, redo and reset once pushed
// tabs into it and now head the panel instead, reached from the keyboard by name); the predict card scrolled its
// question out of sight once answered; the status strip under the header was an empty band when it had nothing to
// warn about.
import { expect, test, type Locator, type Page } from '@playwright/test';
import { catalogText, LANGUAGE_KEY, type Language } from './pages/LanguagePicker.ts';
import { ScenarioBar } from './pages/ScenarioBar.ts';

const LANGUAGES: Language[] = ['en', 'zh', 'ja'];

async function openIn(page: Page, lng: Language, path = '/'): Promise<void> {
  await page.addInitScript(([key, value]) => localStorage.setItem(key!, value!), [LANGUAGE_KEY, lng]);
  await page.goto(path);
  await expect(page.getByTestId('step-position')).toHaveAttribute('aria-busy', 'false');
  await expect(page.getByTestId('step-position')).toHaveText(/[1-9]/);
}

/** The tab bar's height and the distinct rows its tabs sit on. */
async function tabRows(page: Page): Promise<{ bar: number; tab: number; rows: number }> {
  return page.getByTestId('tab-bar').evaluate((bar) => {
    const tabs = [...bar.querySelectorAll('[role="tab"]')].map((t) => t.getBoundingClientRect());
    return {
      bar: bar.getBoundingClientRect().height,
      tab: Math.max(...tabs.map((r) => r.height)),
      rows: new Set(tabs.map((r) => Math.round(r.top))).size,
    };
  });
}

/** One row: every tab on the same line, and the bar no taller than a tab and its padding. */
async function expectOneRow(page: Page, what: string): Promise<void> {
  // After a frame: the strip measures what it hides on resize.
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  const { bar, tab, rows } = await tabRows(page);
  expect(rows, `${what}: tabs on one line`).toBe(1);
  expect(bar, `${what}: the bar is one row high`).toBeLessThan(tab + 12);
}

/** The tabs not wholly inside the strip's box (the strip scrolls sideways rather than wrap). */
async function tabsOutOfSight(page: Page): Promise<string[]> {
  // The tab bar's strip (the Rules tab has a tablist of its own, over the editor).
  return page
    .getByTestId('tab-bar')
    .getByRole('tablist')
    .evaluate((strip) => {
      const box = strip.getBoundingClientRect();
      return [...strip.querySelectorAll<HTMLElement>('[role="tab"]')]
        .filter((tab) => {
          const r = tab.getBoundingClientRect();
          return r.left < box.left - 1 || r.right > box.right + 1;
        })
        .map((tab) => tab.textContent ?? '');
    });
}

/** Every tab out of sight is in the More menu, and picking it there opens it, wholly in sight. */
async function expectHiddenTabsReachable(page: Page, what: string): Promise<void> {
  const more = page.getByTestId('tabs-more');
  if ((await more.count()) === 0) return;
  await more.click();
  const entries = page.getByTestId('tabs-more-menu').getByRole('menuitem');
  const names = await entries.evaluateAll((items) => items.map((i) => i.getAttribute('data-testid')!.slice(10)));
  expect(names.length, `${what}: the menu lists the hidden tabs`).toBeGreaterThan(0);
  const last = names.at(-1)!;
  // The menu entry reads as the tab it stands for.
  await expect(entries.last()).toHaveText((await page.getByTestId(`tab-${last}`).textContent()) ?? '');
  await entries.last().click();
  await expect(page.getByTestId(`tab-${last}`)).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId(`tab-${last}`)).toBeInViewport({ ratio: 1 });
  await expect(page.getByTestId('tabs-more-menu')).toHaveCount(0);
  await page.getByTestId('tab-trace').click();
}

for (const lng of LANGUAGES) {
  test(`in ${lng} at 1280×720 the tab bar keeps one line: alone and beside a lesson`, async ({ page }) => {
    await openIn(page, lng);
    await expectOneRow(page, 'trace tab');
    // Alone, with no lesson beside it, every tab is in sight in every language: there is no More menu.
    await expect(page.getByTestId('tabs-more')).toHaveCount(0);
    expect(await tabsOutOfSight(page), 'tabs cut off at the edge of the strip').toEqual([]);
    await expectHiddenTabsReachable(page, 'trace tab');
    // The lesson list takes a third of the width.
    await page.getByTestId('lessons-open').click();
    await expect(page.getByTestId('lesson-list')).toBeVisible();
    await expectOneRow(page, 'beside the lesson list');
    await expectHiddenTabsReachable(page, 'beside the lesson list');
    // From the keyboard, the arrows walk the tabs, and the focused one scrolls into sight.
    await page.getByTestId('tab-trace').focus();
    for (let i = 0; i < 10; i += 1) await page.keyboard.press('ArrowRight');
    await expect(page.getByTestId('tab-translate')).toBeFocused();
    await expect(page.getByTestId('tab-translate')).toHaveAttribute('aria-selected', 'true');
    await expect(page.getByTestId('tab-translate')).toBeInViewport({ ratio: 1 });
    await expectOneRow(page, 'last tab open beside the lesson list');
  });
}

const EDITOR_TABS = ['rules', 'host', 'packets'] as const;
const HISTORY = [
  { id: 'undo', name: 'history.undo', hint: 'history.undoHint' },
  { id: 'redo', name: 'history.redo', hint: 'history.redoHint' },
  { id: 'reset-builtin', name: 'history.reset', hint: 'history.resetHint' },
] as const;

/** Presses Tab until `target` has the focus (at most `limit` presses): it is in the page's Tab order. */
async function tabUntilFocused(page: Page, target: string, limit: number): Promise<void> {
  for (let i = 0; i < limit; i += 1) {
    if (await page.getByTestId(target).evaluate((el) => el === document.activeElement)) return;
    await page.keyboard.press('Tab');
  }
  await expect(page.getByTestId(target), `${target} reached in ${limit} Tabs`).toBeFocused();
}

for (const lng of LANGUAGES) {
  test(`in ${lng} at 1280×720 the editor tabs keep every tab in sight, and their undo, redo and reset are reached from the keyboard by name`, async ({
    page,
  }) => {
    await openIn(page, lng);
    // Two packets added and one taken back: undo, redo and reset can all be pressed (a disabled button takes no focus).
    await page.getByTestId('tab-packets').click();
    const rows = page.getByTestId('packet-builder').locator('[data-testid^="packet-row-"]');
    await expect(rows.first()).toBeVisible();
    const builtin = await rows.count();
    await page.getByTestId('preset-ping').click();
    await expect(rows).toHaveCount(builtin + 1);
    await page.getByTestId('preset-ping').click();
    await expect(rows).toHaveCount(builtin + 2);
    await page.getByTestId('undo').click();
    await expect(rows).toHaveCount(builtin + 1);
    for (const tab of EDITOR_TABS) {
      await page.getByTestId(`tab-${tab}`).click();
      if (tab === 'rules') await expect(page.getByTestId('rules-editor')).toBeVisible();
      const what = `${tab} tab`;
      await expectOneRow(page, what);
      await expect(page.getByTestId('tabs-more'), `${what}: no More menu`).toHaveCount(0);
      expect(await tabsOutOfSight(page), `${what}: tabs cut off at the edge of the strip`).toEqual([]);
      // From the open tab, the keyboard goes on to undo, redo and reset, in that order, each in sight with its name,
      // its tooltip and a visible focus ring.
      await page.getByTestId(`tab-${tab}`).focus();
      await tabUntilFocused(page, HISTORY[0].id, 8);
      for (const [i, button] of HISTORY.entries()) {
        const control = page.getByTestId(button.id);
        if (i > 0) await page.keyboard.press('Tab');
        await expect(control, `${what}: ${button.id} focused`).toBeFocused();
        await expect(control).toBeInViewport({ ratio: 1 });
        await expect(control).toHaveAccessibleName(catalogText(lng, 'scenario', button.name));
        await expect(control).toHaveAttribute('title', catalogText(lng, 'scenario', button.hint));
        expect(
          await control.evaluate((el) => el.matches(':focus-visible') && getComputedStyle(el).outlineStyle !== 'none'),
          `${what}: ${button.id} shows its focus`,
        ).toBe(true);
      }
    }
  });
}

/**
 * The control's text holds `word`, laid out whole inside its own box: not a screen-reader-only word clipped to a
 * pixel, nor cut off at the edge of the control.
 */
async function wordShown(control: Locator, word: string): Promise<boolean> {
  return control.evaluate((el, text) => {
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (!node.textContent?.includes(text)) continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      const words = range.getBoundingClientRect();
      const inside = (box: DOMRect) => words.left >= box.left - 1 && words.right <= box.right + 1;
      return (
        words.width > 0 && inside(node.parentElement!.getBoundingClientRect()) && inside(el.getBoundingClientRect())
      );
    }
    return false;
  }, word);
}

for (const lng of LANGUAGES) {
  test(`in ${lng} at 1920×1080 undo, redo and reset show their words on every editor tab`, async ({ page }) => {
    await page.setViewportSize({ width: 1920, height: 1080 });
    await openIn(page, lng);
    for (const tab of EDITOR_TABS) {
      await page.getByTestId(`tab-${tab}`).click();
      for (const button of HISTORY) {
        const word = catalogText(lng, 'scenario', button.name);
        expect(await wordShown(page.getByTestId(button.id), word), `${tab} tab: ${button.id} shows "${word}"`).toBe(
          true,
        );
      }
      await expect(page.getByTestId('tabs-more')).toHaveCount(0);
    }
  });
}

test('the More menu works from the keyboard: ↓ opens it on its first entry, Enter opens that tab and focuses it', async ({
  page,
}) => {
  await openIn(page, 'en');
  await page.getByTestId('lessons-open').click();
  const more = page.getByTestId('tabs-more');
  await expect(more).toBeVisible();
  await expect(more).toHaveAttribute('aria-haspopup', 'menu');
  await more.focus();
  await page.keyboard.press('ArrowDown');
  await expect(more).toHaveAttribute('aria-expanded', 'true');
  const first = page.getByTestId('tabs-more-menu').getByRole('menuitem').first();
  await expect(first).toBeFocused();
  const name = ((await first.getAttribute('data-testid')) ?? '').slice('tabs-more-'.length);
  // The lab's keys (← → step the packet) do not fire inside the menu.
  const step = await page.getByTestId('step-position').textContent();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowUp');
  await expect(first).toBeFocused();
  await expect(page.getByTestId('step-position')).toHaveText(step ?? '');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId(`tab-${name}`)).toBeFocused();
  await expect(page.getByTestId(`tab-${name}`)).toHaveAttribute('aria-selected', 'true');
  // Escape closes it and gives the focus back to the button.
  await more.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('tabs-more-menu')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('tabs-more-menu')).toHaveCount(0);
  await expect(more).toBeFocused();
});

for (const lng of LANGUAGES) {
  test(`in ${lng} at 1280×720 the predict card's question and choices stay in sight, asked and answered`, async ({
    page,
  }) => {
    await openIn(page, lng);
    await new ScenarioBar(page).choose('nat-gateway');
    await page.getByTestId('predict-toggle').click();
    const question = page.getByTestId('predict-question');
    const choices = page.getByTestId('predict-card').locator('[data-testid^="predict-choice-"]');
    const inSight = async (what: string) => {
      await expect(question, `${what}: the question`).toBeInViewport({ ratio: 1 });
      for (const choice of await choices.all()) await expect(choice, `${what}: a choice`).toBeInViewport({ ratio: 1 });
      // The page itself never scrolls.
      expect(await page.evaluate(() => document.scrollingElement?.scrollTop ?? 0)).toBe(0);
    };
    // Four questions (routing, NAT and conntrack among them), each answered with its first choice: a wrong answer
    // brings the longest feedback.
    for (let n = 1; n <= 4; n += 1) {
      await expect(question).toBeVisible();
      await inSight(`question ${n}, asked`);
      await choices.first().click();
      await expect(page.getByTestId('predict-feedback')).toBeVisible();
      await expect(page.getByTestId('predict-next')).toBeFocused();
      await expect(page.getByTestId('predict-next')).toBeInViewport({ ratio: 1 });
      await inSight(`question ${n}, answered`);
      await page.getByTestId('predict-next').click();
    }
  });
}

for (const lng of LANGUAGES) {
  test(`in ${lng} the status strip is never an empty band: a quiet "rules OK" with the counts, a warning in its place`, async ({
    page,
  }) => {
    await openIn(page, lng);
    const strip = page.getByTestId('status-strip');
    const quiet = page.getByTestId('status-quiet');
    // The default scenario, host-firewall: the filter table, its three built-in chains and six rules.
    const [tables, chains, rules] = ['1', '3', '6'];
    const sentence = catalogText(lng, 'editorstatus', 'quiet.ok')
      .replace('{{tables}}', tables!)
      .replace('{{chains}}', chains!)
      .replace('{{rules}}', rules!);
    await expect(quiet).toHaveText(`✓${sentence}`);
    await expect(quiet).toBeInViewport({ ratio: 1 });
    const height = (await strip.boundingBox())?.height;
    // A refused rule: the warning takes the strip's place, at the same height; fixing it brings the quiet line back.
    await page.getByTestId('tab-rules').click();
    const editor = page.getByTestId('rules-editor').locator('.cm-content');
    await editor.click();
    await page.keyboard.press('ControlOrMeta+End');
    await page.keyboard.insertText('-A INPUT -p tcp --dport 99999 -j ACCEPT\n');
    await expect(page.getByTestId('status')).toBeVisible();
    await expect(quiet).toHaveCount(0);
    expect((await strip.boundingBox())?.height).toBe(height);
    await page.keyboard.press('ControlOrMeta+z');
    await expect(quiet).toHaveText(`✓${sentence}`);
    await expect(page.getByTestId('status')).toHaveCount(0);
  });
}
