// Traffic batches (issue #10 points 6 and 9): 300 new connections to the kube-clusterip scenario's service show a
// chart with each endpoint beside explore's exact 1/3; the Counters tab rises by the batch; a big batch cancelled
// says so; the tab holds in Chinese and Japanese at 1280×720 without clipped text.
import { expect, test, type Locator, type Page } from '@playwright/test';
import { BatchPanel } from './pages/BatchPanel.ts';
import { catalogText, LANGUAGE_KEY, type Language } from './pages/LanguagePicker.ts';
import { ScenarioBar } from './pages/ScenarioBar.ts';

const ENDPOINTS = ['10.244.0.11:8080', '10.244.1.12:8080', '10.244.2.13:8080'];

async function openKube(page: Page, lng: Language = 'en'): Promise<BatchPanel> {
  await page.addInitScript(([key, value]) => localStorage.setItem(key, value), [LANGUAGE_KEY, lng] as const);
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto('/');
  await expect(page.getByTestId('step-position')).toHaveAttribute('aria-busy', 'false');
  await new ScenarioBar(page).choose('kube-clusterip');
  const batch = new BatchPanel(page);
  await batch.open();
  return batch;
}

/** The done sentence of the catalog for this batch (placeholders filled as the panel fills them). */
function doneText(lng: Language, sent: number, seed: number): string {
  return catalogText(lng, 'batch', 'status.done')
    .replace('{{sent}}', sent.toLocaleString(lng))
    .replace('{{n}}', '1')
    .replace('{{seed}}', String(seed));
}

/** Text cut off inside its box, or a box past the window's right edge. */
async function clippedIn(box: Locator): Promise<string[]> {
  return box.evaluate((el) => {
    const out: string[] = [];
    for (const node of el.querySelectorAll<HTMLElement>('button, label, p, td, th, legend, figcaption, caption')) {
      const over = node.scrollWidth > node.clientWidth + 1 && getComputedStyle(node).overflowX !== 'auto';
      if (over || node.getBoundingClientRect().right > window.innerWidth + 1) out.push(node.innerText);
    }
    return out;
  });
}

test('300 new connections to the ClusterIP: a bar per endpoint, each beside its exact 1/3', async ({ page }) => {
  const batch = await openKube(page);
  await batch.start(300);
  await expect(batch.status).toHaveText(doneText('en', 300, 7), { timeout: 20_000 });
  const bars = await batch.bars();
  expect([...bars.keys()]).toEqual(ENDPOINTS);
  expect([...bars.values()].reduce((a, b) => a + b, 0)).toBe(300);
  expect((await batch.chart.locator('canvas').first().boundingBox())?.width ?? 0).toBeGreaterThan(200);
  await expect(batch.rows).toHaveCount(3);
  for (const [i, endpoint] of ENDPOINTS.entries()) {
    const row = batch.rows.nth(i);
    await expect(row).toContainText(endpoint);
    await expect(row.getByTestId('batch-exact')).toHaveText('1/3 = 0.333333');
    await expect(row).toContainText(String(bars.get(endpoint)));
  }
});

test('the Counters tab rises by the batch', async ({ page }) => {
  const batch = await openKube(page);
  const forwardPolicy = async () => {
    await page.getByTestId('tab-counters').click();
    await page.getByTestId('counters-table').selectOption('filter');
    await page.getByTestId('counters-exact').check();
    const text = (await page.getByTestId('counters-output').innerText()) ?? '';
    const m = /Chain FORWARD \(policy ACCEPT (\d+) packets/.exec(text);
    if (!m) throw new Error(`no FORWARD policy line in:\n${text}`);
    return Number(m[1]);
  };
  const before = await forwardPolicy();
  await batch.open();
  await batch.start(300);
  await expect(batch.status).toHaveText(doneText('en', 300, 7), { timeout: 20_000 });
  // Every connection was forwarded to an endpoint and met filter FORWARD's ACCEPT policy.
  expect(await forwardPolicy()).toBe(before + 300);
  await expect(page.getByTestId('counters-batch-note')).toContainText('300');
});

test('a big batch cancelled says it was cancelled', async ({ page }) => {
  const batch = await openKube(page);
  await batch.start(100_000);
  await expect(batch.progress).toBeVisible();
  await expect
    .poll(async () => Number(await batch.progress.getAttribute('value')), { timeout: 20_000 })
    .toBeGreaterThan(0);
  await batch.cancel.click();
  const cancelled = catalogText('en', 'batch', 'status.cancelled').split('{{done}}')[0]!;
  await expect(batch.status).toContainText(cancelled);
  await expect(batch.status).toContainText('100,000');
  await expect(batch.chart).toHaveCount(0);
  // The lab still works: Send is offered again (a later batch completing is the slice test's).
  await expect(batch.send).toBeEnabled();
});

test('asking for more than 100,000 says so before sending', async ({ page }) => {
  const batch = await openKube(page);
  await batch.count.fill('250000');
  await expect(page.getByTestId('batch-too-many')).toHaveText(
    catalogText('en', 'batch', 'tooMany').replaceAll('{{max}}', '100,000'),
  );
});

for (const lng of ['zh', 'ja'] as const)
  test(`in ${lng} the Batch tab shows its chart and table without clipped text at 1280×720`, async ({ page }) => {
    const batch = await openKube(page, lng);
    await expect(batch.tab).toHaveText(catalogText(lng, 'batch', 'tab'));
    await batch.start(300);
    await expect(batch.status).toHaveText(doneText(lng, 300, 7), { timeout: 20_000 });
    await expect(batch.rows).toHaveCount(3);
    expect(await clippedIn(batch.panel)).toEqual([]);
    await page.screenshot({ path: test.info().outputPath(`batch-${lng}.png`) });
  });
