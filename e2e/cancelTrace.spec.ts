// A pathological request (a 5,000-deep chain of jumps, traced for 40 packets) shows its progress and a Cancel;
// cancelling stops it in the worker without a restart: the rules stay, the worker keeps the parsed ruleset, and the
// next request is traced at once (had the cancelled trace gone on in the worker, 40 packets through 5,000 chains
// would hold the next one for minutes).
import { expect, test } from '@playwright/test';
import { goodLink, sampleState } from './fixtures/links.ts';
import { LabPage } from './pages/LabPage.ts';
import { RulesEditorPanel } from './pages/RulesEditorPanel.ts';
import type { LabStore } from '../src/store/index.ts';

const DEPTH = 5000;
const chains = Array.from({ length: DEPTH }, (_, i) => `:C${i} - [0:0]`);
const jumps = Array.from({ length: DEPTH - 1 }, (_, i) => `-A C${i} -j C${i + 1}`);
const DEEP_RULES = `*filter\n:INPUT ACCEPT [0:0]\n${chains.join('\n')}\n-A INPUT -j C0\n${jumps.join('\n')}\nCOMMIT\n`;

const inbound = (i: number) => ({
  in: 'eth0',
  proto: 'udp',
  src: '10.0.0.9',
  dst: '10.0.0.1',
  sport: 40000 + i,
  dport: 53,
});

declare global {
  interface Window {
    netfilterLab?: LabStore;
  }
}

const labState = <T>(page: import('@playwright/test').Page, pick: (s: ReturnType<LabStore['getState']>) => T) =>
  page.evaluate(`(${pick.toString()})(window.netfilterLab.getState())`) as Promise<T>;

test('a 5,000-deep jump chain shows progress and Cancel; cancelling keeps the rules and the worker', async ({
  page,
}) => {
  const lab = new LabPage(page);
  const deep = {
    ...sampleState,
    scenario: { ...sampleState.scenario, rules: DEEP_RULES, packets: Array.from({ length: 40 }, (_, i) => inbound(i)) },
  };
  await page.goto(`/#${goodLink(deep)}`);

  const progress = page.getByTestId('trace-progress');
  await expect(progress).toBeVisible();
  // Parsed, and tracing packet after packet: the bar counts them.
  await expect(progress.getByRole('status')).toHaveText(/^Tracing packet \d+ of 40…$/);

  await progress.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByTestId('trace-cancelled')).toBeVisible();
  await expect(progress).toBeHidden();

  // The rules are the user's still, and the lab answers: the editor opens on them.
  const editor = new RulesEditorPanel(page);
  await editor.open();
  await expect(editor.content.locator('.cm-line').nth(2)).toHaveText(':C0 - [0:0]');

  // The next request (a packet the host sends, which never enters the chain) is traced by the same worker, which
  // kept its session: no restart, no notice, the same rules.
  await page.evaluate(() =>
    window
      .netfilterLab!.getState()
      .setPackets([{ local: true, proto: 'udp', src: '10.0.0.1', dst: '10.0.0.9', sport: 5353, dport: 53 }]),
  );
  await page.getByTestId('tab-trace').click();
  await lab.traced();
  expect(await labState(page, (s) => s.rules)).toBe(DEEP_RULES);
  expect(await labState(page, (s) => s.engineNotice)).toBeNull();
  await expect(page.getByTestId('trace-cancelled')).toBeHidden();
});
