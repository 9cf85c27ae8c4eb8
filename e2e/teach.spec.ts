// Counters and Conntrack tabs: the numbers rise packet by packet as iptables would print them, Reset zeroes them,
// and a conntrack entry leads to the packets that made it. Each view also in Chinese and Japanese, unclipped.
import { expect, test, type Locator, type Page } from '@playwright/test';
import { ConntrackPanel } from './pages/ConntrackPanel.ts';
import { CountersPanel } from './pages/CountersPanel.ts';
import { ExportPanel } from './pages/ExportPanel.ts';
import { ChallengesPanel } from './pages/ChallengesPanel.ts';
import { RulesEditorPanel } from './pages/RulesEditorPanel.ts';
import { readFileSync } from 'node:fs';
import { LabPage } from './pages/LabPage.ts';
import { catalogText, LANGUAGE_KEY, type Language } from './pages/LanguagePicker.ts';
import { ScenarioBar } from './pages/ScenarioBar.ts';

async function openPortForward(page: Page, packet = 0): Promise<void> {
  const lab = new LabPage(page);
  await lab.open('/');
  await new ScenarioBar(page).choose('port-forward');
  await page.getByTestId('packet-picker').selectOption(String(packet));
}

/** Text cut off inside its box (a word that does not fit, or a line that overflows). */
async function expectUnclipped(box: Locator): Promise<void> {
  const clipped = await box.evaluate((el) => {
    const out: string[] = [];
    for (const node of el.querySelectorAll<HTMLElement>('button, label, p, legend, option')) {
      // Screen-reader-only text is clipped on purpose.
      if (node.closest('.sr-only')) continue;
      if (node.scrollWidth > node.clientWidth + 1 && getComputedStyle(node).overflowX !== 'auto')
        out.push(node.innerText);
    }
    return out;
  });
  expect(clipped).toEqual([]);
}

test('counters rise packet by packet, as iptables -L -n -v prints them, and Reset zeroes them', async ({ page }) => {
  await openPortForward(page, 0);
  const counters = new CountersPanel(page);
  await counters.open();
  await counters.showTable('filter');
  // The SYN is forwarded by FORWARD rule 2 (the NEW connection to the web server): one packet of 40 bytes.
  await expect(counters.caption).toContainText('After packet 1 of 3');
  expect(await counters.ruleLine('FORWARD', 2)).toMatch(/^2 {8}1 {4}40 ACCEPT {5}tcp {2}-- {2}eth0 {3}eth1 /);
  expect(await counters.ruleLine('FORWARD', 1)).toMatch(/^1 {8}0 {5}0 ACCEPT/);
  await expect(counters.moved).toContainText('filter FORWARD rule 2');

  // The reply is ESTABLISHED: rule 1 counts it, rule 2 keeps its one packet.
  await page.getByTestId('packet-picker').selectOption('1');
  await expect(counters.caption).toContainText('After packet 2 of 3');
  expect(await counters.ruleLine('FORWARD', 1)).toMatch(/^1 {8}1 +\d+ ACCEPT/);
  expect(await counters.ruleLine('FORWARD', 2)).toMatch(/^2 {8}1 {4}40 /);

  await counters.reset.click();
  await expect(counters.resetNote).toBeVisible();
  expect(await counters.ruleLine('FORWARD', 1)).toMatch(/^1 {8}0 {5}0 ACCEPT/);
  // Packets after the reset count again from zero.
  await page.getByTestId('packet-picker').selectOption('2');
  expect(await counters.ruleLine('FORWARD', 1)).toMatch(/^1 {8}1 +\d+ ACCEPT/);
  expect(await counters.ruleLine('FORWARD', 2)).toMatch(/^2 {8}0 {5}0 /);

  await counters.format('save');
  await expect(counters.output).toContainText(':FORWARD DROP [0:0]');
  await expect(counters.output).toContainText('[1:');
});

test('a conntrack entry shows the DNAT in its reply tuple and leads to the packets that made it', async ({ page }) => {
  await openPortForward(page, 0);
  const conntrack = new ConntrackPanel(page);
  await conntrack.open();
  await expect(conntrack.entries).toHaveCount(1);
  const line = conntrack.entries.first();
  await expect(line).toContainText('tcp      6 120 SYN_SENT src=198.51.100.20 dst=203.0.113.1 sport=50000 dport=8080');
  await expect(line).toContainText('[UNREPLIED] src=192.168.1.20 dst=198.51.100.20 sport=80 dport=50000');

  await line.click();
  await expect(line).toHaveAttribute('aria-pressed', 'true');
  await expect(conntrack.packets).toHaveCount(3);
  await conntrack.packets.nth(1).click();
  await expect(conntrack.caption).toContainText('After packet 2 of 3');
  await expect(conntrack.entries.first()).not.toContainText('[UNREPLIED]');
});

test('exports the trace as xtables-monitor and nft monitor print it, the counters, and the graph', async ({ page }) => {
  await openPortForward(page, 0);
  const exports = new ExportPanel(page);
  await exports.open();
  await expect(exports.trace).toContainText(
    'PACKET: 2 00000001 IN=eth0 SRC=198.51.100.20 DST=203.0.113.1 LEN=40 TOS=0x0 TTL=64 SPORT=50000 DPORT=8080 SYN',
  );
  await expect(exports.trace).toContainText(
    ' TRACE: 2 00000001 nat:PREROUTING:rule:0x1:ACCEPT  -4 -t nat -A PREROUTING',
  );
  await exports.format('nft');
  await expect(exports.trace).toContainText(
    'trace id 00000001 ip nat PREROUTING packet: iif "eth0" ip saddr 198.51.100.20',
  );

  const png = await exports.download('export-png');
  expect(png.suggestedFilename()).toMatch(/\.png$/);
  const pngBytes = readFileSync(await png.path());
  expect(pngBytes.subarray(1, 4).toString()).toBe('PNG');
  const svg = await exports.download('export-svg');
  expect(svg.suggestedFilename()).toMatch(/\.svg$/);
  expect(readFileSync(await svg.path(), 'utf8')).toContain('PREROUTING');
  const counters = await exports.download('export-counters');
  expect(readFileSync(await counters.path(), 'utf8')).toContain('# iptables -t filter -L -n -v --line-numbers');
});

const SHADOW_FIXED = `*filter
:INPUT ACCEPT [0:0]
:FORWARD DROP [0:0]
:OUTPUT ACCEPT [0:0]
-A INPUT -s 10.9.0.0/16 -p tcp -m tcp --dport 22 -j ACCEPT
-A INPUT -p tcp -j DROP
COMMIT
`;

test('a challenge opened from its link is failed, then solved, and remembered', async ({ page }) => {
  await page.goto('/?challenge=shadowed-rule&variant=0');
  const challenges = new ChallengesPanel(page);
  await expect(challenges.panel).toBeVisible();
  await expect(page.getByTestId('challenge-title')).toHaveText('The rule that never matches');
  await challenges.runCheck();
  await expect(challenges.score).toHaveText('2 of 3 probes right (67%)');
  const miss = challenges.rows.and(page.locator('[data-pass="false"]'));
  await expect(miss).toHaveCount(1);
  await expect(miss).toContainText("Administrator's SSH");
  await expect(miss).toContainText('move the ACCEPT up');
  // The row opens that probe's trace: the administrator's SYN, dropped by rule 1.
  await miss.getByTestId('challenge-show-probe').click();
  await expect(page.getByTestId('tab-trace')).toHaveAttribute('aria-selected', 'true');
  const lab = new LabPage(page);
  await lab.button('End').click();
  await expect(lab.fate).toContainText(/dropped/i);

  const editor = new RulesEditorPanel(page);
  await editor.open();
  await editor.replaceAll(SHADOW_FIXED);
  await challenges.open();
  await challenges.runCheck();
  await expect(challenges.score).toHaveText('✓ Solved! 3 of 3 probes right (100%)');
  await challenges.back.click();
  await expect(challenges.entry('shadowed-rule')).toContainText('✓ solved');
  // Progress survives a reload (localStorage).
  await page.goto('/');
  await challenges.open();
  await expect(challenges.entry('shadowed-rule')).toContainText('✓ solved');
});

for (const lng of ['zh', 'ja'] as Language[]) {
  test(`Counters and Conntrack in ${lng}: translated and not clipped at 1280×720`, async ({ page }) => {
    await page.addInitScript(([key, value]) => localStorage.setItem(key, value), [LANGUAGE_KEY, lng] as const);
    // LabPage.open reads the English step position; here the page speaks another language.
    await page.goto('/');
    await expect(page.getByTestId('step-position')).toHaveAttribute('aria-busy', 'false');
    await new ScenarioBar(page).choose('port-forward');
    const counters = new CountersPanel(page);
    await expect(counters.tab).toHaveText(catalogText(lng, 'scenario', 'tabs.counters'));
    await counters.open();
    await expect(page.getByTestId('counters-reset')).toHaveText(catalogText(lng, 'teach', 'counters.reset'));
    await expectUnclipped(counters.panel);
    await expectUnclipped(page.getByRole('tablist'));
    const conntrack = new ConntrackPanel(page);
    await conntrack.open();
    await expect(conntrack.entries).toHaveCount(1);
    await expectUnclipped(conntrack.panel);
    const exports = new ExportPanel(page);
    await exports.open();
    await expect(page.getByTestId('export-png')).toHaveText(catalogText(lng, 'teach', 'export.png'));
    await expectUnclipped(exports.panel);
    const challenges = new ChallengesPanel(page);
    await challenges.open();
    await challenges.entry('default-deny').click();
    await challenges.runCheck();
    await expect(challenges.check).toHaveText(catalogText(lng, 'teach', 'challenges.check'));
    await expectUnclipped(challenges.panel);
    await expectUnclipped(page.getByRole('tablist'));
  });
}
