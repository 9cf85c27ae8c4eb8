// No lost work: closing the tab right after typing keeps the edit, a damaged save is kept aside and said, two tabs
// never overwrite each other silently, and the undo history survives a reload.
import { expect, test } from '@playwright/test';
import { LabPage } from './pages/LabPage.ts';
import { RulesEditorPanel } from './pages/RulesEditorPanel.ts';

const SAVED = 'netfilter-lab:autosave';

test('closing the tab right after typing keeps the edit (saved on pagehide)', async ({ context }) => {
  // Two labs opened one after the other.
  test.slow();
  const page = await context.newPage();
  const editor = new RulesEditorPanel(page);
  await new LabPage(page).open();
  await editor.open();
  await editor.replaceLine(1, '# typed just before closing');
  // No wait for the autosave timer: the page goes at once.
  await page.close({ runBeforeUnload: true });
  const again = await context.newPage();
  await new LabPage(again).open();
  const reopened = new RulesEditorPanel(again);
  await reopened.open();
  await expect(reopened.content.locator('.cm-line').first()).toHaveText('# typed just before closing');
});

test('a damaged save is reported and kept aside, not dropped', async ({ page }) => {
  await page.addInitScript((key) => {
    if (!sessionStorage.getItem('seeded')) {
      localStorage.setItem(key, 'v2.THIS-IS-NOT-A-SAVE.00000000');
      sessionStorage.setItem('seeded', '1');
    }
  }, SAVED);
  await new LabPage(page).open();
  await expect(page.getByTestId('autosave-banner')).toHaveAttribute('data-kind', 'damaged');
  expect(await page.evaluate(() => localStorage.getItem('netfilter-lab:autosave-damaged'))).toBe(
    'v2.THIS-IS-NOT-A-SAVE.00000000',
  );
  const download = page.waitForEvent('download');
  await page.getByTestId('autosave-download').click();
  expect((await download).suggestedFilename()).toBe('netfilter-lab-damaged-save.txt');
});

test('two tabs: the second says another tab saved, and keeps its work until the user chooses', async ({ context }) => {
  // Two labs open at once.
  test.slow();
  const first = await context.newPage();
  const second = await context.newPage();
  await new LabPage(first).open();
  await new LabPage(second).open();
  const one = new RulesEditorPanel(first);
  const two = new RulesEditorPanel(second);
  await one.open();
  await two.open();
  await one.replaceLine(1, '# tab one');
  await expect.poll(() => first.evaluate((k) => localStorage.getItem(k) ?? '', SAVED)).toMatch(/^v2\./);
  await expect(second.getByTestId('autosave-banner')).toHaveAttribute('data-kind', 'conflict');
  // The second tab edits: it does not write over tab one's save while the question is open.
  const before = await first.evaluate((k) => localStorage.getItem(k), SAVED);
  await two.replaceLine(1, '# tab two');
  // pagehide makes the lab save at once if it saves at all.
  await second.evaluate(() => window.dispatchEvent(new Event('pagehide')));
  expect(await first.evaluate((k) => localStorage.getItem(k), SAVED)).toBe(before);
  // Choosing "open the other tab's work" brings tab one's text here.
  await second.getByTestId('autosave-take-theirs').click();
  await expect(two.content.locator('.cm-line').first()).toHaveText('# tab one');
});

test('the undo history survives a reload', async ({ page }) => {
  const editor = new RulesEditorPanel(page);
  await new LabPage(page).open();
  await editor.open();
  const original = (await editor.lines())[0];
  await editor.replaceLine(1, '# before the reload');
  await expect.poll(() => page.evaluate((k) => localStorage.getItem(k) ?? '', SAVED)).toMatch(/^v2\./);
  await page.reload();
  await editor.open();
  await expect(editor.content.locator('.cm-line').first()).toHaveText('# before the reload');
  await page.getByTestId('undo').click();
  await expect(editor.content.locator('.cm-line').first()).toHaveText(original ?? '');
});
