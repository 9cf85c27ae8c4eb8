// The lecture hall (issue #10, point 8): presenter mode driven by the keyboard alone at 1280×720 — the rule being
// evaluated, the NAT rewrite, a light and a dark theme, the pointer highlight — and everything on it stays on screen.
import { expect, test, type Locator, type Page } from '@playwright/test';
import { LabPage } from './pages/LabPage.ts';

// Each story opens a scenario, traces it and mounts the diagram twice (lab, then presenter): seconds when idle, far
// longer on a shared machine under load (measured: over 30 s at a load average of 21 on 2 cores).
test.slow();

/** The element lies inside the 1280×720 viewport and nothing in it is cut off sideways. */
async function expectOnScreen(page: Page, el: Locator): Promise<void> {
  const box = await el.boundingBox();
  expect(box).not.toBeNull();
  const { width, height } = page.viewportSize()!;
  expect(box!.x).toBeGreaterThanOrEqual(0);
  expect(box!.y).toBeGreaterThanOrEqual(0);
  expect(box!.x + box!.width).toBeLessThanOrEqual(width + 0.5);
  expect(box!.y + box!.height).toBeLessThanOrEqual(height + 0.5);
  expect(await el.evaluate((e) => e.scrollWidth <= e.clientWidth + 1)).toBe(true);
}

/** In the lab view, shows the trace line that reads `sentence` (a click on the line: the setup, not the test). */
async function showLine(page: Page, notation: string, sentence: RegExp): Promise<void> {
  const line = page.locator('[data-testid^="trace-line-"]').filter({ hasText: notation }).filter({ hasText: sentence });
  await line.first().click();
  await expect(line.first()).toHaveAttribute('aria-current', 'step');
  // The click must leave the keys to the lab: nothing keeps the focus.
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
}

test('presenter mode by keyboard alone at 1280×720: the rule being evaluated and the NAT rewrite, on screen', async ({
  page,
}) => {
  expect(page.viewportSize()).toEqual({ width: 1280, height: 720 });
  const lab = new LabPage(page);
  await lab.open();
  await lab.chooseScenario('port-forward');

  await showLine(page, 'nat:PREROUTING:rule:1', /DNAT/);
  const at = await lab.step();

  // From here on, only keys: P, the arrows, T and L.
  await page.keyboard.press('p');
  const presenter = page.getByTestId('presenter');
  await expect(presenter).toBeVisible();
  await expect(presenter).toHaveAttribute('data-theme', 'light');
  await expect(page.getByTestId('presenter-notation')).toHaveText('nat:PREROUTING:rule:1');

  // The DNAT rule: its text as iptables-save prints it, beside the sentence.
  const rule = page.getByTestId('presenter-rule');
  await expect(rule).toContainText('-j DNAT --to-destination 192.168.1.20:80');
  await expect(rule).toContainText('PREROUTING');
  await expectOnScreen(page, rule);

  // One step on: the rewrite, before and after, in large type and whole.
  await page.keyboard.press('ArrowRight');
  await expect(lab.position).toHaveText(new RegExp(`^Step ${at + 1} /`));
  await expect(page.getByTestId('presenter-notation')).toHaveText('nat:PREROUTING');
  const diff = presenter.getByTestId('nat-diff');
  await expect(diff).toBeVisible();
  await expect(diff.locator('tr[data-changed="true"]').first()).toContainText('192.168.1.20');
  await expectOnScreen(page, diff);
  await expectOnScreen(page, page.getByTestId('presenter-caption'));
  // The diagram keeps most of the screen's height.
  expect((await presenter.locator('.lab-graph').boundingBox())!.height).toBeGreaterThan(300);

  // Stepping back is exact, and P leaves at the same step.
  await page.keyboard.press('ArrowLeft');
  await expect(lab.position).toHaveText(new RegExp(`^Step ${at} /`));
  await expect(rule).toBeVisible();
  await page.keyboard.press('p');
  await expect(presenter).toHaveCount(0);
  await expect(lab.position).toHaveText(new RegExp(`^Step ${at} /`));
});

test('presenter mode by keyboard alone: T switches the dark theme, L the pointer highlight', async ({ page }) => {
  const lab = new LabPage(page);
  await lab.open();
  await page.keyboard.press('p');
  const presenter = page.getByTestId('presenter');
  await expect(presenter).toHaveAttribute('data-theme', 'light');

  // T: the dark theme; L: the pointer highlight follows the mouse.
  await page.keyboard.press('t');
  await expect(presenter).toHaveAttribute('data-theme', 'dark');
  await expect(page.getByRole('button', { name: /Dark/ })).toHaveAttribute('aria-pressed', 'true');
  const caption = page.getByTestId('presenter-caption');
  const [fg, bg] = await caption.evaluate((e) => [getComputedStyle(e).color, getComputedStyle(e).backgroundColor]);
  expect(fg).toBe('rgb(255, 255, 255)');
  expect(bg).not.toBe('rgb(255, 255, 255)');
  await page.keyboard.press('l');
  const ring = page.getByTestId('pointer-highlight');
  await expect(ring).toBeAttached();
  await page.mouse.move(400, 200);
  await expect(ring).toHaveCSS('opacity', '1');
  await page.keyboard.press('l');
  await expect(ring).toHaveCount(0);
  await page.keyboard.press('t');
  await expect(presenter).toHaveAttribute('data-theme', 'light');
  // The keys still step in either theme.
  await page.keyboard.press('ArrowRight');
  await expect(lab.position).toHaveText(/^Step 2 \//);
});

test('a reply un-NATed in presenter mode says that conntrack undoes the first packet’s NAT', async ({ page }) => {
  const lab = new LabPage(page);
  await lab.open();
  await lab.chooseScenario('port-forward');
  await page.getByTestId('packet-picker').selectOption('1');
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await showLine(page, 'nat:POSTROUTING', /Conntrack undoes/);
  await page.keyboard.press('p');
  await expect(page.getByTestId('presenter-notation')).toHaveText('nat:POSTROUTING');
  await expect(page.getByTestId('presenter-sentence')).toContainText(
    "Conntrack undoes the NAT of connection #1's first packet",
  );
  await expect(page.getByTestId('presenter-sentence')).toContainText('(DNAT)');
  await expectOnScreen(page, page.getByTestId('presenter').getByTestId('nat-diff'));
});
