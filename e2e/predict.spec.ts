// Predict mode (issue #10, point 1): the trace stays hidden until the student answers; a right answer shows the
// engine's own explanation, a wrong one names what was picked (never the answer again: the ✓ marks it) and the likely
// misconception; the score is kept; a link opens straight into the mode; Chinese and Japanese fit at 1280×720; axe finds
// nothing serious.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { decodeShare, type SharedState } from '../src/share/codec.ts';
import { goodLink, sampleState } from './fixtures/links.ts';
import { LabPage } from './pages/LabPage.ts';
import { catalogText, LANGUAGE_KEY, type Language } from './pages/LanguagePicker.ts';
import { ScenarioBar } from './pages/ScenarioBar.ts';

class PredictCard {
  readonly toggle: Locator;
  readonly card: Locator;
  readonly question: Locator;
  readonly feedback: Locator;
  readonly verdict: Locator;
  readonly pickedMatch: Locator;
  readonly misconception: Locator;
  readonly explanation: Locator;
  readonly score: Locator;
  readonly next: Locator;

  constructor(readonly page: Page) {
    this.toggle = page.getByTestId('predict-toggle');
    this.card = page.getByTestId('predict-card');
    this.question = page.getByTestId('predict-question');
    this.feedback = page.getByTestId('predict-feedback');
    this.verdict = page.getByTestId('predict-verdict');
    this.pickedMatch = page.getByTestId('predict-picked-match');
    this.misconception = page.getByTestId('predict-misconception');
    this.explanation = page.getByTestId('predict-explanation');
    this.score = page.getByTestId('predict-score');
    this.next = page.getByTestId('predict-next');
  }

  choice(name: string): Locator {
    return this.card.getByRole('group').getByRole('button', { name });
  }
}

const traceLines = (page: Page) => page.locator('[data-testid^="trace-line-"]');

/** A built-in scenario as a link that opens in predict mode (one page load, one trace: quick on a busy machine). */
function predictLink(id: string): string {
  const dir = fileURLToPath(new URL(`../src/scenarios/${id}/`, import.meta.url));
  const file = JSON.parse(readFileSync(`${dir}scenario.json`, 'utf8')) as SharedState['scenario'];
  const scenario: SharedState['scenario'] = {
    id,
    title: file.title,
    summary: file.summary,
    teaching: file.teaching,
    rules: readFileSync(`${dir}rules.txt`, 'utf8'),
    host: file.host,
    seed: file.seed,
    packets: file.packets.map(({ label, ...packet }) => ({ ...packet, ...(label ? { label } : {}) })),
  };
  for (const p of scenario.packets) delete (p as { expect?: unknown }).expect;
  return goodLink({ scenario, view: { packetIndex: 0, stepIndex: 0, tableOrder: 'nft', predict: true } });
}

/** Opens a scenario (custom-chains unless told) in predict mode, at its first question. */
async function startPredicting(
  page: Page,
  id = 'custom-chains',
  lng: Language = 'en',
): Promise<{ lab: LabPage; predict: PredictCard }> {
  if (lng !== 'en')
    await page.addInitScript(([key, value]) => localStorage.setItem(key, value), [LANGUAGE_KEY, lng] as const);
  await page.goto(`/#${predictLink(id)}`);
  const lab = new LabPage(page);
  const predict = new PredictCard(page);
  await expect(predict.toggle).toHaveAttribute('aria-pressed', 'true');
  await expect(predict.question).toBeVisible();
  return { lab, predict };
}

test('predict: the trace stays hidden until answered; a right answer is explained and scored', async ({ page }) => {
  const { lab, predict } = await startPredicting(page);
  // The first decision is routing: only the arrival and the PREROUTING hook are shown, no fate, no later line.
  await expect(predict.question).toHaveText('The routing decision for 10.0.1.1: where does the packet go?');
  await expect(lab.position).toHaveText(/^Step [12] \/ 2$/);
  await expect(traceLines(page)).toHaveCount(2);
  await expect(lab.fate).toHaveAttribute('data-fate', '');
  // Labels are neutral while predicting: the picker shows the tuple, not "Web visitor".
  await expect(page.getByTestId('packet-picker').locator('option').first()).toHaveText(/^#1 tcp /);
  await expect(predict.score).toHaveText('Score for this scenario: 0 / 0');

  // A right answer: "Right!" and the engine's own sentence for the routing step, now revealed.
  await predict.choice('To a local process (INPUT)').click();
  await expect(predict.feedback).toHaveAttribute('data-right', 'true');
  await expect(predict.feedback).toContainText('Right!');
  await expect(predict.explanation).toContainText(
    "10.0.1.1 is one of this host's addresses: the packet is for a local process (INPUT).",
  );
  await expect(traceLines(page)).toHaveCount(3);
  await expect(lab.position).toHaveText('Step 3 / 3');
  await expect(predict.score).toHaveText('Score for this scenario: 1 / 1');
});

test('predict: after an answer, Next plays on to the next decision and stops before it', async ({ page }) => {
  const { lab, predict } = await startPredicting(page);
  // The fastest playback: the eight steps up to the next question play in about a second.
  await page.getByRole('combobox', { name: 'Speed' }).selectOption('4');
  await predict.choice('To a local process (INPUT)').click();
  await expect(lab.position).toHaveText('Step 3 / 3');
  await predict.next.click();
  await expect(predict.question).toHaveText(
    'The packet leaves filter BLOCKLIST (a RETURN, or the chain ran out). Where does it go on?',
  );
  await expect(lab.position).toHaveText('Step 11 / 11');
  await expect(lab.fate).toHaveAttribute('data-fate', '');
});

test('predict: a wrong answer names the misconception and counts in the score; reveal all shows the rest', async ({
  page,
}) => {
  const { lab, predict } = await startPredicting(page);
  // This host does not forward (ip_forward off): a student who expects FORWARD is told why not.
  await predict.choice('Forwarded out of eth0 (FORWARD)').click();
  await expect(predict.feedback).toHaveAttribute('data-right', 'false');
  // The ✓ marks what the packet did (and says so to a screen reader): the feedback names the pick, not the answer.
  await expect(predict.verdict).toHaveText(
    'Not quite: you predicted “Forwarded out of eth0 (FORWARD)”; ✓ marks what the packet did.',
  );
  await expect(predict.feedback).not.toContainText('To a local process (INPUT)');
  await expect(predict.card.locator('[data-right="true"]')).toHaveAccessibleName(
    'What the packet did: To a local process (INPUT)',
  );
  await expect(predict.misconception).toHaveText(
    'With IP forwarding off, a packet that is not for this host is dropped by routing, never forwarded.',
  );
  await expect(predict.explanation).toContainText("10.0.1.1 is one of this host's addresses");
  await expect(predict.score).toHaveText('Score for this scenario: 0 / 1');

  // Reveal all, the escape hatch: the whole trace and its fate.
  await page.getByTestId('predict-reveal-all').click();
  await expect(lab.fate).toHaveAttribute('data-fate', 'delivered');
  await expect(traceLines(page).last()).toContainText('fate');
});

for (const lng of ['en', 'zh', 'ja'] as Language[]) {
  test(`predict in ${lng}: a wrong answer's feedback names the pick, not the answer the ✓ already marks`, async ({
    page,
  }) => {
    const { predict } = await startPredicting(page, 'reject-vs-drop', lng);
    const say = (key: string, params: Record<string, string> = {}) =>
      Object.entries(params).reduce((text, [k, v]) => text.replace(`{{${k}}}`, v), catalogText(lng, 'predict', key));
    const choice = (words: string) => predict.card.getByRole('group').getByRole('button', { name: words });
    /** Picks `wrong`; the feedback names it and never the right choice's words, which the ✓ choice carries. */
    const answerWrong = async (wrong: string, right: string) => {
      await choice(wrong).click();
      await expect(predict.feedback).toHaveAttribute('data-right', 'false');
      await expect(predict.verdict).toHaveText(say('card.wrong', { picked: wrong }));
      await expect(predict.misconception).toBeVisible();
      await expect(predict.explanation).toBeVisible();
      await expect(predict.feedback).not.toContainText(right);
      await expect(predict.card.locator('[data-right="true"]')).toContainText(right);
    };
    await page.getByRole('combobox', { name: catalogText(lng, 'ui', 'controls.speed') }).selectOption('4');
    // Routing: the telnet SYN is for this host.
    await expect(predict.question).toHaveText(say('question.routeIn', { dst: '10.0.1.1' }));
    await answerWrong(say('choice.routeDrop'), say('choice.routeLocal'));
    await expect(predict.pickedMatch).toHaveCount(0);
    await predict.next.click();
    // Rule 1 (-p tcp -m tcp --dport 23 -j DROP) matches. Picking "-p tcp fails first" brings the engine's finding on
    // that match: it held.
    await expect(predict.question).toHaveText(say('question.rule', { index: '1', table: 'filter', chain: 'INPUT' }));
    await answerWrong(say('choice.fails', { match: '-p tcp' }), say('choice.matchesTarget', { target: 'DROP' }));
    await expect(predict.pickedMatch).toHaveText(
      `${say('card.pickedMatch', { match: '-p tcp' })}: ${catalogText(lng, 'match', 'generic.proto.is').replace('{{want}}', 'tcp')}`,
    );
  });
}

/** Opens nft-two-tables in predict mode at its fastest speed; `answer` picks a choice and waits for the verdict. */
async function startNftTwoTables(page: Page) {
  const { predict } = await startPredicting(page, 'nft-two-tables');
  await page.getByRole('combobox', { name: 'Speed' }).selectOption('4');
  const answer = async (question: string | RegExp, choice: string, right: boolean) => {
    await expect(predict.question).toHaveText(question);
    await predict.choice(choice).click();
    await expect(predict.feedback).toHaveAttribute('data-right', String(right));
  };
  /** The web request's first three questions (conntrack, routing, the set { 22, 80 }), each answered right. */
  const upToTheSetLookup = async () => {
    await answer('Which state does conntrack give this packet?', 'NEW', true);
    await predict.next.click();
    await answer(/^The routing decision for 10\.0\.1\.1/, 'To a local process (INPUT)', true);
    await predict.next.click();
    await answer(
      'Rule 3 of inet filter input looks tcp dport (80) up in the set {…}. Is it in the set?',
      'Yes: {…} holds it, and the rule goes on',
      true,
    );
  };
  return { predict, answer, upToTheSetLookup };
}

test('predict on nftables (nft-two-tables), part 1: a right prediction of a set lookup', async ({ page }) => {
  // Three questions, each played up to: 15 s when idle, 45 s on the shared machine at a load average of 20.
  test.setTimeout(90_000);
  const { predict, upToTheSetLookup } = await startNftTwoTables(page);
  await upToTheSetLookup();
  await expect(predict.feedback).toContainText('Right!');
  await expect(predict.explanation).toBeVisible();
  await expect(predict.score).toHaveText('Score for this scenario: 3 / 3');
});

test('predict on nftables (nft-two-tables), part 2: a wrong "accept is final" names the next base chain', async ({
  page,
}) => {
  // Four questions, each played up to: 25 s when idle, 45 s on the shared machine at a load average of 20.
  test.setTimeout(90_000);
  const { predict, answer, upToTheSetLookup } = await startNftTwoTables(page);
  await upToTheSetLookup();
  await predict.next.click();
  // accept in one base chain is not final: inet guard input (priority filter + 10) still sees the packet.
  await answer(
    'Rule 3 of inet filter input (a base chain) accepted the packet. What does it meet next?',
    'Nothing more at this hook: the accept is final',
    false,
  );
  await expect(predict.verdict).toHaveText(
    'Not quite: you predicted “Nothing more at this hook: the accept is final”; ✓ marks what the packet did.',
  );
  await expect(predict.card.locator('[data-right="true"]')).toHaveText(/inet guard input/);
  await expect(predict.misconception).toHaveText(
    'accept ends only this base chain: the next base chain at the same hook (by priority, in any table) still sees the packet, and can drop it.',
  );
  await expect(predict.explanation).toBeVisible();
  await expect(predict.score).toHaveText('Score for this scenario: 3 / 4');
});

test('predict: labels are neutral in the Packets tab, and no row tells how its packet ended', async ({ page }) => {
  await startPredicting(page, 'host-firewall');
  await page.getByTestId('tab-packets').click();
  const rows = page.locator('[data-testid^="packet-row-"]');
  await expect(rows).toHaveCount(6);
  await expect(page.getByTestId('packet-builder')).not.toContainText('not allowed');
  await expect(page.locator('[data-testid^="packet-outcome-"]')).toHaveCount(0);
  await expect(rows.nth(4)).toContainText('5. Packet');
  // The form's label field neither shows the label nor lets typing overwrite it unseen.
  await page.getByTestId('packet-select-4').click();
  await expect(page.getByTestId('packet-label')).toHaveValue('');
  await expect(page.getByTestId('packet-label')).not.toBeEditable();
  await expect(page.getByTestId('packet-picker').locator('option').nth(4)).not.toContainText('not allowed');
  // Predict off: the labels and the outcomes come back.
  await page.getByTestId('predict-toggle').click();
  await expect(page.getByTestId('packet-builder')).toContainText('not allowed');
  await expect(page.getByTestId('packet-outcome-4')).toBeVisible();
});

test('predict: a link opens straight into predict mode', async ({ page }) => {
  const fragment = goodLink({ ...sampleState, view: { ...sampleState.view, predict: true } });
  await page.goto(`/#${fragment}`);
  const predict = new PredictCard(page);
  await expect(predict.toggle).toHaveAttribute('aria-pressed', 'true');
  await expect(predict.question).toBeVisible();
  await expect(new LabPage(page).fate).toHaveAttribute('data-fate', '');
});

test('predict: the share button writes a link that opens in predict mode', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const lab = new LabPage(page);
  await lab.open('/');
  await new PredictCard(page).toggle.click();
  const link = await new ScenarioBar(page).copy();
  // Read with the lab's own codec: the view carries predict mode (the test above opens such a link).
  const decoded = decodeShare(link.split('#')[1] ?? '');
  expect(decoded.ok && decoded.state.view.predict).toBe(true);
});

/** Text cut off inside its box (a word that does not fit, or a line that overflows). */
async function expectUnclipped(box: Locator): Promise<void> {
  const clipped = await box.evaluate((el) => {
    const out: string[] = [];
    for (const node of el.querySelectorAll<HTMLElement>('button, label, p, h2, span, code')) {
      if (node.closest('.sr-only')) continue;
      if (node.scrollWidth > node.clientWidth + 1 && getComputedStyle(node).overflowX !== 'auto')
        out.push(node.innerText);
    }
    return out;
  });
  expect(clipped).toEqual([]);
}

for (const lng of ['zh', 'ja'] as Language[]) {
  test(`predict in ${lng}: translated and not clipped at 1280×720`, async ({ page }) => {
    await page.addInitScript(([key, value]) => localStorage.setItem(key, value), [LANGUAGE_KEY, lng] as const);
    await page.goto('/');
    await expect(page.getByTestId('step-position')).toHaveAttribute('aria-busy', 'false');
    await new ScenarioBar(page).choose('custom-chains');
    const predict = new PredictCard(page);
    await expect(predict.toggle).toContainText(catalogText(lng, 'predict', 'toggle'));
    await predict.toggle.click();
    await expect(predict.card.getByRole('heading')).toHaveText(catalogText(lng, 'predict', 'card.title'));
    await expectUnclipped(predict.card);
    // A wrong answer shows the longest texts: what was picked, the misconception and the engine's sentence.
    await predict.card.getByRole('group').getByRole('button').first().click();
    await expect(predict.feedback).toBeVisible();
    await expectUnclipped(predict.card);
    await expectUnclipped(page.getByRole('banner'));
    // The header stays on one line: every control's top within a few pixels of the first one's.
    const tops = await page
      .getByRole('banner')
      .evaluate((el) =>
        [...el.querySelectorAll<HTMLElement>('button, select')]
          .filter((n) => n.offsetParent !== null)
          .map((n) => n.getBoundingClientRect().top),
      );
    expect(Math.max(...tops) - Math.min(...tops)).toBeLessThan(8);
  });
}

test('predict: axe finds no serious or critical violation while a question is answered', async ({ page }) => {
  test.setTimeout(90_000);
  const lab = new LabPage(page);
  await lab.open('/');
  await new ScenarioBar(page).choose('nat-gateway');
  const predict = new PredictCard(page);
  await predict.toggle.click();
  await expect(predict.question).toBeVisible();
  // Answered: the card at its fullest (the question, the choices marked right and wrong, the feedback, Next).
  await predict.card.getByRole('group').getByRole('button').first().click();
  await expect(predict.feedback).toBeVisible();
  const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
  const serious = violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`);
  expect(serious).toEqual([]);
});
