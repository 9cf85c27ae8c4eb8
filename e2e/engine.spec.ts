// The engine session from the page's side: when the worker's script cannot load, the client notices at once (the
// worker's error event), and after repeated failures runs the same session in the page: the lab still traces,
// and says where the engine runs.
import { expect, test } from '@playwright/test';
import { LabPage } from './pages/LabPage.ts';

test('a worker that cannot load: the lab falls back to the main thread, still traces, and says so', async ({
  page,
}) => {
  let refused = 0;
  await page.route(/engine\.worker[^/]*\.js/, (route) => {
    refused += 1;
    return route.abort();
  });
  const lab = new LabPage(page);
  await lab.open();
  expect(refused).toBeGreaterThanOrEqual(1);
  await expect(page.getByTestId('status')).toContainText('runs in this page');
  // Still a working lab: step to the end and the fate is there.
  await page.keyboard.press('End');
  await expect(lab.fate).toContainText(/Delivered|Sent|Forwarded|Dropped|Rejected|Queued/);
});
