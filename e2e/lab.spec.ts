import { expect, test } from '@playwright/test';
import { DEFAULT_SCENARIO_ID, builtinScenario } from './fixtures/scenarios.ts';
import { LabPage } from './pages/LabPage.ts';

const scenario = builtinScenario(DEFAULT_SCENARIO_ID);
const first = scenario.packets[0]?.expect;
const decisive = first?.walk?.at(-1);

test.describe(`the default scenario (${scenario.title})`, () => {
  test.beforeEach(({ page }) => {
    // The scenario's first packet must be decided by a numbered rule for these tests to mean anything.
    expect(decisive && typeof decisive.rule === 'number').toBe(true);
    return new LabPage(page).open();
  });

  test('draws the five hooks with their tables, undefined ones faint', async ({ page }) => {
    const lab = new LabPage(page);
    for (const hook of ['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING']) {
      await expect(page.getByTestId(`hook-${hook}`)).toBeVisible();
    }
    await expect(lab.tableBlock('INPUT', 'filter')).toHaveAttribute('data-defined', 'true');
    await expect(lab.tableBlock('PREROUTING', 'raw')).toHaveAttribute('data-defined', 'false');
    await expect(lab.tableBlock('PREROUTING', 'raw')).toContainText('not defined');
  });

  test('send, step to the deciding rule: graph, rule list and trace line agree; the fate is shown in words', async ({
    page,
  }) => {
    const lab = new LabPage(page);
    const { hook, table, chain, rule } = decisive!;
    await page.getByTestId('send').click();
    // Send plays from the start once the new trace is in: wait for that, or a Home pressed before it arrives is
    // overtaken by the autoplay (seen on a loaded machine).
    await expect(page.getByRole('button', { name: 'Pause', exact: true })).toBeVisible();
    await page.keyboard.press('Home');
    await expect(lab.position).toHaveText(/^Step 1 \//);
    await expect(page.getByRole('button', { name: 'Play', exact: true })).toBeVisible();

    await lab.stepUntil(`${table}:${chain}:rule:${rule}`);
    // The three places agree: trace line, highlighted rule, token's block.
    await expect(lab.currentRule).toHaveAttribute('data-testid', `rule-${table}-${chain}-${rule}`);
    await expect(lab.tableBlock(hook, table)).toHaveAttribute('data-state', 'active');
    await expect(lab.chainTitle).toHaveText(`${table} / ${chain}`);
    // Every match of the deciding rule holds, each with its ✓ and a sentence.
    const matches = lab.currentRule.getByTestId('match-result');
    await expect(matches.first()).toBeVisible();
    for (const m of await matches.all()) {
      await expect(m).toHaveAttribute('data-matched', 'true');
      await expect(m).toContainText('✓');
    }
    // Earlier rules of the chain are marked as not matching.
    await expect(lab.rule(table, chain, 1)).toHaveAttribute('data-mark', 'not-matched');

    await page.keyboard.press('End');
    await expect(lab.fate).toHaveAttribute('data-fate', first!.fate);
    await expect(lab.fate).toContainText(/Delivered|Sent|Forwarded|Dropped|Rejected|Queued/);
    await expect(lab.fate).toContainText(/[✓➜✗⊘⧗]/);
    await expect(lab.token).toHaveAttribute('data-fate', first!.fate);
  });

  test('step back restores the earlier view', async ({ page }) => {
    const lab = new LabPage(page);
    const { table, chain } = decisive!;
    const rule = Number(decisive!.rule);
    await lab.stepUntil(`${table}:${chain}:rule:${rule}`);
    const ruleStep = await lab.step();
    await page.keyboard.press('End');
    await expect(lab.fate).toHaveAttribute('data-fate', first!.fate);

    // Back to the deciding rule, then one more: the rule before it is current and did not match.
    const total = await lab.total();
    for (let i = total; i > ruleStep; i -= 1) await lab.button('Step back').click();
    await expect(lab.position).toHaveText(new RegExp(`^Step ${ruleStep} /`));
    await expect(lab.currentRule).toHaveAttribute('data-testid', `rule-${table}-${chain}-${rule}`);
    await expect(lab.fate).toHaveAttribute('data-fate', '');

    await page.keyboard.press('ArrowLeft');
    await expect(lab.currentRule).toHaveAttribute('data-testid', `rule-${table}-${chain}-${rule - 1}`);
    await expect(lab.currentRule.getByTestId('match-result').filter({ hasText: '✗' }).first()).toBeVisible();
    expect(await lab.currentNotation()).toBe(`${table}:${chain}:rule:${rule - 1}`);

    await page.keyboard.press('Home');
    await expect(lab.position).toHaveText(/^Step 1 \//);
    await expect(page.getByTestId('node-nic-in')).toBeVisible();
    await expect(lab.currentRule).toHaveCount(0);
  });

  test('clicking a trace line moves the animation there; clicking a table block opens its chain', async ({ page }) => {
    const lab = new LabPage(page);
    const { hook, table, chain } = decisive!;
    await lab.traceLine(3).click();
    await expect(lab.position).toHaveText(/^Step 4 \//);
    await expect(lab.traceLine(3)).toHaveAttribute('aria-current', 'step');

    await lab.tableBlock(hook, table).click();
    await expect(lab.chainTitle).toHaveText(`${table} / ${chain}`);
    expect(await lab.currentNotation()).toBe(`${table}:${chain}`);
    await expect(lab.tableBlock(hook, table)).toHaveAttribute('data-state', 'active');
  });

  test('Space plays and pauses', async ({ page }) => {
    const lab = new LabPage(page);
    await page.keyboard.press('Space');
    await expect(lab.button('Pause')).toBeVisible();
    await expect(lab.position).not.toHaveText(/^Step 1 \//);
    await page.keyboard.press('Space');
    await expect(lab.button('Play')).toBeVisible();
  });

  test('the engine runs in a Web Worker', async ({ page }) => {
    expect(page.workers().length).toBeGreaterThanOrEqual(1);
  });
});

test.describe('motion', () => {
  // Counts the animations started on the packet token (an animation may be over before a test could look).
  test.beforeEach(({ page }) =>
    page.addInitScript(() => {
      const w = window as unknown as { tokenGlides: number };
      w.tokenGlides = 0;
      const animate = Element.prototype.animate;
      Element.prototype.animate = function (this: Element, ...args: Parameters<Element['animate']>) {
        if (this.matches('[data-testid="packet-token"]')) w.tokenGlides += 1;
        return animate.apply(this, args);
      };
    }),
  );
  const glides = (page: import('@playwright/test').Page) =>
    page.evaluate(() => (window as unknown as { tokenGlides: number }).tokenGlides);

  test('the token glides to its next place', async ({ page }) => {
    const lab = new LabPage(page);
    await lab.open();
    await page.keyboard.press('ArrowRight');
    await expect(lab.position).toHaveText(/^Step 2 \//);
    await expect.poll(() => glides(page)).toBeGreaterThan(0);
  });

  test.describe('with prefers-reduced-motion', () => {
    test.use({ reducedMotion: 'reduce' });
    test('the token jumps instead of gliding', async ({ page }) => {
      const lab = new LabPage(page);
      await lab.open();
      await page.keyboard.press('ArrowRight');
      await page.keyboard.press('ArrowRight');
      await expect(lab.position).toHaveText(/^Step 3 \//);
      expect(await glides(page)).toBe(0);
    });
  });
});

test.describe('presenter mode', () => {
  test('P shows only the graph and the current sentence, still driven by the keys; P leaves', async ({ page }) => {
    const lab = new LabPage(page);
    await lab.open();
    await page.keyboard.press('p');
    await expect(page.getByTestId('presenter')).toBeVisible();
    await expect(page.getByTestId('chain-panel')).toHaveCount(0);
    await expect(page.getByTestId('presenter-sentence')).toContainText('arrives');
    await page.keyboard.press('ArrowRight');
    await expect(lab.position).toHaveText(/^Step 2 \//);
    await expect(page.getByTestId('presenter-sentence')).toContainText('PREROUTING');
    await page.keyboard.press('p');
    await expect(page.getByTestId('presenter')).toHaveCount(0);
    await expect(page.getByTestId('send')).toBeVisible();
    await expect(lab.position).toHaveText(/^Step 2 \//);
  });
});
