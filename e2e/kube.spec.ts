import { expect, test } from '@playwright/test';
import { builtinScenario } from './fixtures/scenarios.ts';
import { LabPage } from './pages/LabPage.ts';

const scenario = builtinScenario('kube-clusterip');
const first = scenario.packets[0]?.expect;

test(`"${scenario.title}": the jumps read as a nested path, and the whole trace stays reachable`, async ({ page }) => {
  const lab = new LabPage(page);
  await lab.open();
  await lab.chooseScenario('kube-clusterip');

  // Into the endpoint chain: KUBE-SERVICES → KUBE-SVC-… → KUBE-SEP-… beside the graph, in that order.
  const total = await lab.total();
  for (let i = 0; i < total && !(await lab.currentNotation()).startsWith('nat:KUBE-SEP-'); i += 1) {
    await page.keyboard.press('ArrowRight');
  }
  const path = page.getByTestId('nested-path');
  await expect(path).toBeVisible();
  const text = (await path.textContent()) ?? '';
  const order = ['PREROUTING', 'KUBE-SERVICES', 'KUBE-SVC-', 'KUBE-SEP-'].map((name) => text.indexOf(name));
  expect(order.every((at) => at >= 0)).toBe(true);
  expect([...order].sort((a, b) => a - b)).toEqual(order);
  await expect(lab.chainTitle).toContainText('nat / KUBE-SEP-');

  // The last line of a trace longer than the panel is drawn and selected at the end.
  await page.keyboard.press('End');
  await expect(lab.currentTraceLine).toBeInViewport();
  await expect(lab.fate).toHaveAttribute('data-fate', first!.fate);
});

test('"Every branch" lists each endpoint the service can pick, with probabilities adding up to 1', async ({ page }) => {
  const lab = new LabPage(page);
  await lab.open();
  await lab.chooseScenario('kube-clusterip');
  // Explore follows the packet shown: the first, the pod's SYN to the service (the sequence has three).
  await expect(page.getByTestId('packet-picker').locator('option')).toHaveCount(3);
  await page.getByTestId('explore').check();
  await expect(page.getByTestId('packet-picker').locator('optgroup')).toHaveAttribute('label', /packet #1 \(Pod SYN/);
  const options = page.getByTestId('packet-picker').locator('option');
  await expect(options).toHaveCount(3);
  const texts = await options.allTextContents();
  const probabilities = texts.map((s) => Number(/p = ([\d.]+)/.exec(s)?.[1]));
  expect(probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 2);
  const destinations = new Set(texts.map((s) => /to ([\d.:]+)/.exec(s)?.[1]));
  expect(destinations.size).toBe(3);
});
