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
