// Accessibility (issue #13, point 7): axe-core (WCAG 2 A and AA rules) finds no serious or critical violation on the
// main views, and the main controls are reached from the keyboard in a few Tabs, with a visible focus ring.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { BatchPanel } from './pages/BatchPanel.ts';
import { ChallengesPanel } from './pages/ChallengesPanel.ts';
import { ConntrackPanel } from './pages/ConntrackPanel.ts';
import { CountersPanel } from './pages/CountersPanel.ts';
import { LabPage } from './pages/LabPage.ts';
import { LANGUAGE_KEY, type Language } from './pages/LanguagePicker.ts';
import { ScalePanel } from './pages/ScalePanel.ts';
import { ScenarioBar } from './pages/ScenarioBar.ts';
import { showView, type View } from './pages/views.ts';

/**
 * Every main view: the six of views.ts, the predict card, the challenges (list, then one graded), batch and scale
 * after a small run, counters, conntrack, and the chain panel of an nftables scenario.
 */
type AxeView =
  View | 'predict' | 'challenges' | 'batch' | 'scale' | 'counters' | 'conntrack' | 'translate' | 'nft chain panel';

/**
 * Views that change only the tab panel under the timeline: axe checks that panel, since the page around it is the
 * lab view's, which the first group of each language checks whole. (axe walks every node of the graph for colour
 * contrast: checking it again for each tab cost most of the suite's time.)
 */
const PANEL_VIEWS: ReadonlySet<AxeView> = new Set([
  'editor',
  'host',
  'packets',
  'counters',
  'conntrack',
  'batch',
  'scale',
  'challenges',
  'translate',
]);
const TAB_PANEL = '[role="tabpanel"][id^="scenario-panel-"]';

async function openIn(page: Page, lng: Language): Promise<void> {
  await page.addInitScript(([key, value]) => localStorage.setItem(key!, value!), [LANGUAGE_KEY, lng]);
  await page.goto('/');
  await expect(new LabPage(page).position).toHaveAttribute('aria-busy', 'false');
}

/** Shows `view` (language-free: by test id and key); returns the violations of any screen passed on the way. */
async function show(page: Page, view: AxeView): Promise<string[]> {
  switch (view) {
    case 'counters':
      await new CountersPanel(page).open();
      return [];
    case 'conntrack':
      await new ConntrackPanel(page).open();
      return [];
    case 'predict':
      await page.getByTestId('predict-toggle').click();
      await expect(page.getByTestId('predict-card')).toBeVisible();
      return [];
    case 'batch': {
      const batch = new BatchPanel(page);
      await batch.open();
      await batch.start(50);
      await expect(batch.rows.first()).toBeVisible();
      return [];
    }
    case 'scale': {
      const scale = new ScalePanel(page);
      await scale.open();
      await scale.start('10');
      await expect(scale.run).toBeEnabled();
      await expect(scale.status).not.toBeEmpty();
      return [];
    }
    case 'challenges': {
      const challenges = new ChallengesPanel(page);
      await challenges.open();
      // The list, then one challenge open with its probes graded.
      const list = (await seriousViolations(page, view)).map((v) => `list: ${v}`);
      await challenges.entry('shadowed-rule').click();
      await expect(challenges.panel).toBeVisible();
      await challenges.runCheck();
      return list;
    }
    case 'translate':
      await page.getByTestId('tab-translate').click();
      await expect(page.getByTestId('tab-translate')).toHaveAttribute('aria-selected', 'true');
      return [];
    case 'nft chain panel':
      // At its last step the packet is in an nftables chain: the panel shows that chain's rules.
      await new ScenarioBar(page).choose('nft-two-tables');
      await page.locator('body').press('End');
      await expect(page.getByTestId('nft-chain-panel')).toBeVisible();
      return [];
    default:
      await showView(page, view);
      return [];
  }
}

/** The serious and critical violations, one line each: rule, impact, how many nodes and the first one. */
async function seriousViolations(page: Page, view: AxeView): Promise<string[]> {
  const axe = new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']);
  const { violations } = await (PANEL_VIEWS.has(view) ? axe.include(TAB_PANEL) : axe).analyze();
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.length} × ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`);
}

/**
 * Views checked on one page load, in an order where each leaves the lab fit for the next (presenter mode, a
 * challenge and another scenario come last). The lab view comes first: it is the page the panel views sit in.
 */
// The lab view alone: axe walks every node of the graph there, the slowest check (1.2 min of 1.5 at load 16).
const GROUPS: AxeView[][] = [
  ['lab'],
  ['editor', 'host', 'packets'],
  ['counters', 'conntrack', 'translate', 'batch', 'scale'],
  ['predict'],
  ['challenges'],
  ['lesson', 'presenter'],
  ['nft chain panel'],
];

for (const lng of ['en', 'zh', 'ja'] as const) {
  for (const views of GROUPS) {
    test(`axe (${lng}): no serious or critical violation on ${views.join(', ')}`, async ({ page }) => {
      // A few seconds on an idle machine; axe walks every node of the graph for contrast, far slower on a busy one.
      test.setTimeout(90_000);
      await openIn(page, lng);
      const found: Record<string, string[]> = {};
      for (const view of views) {
        const onTheWay = await show(page, view);
        found[view] = [...onTheWay, ...(await seriousViolations(page, view))];
      }
      expect(found).toEqual(Object.fromEntries(views.map((view) => [view, []])));
    });
  }
}

test('the skip link is the first Tab stop, lands on the playback controls, and Send is a few Tabs away', async ({
  page,
}) => {
  await openIn(page, 'en');
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Skip to controls' });
  await expect(skip).toBeFocused();
  await expect(skip).toBeVisible();

  await page.keyboard.press('Enter');
  const focusedInToolbar = await page
    .getByRole('toolbar', { name: 'Playback' })
    .evaluate((toolbar) => toolbar.contains(document.activeElement));
  expect(focusedInToolbar).toBe(true);

  await page.goto('/');
  await expect(new LabPage(page).position).toHaveAttribute('aria-busy', 'false');
  const send = page.getByTestId('send');
  let tabs = 0;
  while (tabs < 20 && !(await send.evaluate((el) => el === document.activeElement))) {
    await page.keyboard.press('Tab');
    tabs += 1;
  }
  expect(tabs).toBeLessThanOrEqual(5);
});

test('a control focused from the keyboard shows a focus ring', async ({ page }) => {
  await openIn(page, 'en');
  const ring = (el: Element) => {
    const style = getComputedStyle(el);
    const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
    return outline || style.boxShadow !== 'none';
  };
  // Without focus, no ring: the check below measures the focus style, not a border that is always there.
  const send = page.getByTestId('send');
  expect(await send.evaluate(ring)).toBe(false);
  for (let i = 0; i < 6; i += 1) {
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.tagName)).not.toBe('BODY');
    expect(await page.locator(':focus').evaluate(ring), `Tab stop ${i + 1}`).toBe(true);
  }
  await new LabPage(page).button('Play').focus();
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Tab');
  expect(await new LabPage(page).button('Play').evaluate(ring)).toBe(true);
});

test("every graph node has an accessible name, with the packet's progress in words", async ({ page }) => {
  await openIn(page, 'en');
  await showView(page, 'lab');
  const names = await page
    .locator('.react-flow__node')
    .evaluateAll((nodes) => nodes.map((n) => n.getAttribute('aria-label') ?? ''));
  expect(names.length).toBeGreaterThan(5);
  expect(names.filter((name) => !name.trim())).toEqual([]);
  // Two steps in, the packet is at or past PREROUTING: the name says which, in words.
  expect(names.some((name) => /^PREROUTING hook: (passed|here now)$/.test(name))).toBe(true);
  expect(names).toContain('The packet');
});
