// Every control a student can reach has a name for screen readers, and a control that shows only a symbol
// (▶, ↑, ✕ …) also has a tooltip, so a mouse user can learn what it does before pressing it.
import { expect, test, type Page } from '@playwright/test';
import { LabPage } from './pages/LabPage.ts';

const CONTROLS = 'button, select, input, textarea, [role="tab"], [role="button"], [contenteditable="true"]';

/**
 * Checks the visible controls that do not name themselves with words: form fields, and buttons or tabs whose text
 * has no letter. (A button reading "Copy link" is named by its text; checking hundreds of rule rows one by one
 * would only make the test slow.) Returns how many controls were visible.
 */
async function checkControls(page: Page, where: string): Promise<number> {
  const { visible, suspects } = await page.evaluate((selector) => {
    let n = 0;
    let visibleCount = 0;
    for (const el of document.querySelectorAll<HTMLElement>('[data-a11y-check]')) el.removeAttribute('data-a11y-check');
    for (const el of document.querySelectorAll<HTMLElement>(selector)) {
      if (el.getClientRects().length === 0 || getComputedStyle(el).visibility === 'hidden') continue;
      visibleCount += 1;
      const clickable =
        el.tagName === 'BUTTON' || el.getAttribute('role') === 'tab' || el.getAttribute('role') === 'button';
      if (clickable && /\p{L}/u.test(el.innerText)) continue;
      el.setAttribute('data-a11y-check', String(n++));
    }
    return { visible: visibleCount, suspects: n };
  }, CONTROLS);
  for (let i = 0; i < suspects; i += 1) {
    const control = page.locator(`[data-a11y-check="${i}"]`);
    const html = await control.evaluate((el) => el.outerHTML.slice(0, 160));
    await expect(control, `${where}: ${html}`).toHaveAccessibleName(/\S/);
    if (await control.evaluate((el) => el.tagName === 'BUTTON'))
      await expect(control, `${where}: ${html} shows only a symbol`).toHaveAttribute('title', /\S/);
  }
  return visible;
}

test('every visible control has an accessible name; icon-only buttons have a tooltip', async ({ page }) => {
  // Four tabs and presenter mode, one page each: more than a usual test does.
  test.slow();
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
