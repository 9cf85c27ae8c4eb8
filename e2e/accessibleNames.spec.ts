// Every control a student can reach has a name for screen readers, and a control that shows only a symbol
// (▶, ↑, ✕ …) also has a tooltip, so a mouse user can learn what it does before pressing it.
import { expect, test, type Page } from '@playwright/test';
import { LabPage } from './pages/LabPage.ts';

const CONTROLS = 'button, select, input, textarea, [role="tab"], [role="button"], [contenteditable="true"]';
/** Roles of controls; in an aria snapshot a named one reads `- button "Play"`, a nameless one `- button`. */
const NAMELESS_CONTROL =
  /^\s*- (button|checkbox|combobox|listbox|radio|searchbox|slider|spinbutton|switch|tab|textbox)( \[[^\]]*\])*(:.*)?$/;

/**
 * Checks the visible controls: each has an accessible name (read from one aria snapshot of the page, the tree a
 * screen reader gets), and a button whose text has no letter (▶, ↑, ✕ …) has a tooltip. Returns how many controls
 * were visible.
 */
async function checkControls(page: Page, where: string): Promise<number> {
  const { visible, symbolsWithoutTitle } = await page.evaluate((selector) => {
    let visibleCount = 0;
    const offenders: string[] = [];
    for (const el of document.querySelectorAll<HTMLElement>(selector)) {
      if (el.getClientRects().length === 0 || getComputedStyle(el).visibility === 'hidden') continue;
      visibleCount += 1;
      const symbolOnly = el.tagName === 'BUTTON' && !/\p{L}/u.test(el.innerText);
      if (symbolOnly && !el.title.trim()) offenders.push(el.outerHTML.slice(0, 160));
    }
    return { visible: visibleCount, symbolsWithoutTitle: offenders };
  }, CONTROLS);
  expect(symbolsWithoutTitle, `${where}: buttons showing only a symbol, without a tooltip`).toEqual([]);
  const tree = await page.locator('body').ariaSnapshot();
  const nameless = tree.split('\n').filter((line) => NAMELESS_CONTROL.test(line));
  expect(nameless, `${where}: controls without an accessible name`).toEqual([]);
  return visible;
}

test('every visible control has an accessible name; icon-only buttons have a tooltip', async ({ page }) => {
  const lab = new LabPage(page);
  await lab.open();
  await page.getByTestId('send').click();
  expect(await checkControls(page, 'trace')).toBeGreaterThan(10);
  for (const tab of ['rules', 'host', 'packets'] as const) {
    await page.getByTestId(`tab-${tab}`).click();
    if (tab === 'rules') await expect(page.getByTestId('rules-editor')).toBeVisible();
    await checkControls(page, tab);
  }
  await page.getByTestId('tab-trace').click();
  await page.getByTestId('present').click();
  await expect(page.getByRole('button', { name: /Leave presenter mode/ })).toBeVisible();
  await checkControls(page, 'presenter mode');
});

test('the Present button says what it does', async ({ page }) => {
  const lab = new LabPage(page);
  await lab.open();
  const present = page.getByTestId('present');
  await expect(present).toHaveAccessibleName('Present');
  await expect(present).toContainText('Present');
  await expect(present).toHaveAttribute('title', /Presenter mode/);
});
