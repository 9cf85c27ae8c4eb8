// Issue #9, points 7 and 9: an ICMP error built in the packet builder "about" an earlier packet comes back RELATED
// through a NAT gateway and is translated back; a dump iptables refuses still loads, its bad line marked.
import { expect, test } from '@playwright/test';
import { LabPage } from './pages/LabPage.ts';
import { PacketsPanel } from './pages/PacketsPanel.ts';
import { RulesEditorPanel } from './pages/RulesEditorPanel.ts';
import { ScenarioBar } from './pages/ScenarioBar.ts';

test('a port unreachable about an earlier masqueraded packet is RELATED and un-NATed', async ({ page }) => {
  const lab = new LabPage(page);
  const bar = new ScenarioBar(page);
  const packets = new PacketsPanel(page);
  await lab.open();
  // Packet 1 of this scenario: the laptop 192.168.1.50 sends UDP out of eth1, masqueraded to 203.0.113.5.
  await bar.choose('related-icmp-nat');
  await packets.open();
  const count = await packets.rows().count();
  await packets.preset('ping').click();
  await packets.row(count).getByRole('button').first().click();

  // The server's answer: port unreachable, addressed to the router's public address, about packet 1.
  await page.getByTestId('packet-origin').selectOption('eth1');
  await page.getByTestId('packet-src').fill('198.51.100.53');
  await page.getByTestId('packet-dst').fill('203.0.113.5');
  await page.getByLabel('ICMP type').selectOption('3/3');
  // The picker lists the earlier packets by number; value 0 is packet 1.
  await expect(page.getByTestId('packet-about').locator('option[value="0"]')).toHaveText(/^1\. udp 192\.168\.1\.50/);
  await page.getByTestId('packet-about').selectOption('0');

  // conntrack finds the masqueraded connection in the quoted header: RELATED, and NAT sends it on to the laptop.
  await expect(packets.outcome(count)).toHaveText('→ sent out of eth0 to 192.168.1.50, RELATED');

  // Its trace says so, and that the quoted header was translated back too.
  await page.getByRole('button', { name: `Show the trace of packet ${count + 1}`, exact: true }).click();
  await page.getByTestId('tab-trace').click();
  await lab.traced();
  const lines = page.locator('[data-testid^="trace-line-"]');
  await expect(lines.filter({ hasText: "Conntrack finds the packet's connection: state RELATED." })).toHaveCount(1);
  // NAT rewrites the outer destination and the quoted source back to the laptop's.
  await expect(lines.filter({ hasText: /nat rewrites the packet: inner\.src and Destination\./ })).toHaveCount(1);
  await lab.button('End').click();
  await expect(lab.fate).toHaveAttribute('data-fate', 'sent');
});

test('a dump iptables refuses still loads, its bad line marked and the refusal said', async ({ page }) => {
  const lab = new LabPage(page);
  const editor = new RulesEditorPanel(page);
  await lab.open();
  await editor.open();
  const dump = [
    '*filter',
    ':INPUT DROP [0:0]',
    ':FORWARD DROP [0:0]',
    ':OUTPUT ACCEPT [0:0]',
    '-A INPUT -i lo -j ACCEPT',
    '-A INPUT -m mac --mac-source zz:zz -j DROP',
    '-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT',
    'COMMIT',
    '',
  ];
  await editor.replaceAll(dump.join('\n'));

  // Every line is kept, the good ones and the bad one, so the student can fix it in place.
  await expect(editor.content.locator('.cm-line')).toHaveCount(dump.length);
  expect((await editor.lines()).slice(0, -1)).toEqual(dump.slice(0, -1));
  // Only line 6 is marked.
  await expect.poll(() => editor.errorMarks().then((m) => [...new Set(m.map((x) => x.line))])).toEqual([6]);
  await expect(editor.summary).toContainText('Line 6, column 17');
  await expect(page.getByTestId('status')).toContainText('iptables-restore would refuse these rules: 1 error.');
  await expect(page.getByTestId('status')).toContainText('line 6');
  await expect(page.getByTestId('status')).toContainText('zz:zz');
});
