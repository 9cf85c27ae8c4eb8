import { expect, test } from '@playwright/test';
import { builtinScenario } from './fixtures/scenarios.ts';
import { LabPage } from './pages/LabPage.ts';

const scenario = builtinScenario('port-forward');
const first = scenario.packets[0]?.expect;

test(`NAT in "${scenario.title}": the rewrite shows before and after with the changed fields marked`, async ({
  page,
}) => {
  const lab = new LabPage(page);
  await lab.open();
  await lab.chooseScenario('port-forward');
  // The DNAT rule the scenario expects at nat PREROUTING, then the rewrite step after it.
  const dnat = first?.walk?.find((w) => w.table === 'nat' && w.chain === 'PREROUTING');
  expect(dnat && typeof dnat.rule === 'number').toBe(true);
  await lab.stepUntil(`nat:PREROUTING:rule:${dnat!.rule}`);
  await lab.stepUntilSentence(/rewrites the packet/);

  const diff = page.getByTestId('nat-diff');
  await expect(diff).toBeVisible();
  const changed = diff.locator('tr[data-changed="true"]');
  await expect(changed.first()).toBeVisible();
  for (const row of await changed.all()) {
    const [before, after] = [
      await row.locator('td').nth(1).textContent(),
      await row.locator('td').nth(2).textContent(),
    ];
    expect(after?.replace('✎', '').trim()).not.toBe(before?.trim());
    await expect(row).toContainText('✎');
  }
  // The packet card marks the destination as changed from the packet that arrived.
  await expect(page.getByTestId('packet-dst')).toHaveAttribute('data-changed', 'true');

  await page.keyboard.press('End');
  await expect(lab.fate).toHaveAttribute('data-fate', first!.fate);
  await expect(lab.fate).toContainText('Forwarded out of');
});
