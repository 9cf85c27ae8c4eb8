// Every teaching view in Chinese and Japanese, at 1280×720 and at 1920×1080, measured for clipped text: the predict
// card, the lesson panel (with its batch table and the trace beside it), the challenges table, the Batch tab, the
// Counters and Conntrack tabs and the presenter. A text is clipped when it is wider (or, cut by its box, taller) than
// the box that shows it, or when it reaches past the box that clips it; boxes that scroll are readable and pass.
import { expect, test, type Locator, type Page } from '@playwright/test';
import { BatchPanel } from './pages/BatchPanel.ts';
import { ChallengesPanel } from './pages/ChallengesPanel.ts';
import { ConntrackPanel } from './pages/ConntrackPanel.ts';
import { CountersPanel } from './pages/CountersPanel.ts';
import { catalogText, LANGUAGE_KEY, type Language } from './pages/LanguagePicker.ts';
import { ScenarioBar } from './pages/ScenarioBar.ts';

const SIZES = [
  { width: 1280, height: 720 },
  { width: 1920, height: 1080 },
] as const;

/** The texts of `box` that are cut off, each with why (for a failure that says where to look). */
async function clippedTexts(box: Locator): Promise<string[]> {
  return box.evaluate((root) => {
    const out: string[] = [];
    const SELECTOR =
      'div, h1, h2, h3, h4, h5, p, li, span, button, label, legend, summary, td, th, caption, code, a, pre, dt, dd';
    const scrolls = (v: string) => v === 'auto' || v === 'scroll';
    /** The nearest ancestor that cuts what overflows it without scrolling, or null (one that scrolls: readable). */
    const clipper = (el: HTMLElement): HTMLElement | null => {
      for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
        const s = getComputedStyle(a);
        if (scrolls(s.overflowX) || scrolls(s.overflowY)) return null;
        if (s.overflowX !== 'visible' || s.overflowY !== 'visible') return a;
      }
      return null;
    };
    for (const el of root.querySelectorAll<HTMLElement>(SELECTOR)) {
      // Screen-reader-only text is clipped on purpose; hidden elements show nothing.
      if (el.closest('.sr-only') || el.getClientRects().length === 0) continue;
      const own = [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && (n.textContent ?? '').trim());
      if (!own) continue;
      const s = getComputedStyle(el);
      const text = (el.innerText || el.textContent || '').trim().slice(0, 80);
      if (el.clientWidth > 0 && el.scrollWidth > el.clientWidth + 1 && !scrolls(s.overflowX))
        out.push(`wider than its box: ${text}`);
      else if (el.clientHeight > 0 && el.scrollHeight > el.clientHeight + 1 && /hidden|clip/.test(s.overflowY))
        out.push(`cut at the bottom: ${text}`);
      else {
        const r = el.getBoundingClientRect();
        const c = clipper(el)?.getBoundingClientRect();
        const right = Math.min(c?.right ?? Infinity, window.innerWidth);
        if (r.right > right + 1) out.push(`past the box that clips it: ${text}`);
      }
    }
    return out;
  });
}

/** Measures `box` at each size of SIZES (one page, resized: the views are filled once), ending at the first. */
async function expectUnclipped(box: Locator, what: string): Promise<void> {
  const page = box.page();
  for (const size of [...SIZES.slice(1), SIZES[0]]) {
    await page.setViewportSize(size);
    await expect(box).toBeVisible();
    // A frame for the layout of the new size (React Flow and the virtual lists measure on resize).
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    expect(await clippedTexts(box), `${what} at ${size.width}×${size.height}`).toEqual([]);
  }
}

/** Opens the lab in `lng` with `path`, and waits for the first trace (without reading words of any language). */
async function openIn(page: Page, lng: Language, path = '/'): Promise<void> {
  await page.addInitScript(([key, value]) => localStorage.setItem(key!, value!), [LANGUAGE_KEY, lng]);
  await page.goto(path);
  await expect(page.getByTestId('step-position')).toHaveAttribute('aria-busy', 'false');
  await expect(page.getByTestId('step-position')).toHaveText(/[1-9]/);
}

// Each story opens the lab and fills two or three views: seconds when idle, several times that on a shared machine.
test.describe.configure({ timeout: 60_000 });

for (const lng of ['zh', 'ja'] as Language[]) {
  test.describe(`${lng} at 1280×720 and 1920×1080`, () => {
    test.use({ viewport: SIZES[0] });

    test('the predict card, asked and answered', async ({ page }) => {
      await openIn(page, lng);
      await new ScenarioBar(page).choose('nat-gateway');
      await page.getByTestId('predict-toggle').click();
      const card = page.getByTestId('predict-card');
      await expect(card.getByRole('heading')).toHaveText(catalogText(lng, 'predict', 'card.title'));
      await expect(page.getByTestId('predict-question')).toBeVisible();
      await expectUnclipped(card, 'predict card, asked');
      // A wrong answer shows the longest texts: what was picked, the misconception and the engine's sentence.
      await card.locator('[data-testid^="predict-choice-"]').first().click();
      await expect(page.getByTestId('predict-feedback')).toBeVisible();
      await expectUnclipped(card, 'predict card, answered');
      await expectUnclipped(page.getByRole('banner'), 'header while predicting');
    });

    test('the lesson panel with its batch table, and the trace beside it in full', async ({ page }) => {
      await openIn(page, lng, '/?lesson=kube-services&step=5');
      const sidebar = page.getByTestId('lesson-sidebar');
      await expect(page.locator('#lesson-step-title')).toHaveText(/[\u3040-\u30ff\u4e00-\u9fff]/);
      await page.getByTestId('lesson-batch-send').click();
      await expect(page.getByTestId('lesson-batch-row')).toHaveCount(3, { timeout: 40_000 });
      await expectUnclipped(sidebar, 'lesson panel');
      // The trace lines keep one height (a virtual list) and may cut a sentence; the selected step is shown in full
      // above them where the panel is narrow, and then it is not clipped.
      const position = page.getByTestId('step-position');
      const before = (await position.textContent()) ?? '';
      await page.locator('body').press('ArrowRight');
      // The trace list draws the new step a moment after the store has it: read the row once the views show it.
      await expect(position).not.toHaveText(before);
      await expect(position).toHaveAttribute('aria-busy', 'false');
      const row = page.locator('[data-testid^="trace-line-"][aria-current="step"]');
      const sentence = (await row.getByTestId('trace-sentence').getAttribute('title')) ?? '';
      expect(sentence).not.toBe('');
      const full = page.getByTestId('trace-current-full');
      if (await isNarrow(page)) {
        await expect(full).toContainText(sentence);
        // Shown only where the panel is narrow: measured at this size alone.
        expect(await clippedTexts(full), 'the selected step in full').toEqual([]);
      }
    });

    test('the lesson panel with the IPVS comparison drawn as two small diagrams', async ({ page }) => {
      await openIn(page, lng, '/?lesson=iptables-vs-ipvs&step=2');
      await expect(page.getByTestId('compare-ipvs-diagram-hook-INPUT')).toBeVisible();
      await expectUnclipped(page.getByTestId('lesson-sidebar'), 'lesson panel with the comparison');
    });

    test('the challenges table after a check, and the Batch tab with its table', async ({ page }) => {
      await openIn(page, lng);
      const challenges = new ChallengesPanel(page);
      await challenges.open();
      await challenges.entry('default-deny').click();
      await challenges.runCheck();
      await expect(challenges.check).toHaveText(catalogText(lng, 'teach', 'challenges.check'));
      await expect(challenges.rows.first()).toBeVisible();
      await expectUnclipped(challenges.panel, 'challenges');
      await expectUnclipped(page.getByRole('tablist'), 'tabs');
      await challenges.back.click();
      await new ScenarioBar(page).choose('kube-clusterip');
      const batch = new BatchPanel(page);
      await batch.open();
      await batch.start(300);
      await expect(batch.rows).toHaveCount(3, { timeout: 40_000 });
      await expectUnclipped(batch.panel, 'batch');
    });

    test('the Counters and Conntrack tabs, and the presenter', async ({ page }) => {
      await openIn(page, lng);
      await new ScenarioBar(page).choose('port-forward');
      const counters = new CountersPanel(page);
      await counters.open();
      await expect(counters.reset).toHaveText(catalogText(lng, 'teach', 'counters.reset'));
      await expectUnclipped(counters.panel, 'counters');
      const conntrack = new ConntrackPanel(page);
      await conntrack.open();
      await expect(conntrack.entries).toHaveCount(1);
      await expectUnclipped(conntrack.panel, 'conntrack');
      await page.getByTestId('present').click();
      const presenter = page.getByTestId('presenter');
      await expect(presenter).toBeVisible();
      await page.locator('body').press('ArrowRight');
      await page.locator('body').press('ArrowRight');
      await expectUnclipped(presenter, 'presenter');
    });
  });
}

/** Is the trace panel narrow enough that its selected step is also shown in full above the lines? */
async function isNarrow(page: Page): Promise<boolean> {
  const width = await page
    .getByRole('region')
    .filter({ has: page.locator('[data-testid^="trace-line-"]') })
    .evaluate((el) => el.clientWidth);
  return width < 600;
}

test('with a lesson open at 1280×720 the selected trace step reads in full above the lines', async ({ page }) => {
  await page.goto('/?lesson=kube-services&step=1');
  await expect(page.getByTestId('step-position')).toHaveAttribute('aria-busy', 'false');
  await page.locator('[data-testid^="trace-line-"]', { hasText: 'nat:KUBE-SERVICES' }).first().click();
  const row = page.locator('[data-testid^="trace-line-"][aria-current="step"]');
  // The list marks the clicked line a moment after the store has the step: read it once it does.
  await expect(row).toContainText('nat:KUBE-SERVICES');
  const sentence = row.getByTestId('trace-sentence');
  // The line itself cuts the sentence (its tooltip has it), and the measure of the views above says so; the box
  // above has it whole, wrapped.
  expect((await clippedTexts(row)).join('\n')).toContain('wider than its box');
  const full = page.getByTestId('trace-current-full');
  await expect(full).toContainText((await sentence.getAttribute('title')) ?? '–');
  await expect(full).toContainText('nat:KUBE-SERVICES');
  expect(await clippedTexts(full)).toEqual([]);
});
