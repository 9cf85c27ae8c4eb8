// The packet builder fills in TCP sequence numbers as a real stack would (the engine's autoTcpNumbers).
import { expect, test } from '@playwright/test';
import { LabPage } from './pages/LabPage.ts';
import { PacketsPanel } from './pages/PacketsPanel.ts';

test('auto seq/ack numbers a new SYN and the reply that answers it', async ({ page }) => {
  const lab = new LabPage(page);
  const packets = new PacketsPanel(page);
  await lab.open();
  await packets.open();
  const count = await packets.rows().count();
  await packets.preset('ssh').click();
  await packets.row(count).click();
  await page.getByTestId('packet-auto-seq').click();
  await expect(page.getByTestId('packet-seq')).toHaveValue('1000');
  await expect(page.getByTestId('packet-ack')).toHaveValue('0');
  await packets.preset('reply').click();
  await packets.row(count + 1).click();
  await page.getByTestId('packet-auto-seq').click();
  await expect(page.getByTestId('packet-seq')).toHaveValue('5000');
  await expect(page.getByTestId('packet-ack')).toHaveValue('1001');
  await expect(packets.outcome(count + 1)).toContainText('ESTABLISHED');
});
