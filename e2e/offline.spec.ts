// Once loaded, the lab works without a network: the service worker (vite-plugin-pwa's Workbox precache) serves the
// app, the engine worker and every language's catalogs.
import { expect, test } from '@playwright/test';
import { LabPage } from './pages/LabPage.ts';
import { LanguagePicker } from './pages/LanguagePicker.ts';

test('load, go offline, reload: the lab traces, steps and switches language', async ({ page, context }) => {
  const lab = new LabPage(page);
  await lab.open();
  // The worker installs after load and precaches every file; the page is controlled from the next load on.
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  await page.reload();
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);

  await context.setOffline(true);
  await page.reload();
  await lab.traced();
  await lab.button('Step forward').click();
  await expect(lab.position).toHaveText(/^Step 2 \//);
  await new LanguagePicker(page).choose('zh');
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-Hans');
  await expect(page.getByTestId('send')).not.toHaveText('Send');
  await context.setOffline(false);
});
