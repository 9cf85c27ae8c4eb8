// The lecture hall's fixes (issue #10, point 8) and the graph's keyboard and names (issue #13, point 7): stepping
// keys after a click, one packet selection, goto drawn apart from jump, arrowheads, one Tab stop for the diagram.
import { expect, test } from '@playwright/test';
import { goodLink, sampleState } from './fixtures/links.ts';
import { LabPage } from './pages/LabPage.ts';
import { PacketsPanel } from './pages/PacketsPanel.ts';

test('after a tab is clicked, ←/→ still step the packet; a tab focused from the keyboard keeps its arrows', async ({
  page,
}) => {
  const lab = new LabPage(page);
  await lab.open();
  await page.getByTestId('tab-packets').click();
  await page.getByTestId('tab-trace').click();
  await page.keyboard.press('ArrowRight');
  await expect(lab.position).toHaveText(/^Step 2 \//);
  await expect(page.getByTestId('tab-trace')).toHaveAttribute('aria-selected', 'true');

  // A keyboard user in the tablist: the arrows move between tabs (WAI-ARIA) and leave the step alone.
  await page.getByTestId('tab-trace').focus();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('tab-rules')).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('tab-rules')).toBeFocused();
  await expect(lab.position).toHaveText(/^Step 2 \//);
});

test('a preset packet added is selected, and the header picker and the Packets tab always agree', async ({ page }) => {
  const lab = new LabPage(page);
  await lab.open();
  const packets = new PacketsPanel(page);
  await packets.open();
  const before = await packets.rows().count();
  await packets.preset('ping').click();
  await expect(packets.rows()).toHaveCount(before + 1);
  const picker = page.getByTestId('packet-picker');
  await expect(picker).toHaveValue(String(before));
  await expect(packets.row(before)).toHaveAttribute('aria-current', 'true');

  // A row clicked shows that packet in the header; the header's choice marks the row.
  await page.getByTestId('packet-select-0').click();
  await expect(picker).toHaveValue('0');
  await expect(packets.row(0)).toHaveAttribute('aria-current', 'true');
  await picker.selectOption('1');
  await expect(packets.row(1)).toHaveAttribute('aria-current', 'true');
  await expect(packets.row(0)).toHaveAttribute('aria-current', 'false');
});

const GOTO_RULES = `*filter
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:WEB - [0:0]
:WEB-CHECK - [0:0]
-A INPUT -p tcp -m tcp --dport 22 -j WEB
-A WEB -s 10.0.0.0/8 -g WEB-CHECK
-A WEB-CHECK -p tcp -m tcp --dport 81 -j ACCEPT
COMMIT
`;

test('a goto is drawn apart from a jump, and the chain footer says the packet does not return there', async ({
  page,
}) => {
  const lab = new LabPage(page);
  await page.goto(`/#${goodLink({ ...sampleState, scenario: { ...sampleState.scenario, rules: GOTO_RULES } })}`);
  await expect(lab.position).toHaveAttribute('aria-busy', 'false');
  const target = page.locator('[data-testid^="trace-line-"]').filter({ hasText: 'filter:WEB-CHECK:rule:1' });
  await target.click();
  await expect(target).toHaveAttribute('aria-current', 'step');

  const gotoLine = page.locator('[data-testid^="trace-line-"]').filter({ hasText: 'Go to the chain WEB-CHECK' });
  await expect(gotoLine.locator('[data-via="goto"]')).toHaveText('⇢');
  const jumpLine = page.locator('[data-testid^="trace-line-"]').filter({ hasText: 'Jump into the chain WEB' });
  await expect(jumpLine.locator('[data-via="jump"]')).toHaveText('↳');

  const nested = page.getByTestId('nested-path');
  await expect(nested.locator('[data-via="goto"]')).toContainText('WEB-CHECK');
  await expect(nested.locator('[data-via="goto"]')).toHaveCSS('border-top-style', 'dashed');
  await expect(page.getByTestId('chain-policy')).toHaveAttribute('data-goto', 'true');
  await expect(page.getByTestId('chain-policy')).toContainText(
    'Reached by goto (-g) from WEB: at its end the packet does not return to WEB; it returns to INPUT',
  );
});

test('graph edges carry arrowheads and names in the reader’s language', async ({ page }) => {
  const lab = new LabPage(page);
  await lab.open();
  const edges = page.locator('.lab-graph .react-flow__edge');
  await expect(edges.first()).toBeAttached();
  const count = await edges.count();
  expect(count).toBeGreaterThanOrEqual(10);
  expect(await page.locator('.lab-graph .react-flow__edge-path[marker-end]').count()).toBe(count);
  await expect(
    page.locator('.lab-graph .react-flow__edge[aria-label="From Network in to PREROUTING hook"]'),
  ).toHaveCount(1);
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await expect(lab.position).toHaveText(/^Step 3 \//);
  const names = await edges.evaluateAll((all) => all.map((e) => e.getAttribute('aria-label') ?? ''));
  expect(names.some((n) => /^From Network in to PREROUTING hook: the packet (just crossed|passed) here$/.test(n))).toBe(
    true,
  );
  expect(names.filter((n) => n.startsWith('Edge from'))).toEqual([]);

  // In Japanese, the names are Japanese.
  await page.getByTestId('language-picker').selectOption('ja');
  await expect(page.locator('.lab-graph .react-flow__edge').first()).toHaveAttribute('aria-label', /から .* へ/);
});

test('the diagram is one Tab stop: arrows move between its blocks, Enter opens one, and stepping is untouched', async ({
  page,
}) => {
  const lab = new LabPage(page);
  await lab.open();
  const graph = page.locator('.lab-graph');
  const tabbable = await graph.evaluate(
    (g) =>
      [...g.querySelectorAll<HTMLElement>('button, [tabindex]')].filter((e) => e.tabIndex >= 0 && !e.closest('a'))
        .length,
  );
  expect(tabbable).toBe(1);
  expect(await graph.locator('.react-flow__node[tabindex]').count()).toBe(0);

  await graph.locator('button[tabindex="0"]').focus();
  const first = await page.evaluate(() => document.activeElement?.getAttribute('data-testid'));
  await page.keyboard.press('ArrowDown');
  const second = await page.evaluate(() => document.activeElement?.getAttribute('data-testid'));
  expect(second).toMatch(/^table-/);
  expect(second).not.toBe(first);
  await expect(lab.position).toHaveText(/^Step 1 \//);
  // The block focused last is the diagram's Tab stop now.
  await expect(page.getByTestId(second!)).toHaveAttribute('tabindex', '0');
  await expect(page.getByTestId(first!)).toHaveAttribute('tabindex', '-1');

  // A block clicked with the mouse opens its chain and leaves ←/→ to the stepping.
  await page.getByTestId('table-INPUT-filter').click();
  await expect(page.getByTestId('table-INPUT-filter')).not.toBeFocused();
  await expect(page.getByTestId('chain-title')).toHaveText('filter / INPUT');
  const at = await lab.step();
  await page.keyboard.press('ArrowRight');
  await expect(lab.position).toHaveText(new RegExp(`^Step ${at + 1} /`));
});
