// Cancel inside a chunk that cannot pause (#11 point 3): at 20,000 services one chunk of a point (generating or
// loading the 33 MB iptables dump) takes 3-20 s, so Cancel ends the Scale tab's own engine worker at once — it is
// seen closing — and says so, while the lab's worker and its parsed rules stay (it never closes, no restart notice,
// the lab still traces); the next run starts a fresh worker and completes.
import { expect, test, type Worker } from '@playwright/test';
import { LabPage } from './pages/LabPage.ts';
import { catalogText } from './pages/LanguagePicker.ts';
import { ScalePanel } from './pages/ScalePanel.ts';
import { ScenarioBar } from './pages/ScenarioBar.ts';

const isEngine = (w: Worker) => /engine\.worker/.test(w.url());

test('Cancel during a 20,000-service point ends the scale worker at once; the lab worker and its rules stay', async ({
  page,
}) => {
  const closed = new Set<Worker>();
  page.on('worker', (w) => w.on('close', () => closed.add(w)));
  await page.goto('/');
  const lab = new LabPage(page);
  await lab.traced();
  const labWorkers = page.workers().filter(isEngine);
  expect(labWorkers).toHaveLength(1);

  const scale = new ScalePanel(page);
  await scale.open();
  const spawned = page.waitForEvent('worker', { predicate: isEngine });
  await scale.start('20000');
  const scaleWorker = await spawned;
  await expect(scale.cancel).toBeVisible();
  const ended = scaleWorker.waitForEvent('close');
  const clicked = Date.now();
  await scale.cancel.click();
  await ended;
  test
    .info()
    .annotations.push({ type: 'figure', description: `scale worker closed ${Date.now() - clicked} ms after Cancel` });
  await expect(scale.status).toHaveText(catalogText('en', 'scale', 'status.cancelled'));
  await expect(page.getByTestId('scale-stopped')).toHaveText(catalogText('en', 'scalecancel', 'stoppedAtOnce'));

  // The lab's worker was never ended: a new scenario traces there, and no engine restart is announced.
  await page.getByTestId('tab-trace').click();
  await new ScenarioBar(page).choose('port-forward');
  await lab.traced();
  expect(labWorkers.filter((w) => closed.has(w))).toEqual([]);
  await expect(page.getByTestId('status')).toHaveCount(0);

  // The next run starts a fresh scale worker and completes; the sentence about the stop is gone.
  await scale.open();
  const fresh = page.waitForEvent('worker', { predicate: isEngine });
  await scale.start('10');
  expect(await fresh).not.toBe(scaleWorker);
  await expect(scale.status).toHaveText(catalogText('en', 'scale', 'status.done').replace('{{total}}', '3'));
  await expect(page.getByTestId('scale-stopped')).toHaveCount(0);
});
