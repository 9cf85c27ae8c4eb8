// A deflate bomb in a link: refused in words, the user's work kept, and the page's thread never blocked (checksum,
// base64 and inflating to the cap are the share-decode worker's work).
import { expect, test, type Page } from '@playwright/test';
import { bigBombLink } from './fixtures/links.ts';
import { LabPage } from './pages/LabPage.ts';
import { makeOwnWork, MY_LINE } from './pages/ownWork.ts';

// Playwright's trace snapshots of a page whose address is 1.6 MB long are long tasks of their own (a file-level
// setting: it needs a worker of its own).
test.use({ trace: 'off' });

/** Records the longest main-thread task (the Long Tasks API) from the start of every page load. */
async function watchLongTasks(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as { __longestTask: number };
    w.__longestTask = 0;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) w.__longestTask = Math.max(w.__longestTask, entry.duration);
    }).observe({ type: 'longtask', buffered: true });
  });
}

const longestTask = (page: Page) => page.evaluate(() => (window as unknown as { __longestTask: number }).__longestTask);

// A 1.6 MB address costs Chromium itself seconds of main-thread work at navigation, before any script runs (the
// same address on a static SVG does too): so the bomb opened is a 200 kB one, and the page's responsiveness is
// measured where the lab alone is at work, with the 1.6 MB bomb pasted into the open tab.
test('a deflate bomb, opened or pasted, is refused in words and never blocks the page', async ({ page }) => {
  // Three page loads, an edit and a 1.6 MB paste: slow on a shared machine.
  test.slow();
  const bomb = bigBombLink(1_600_000);
  await watchLongTasks(page);
  const editor = await makeOwnWork(page);
  const lab = new LabPage(page);
  const status = page.getByTestId('share-status');

  await page.goto('about:blank');
  await page.goto(`/#${bigBombLink(200_000)}`);
  await expect(status).toHaveAttribute('data-link-error', 'bomb');
  await expect(status).toContainText('This link unpacks to more than 8 MB');
  await expect(status).toContainText('The lab opened your last work instead.');
  await lab.traced();
  await editor.open();
  await expect(editor.content.locator('.cm-line').first()).toHaveText(MY_LINE);

  await page.goto('/');
  await lab.traced();
  await editor.open();
  await page.evaluate(() => ((window as unknown as { __longestTask: number }).__longestTask = 0));
  await page.evaluate((f) => (window.location.hash = f), bomb);
  await expect(status).toHaveAttribute('data-link-error', 'bomb');
  await expect(status).toContainText('Nothing was changed');
  // Checksum, base64 and inflating to the cap are the share-decode worker's work: the page's thread stays free.
  expect(await longestTask(page)).toBeLessThan(200);
  await expect(editor.content.locator('.cm-line').first()).toHaveText(MY_LINE);
});
