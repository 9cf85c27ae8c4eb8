// The built app runs under a strict Content-Security-Policy (build/contentSecurityPolicy.ts): no inline script,
// no eval, nothing from another origin. The policy is in force (an injected inline script does not run), and the
// app does everything it does without a single violation report.
import { expect, test, type Page } from '@playwright/test';
import { LabPage } from './pages/LabPage.ts';
import { VIEWS, showView } from './pages/views.ts';

type Violated = { directive: string; blocked: string; sample: string };

async function watchViolations(page: Page): Promise<void> {
  // An init script is run by the browser itself, not by the page: the policy does not apply to it.
  await page.addInitScript(() => {
    const seen: Violated[] = [];
    (window as unknown as { __csp: Violated[] }).__csp = seen;
    document.addEventListener('securitypolicyviolation', (e) =>
      seen.push({ directive: e.effectiveDirective, blocked: e.blockedURI, sample: e.sample }),
    );
  });
}

const violations = (page: Page) => page.evaluate(() => (window as unknown as { __csp: Violated[] }).__csp);

test('the policy is in force: an injected inline script, an inline handler and eval do not run', async ({ page }) => {
  await watchViolations(page);
  await new LabPage(page).open();
  const policy = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  expect(policy).toContain("script-src 'self'");
  await page.evaluate(() => {
    const script = document.createElement('script');
    script.textContent = 'window.__ran = "inline"';
    document.body.append(script);
    const img = document.createElement('img');
    img.setAttribute('onerror', 'window.__ran = "handler"');
    img.src = 'data:,x';
    document.body.append(img);
    const s2 = document.createElement('script');
    s2.src = 'data:text/javascript,window.__ran="data"';
    document.body.append(s2);
  });
  await expect.poll(async () => (await violations(page)).length).toBeGreaterThanOrEqual(2);
  expect(await page.evaluate(() => (window as unknown as { __ran?: string }).__ran)).toBeUndefined();
  // eval from page code (not from the test's CDP channel, which the policy does not cover).
  const evalBlocked = await page.evaluate(
    () =>
      new Promise<boolean>((resolve) => {
        try {
          setTimeout('window.__ran = "eval"', 0);
        } catch {
          resolve(true);
        }
        setTimeout(() => resolve((window as unknown as { __ran?: string }).__ran === undefined), 100);
      }),
  );
  expect(evalBlocked).toBe(true);
});

for (const view of VIEWS) {
  test(`the ${view} view works under the policy without one violation`, async ({ page }) => {
    await watchViolations(page);
    await new LabPage(page).open();
    await showView(page, view);
    expect(await violations(page)).toEqual([]);
  });
}

test('autosave (its own deflate worker) and Copy link work under the policy without one violation', async ({
  page,
}) => {
  await watchViolations(page);
  await new LabPage(page).open();
  await showView(page, 'editor');
  await page.getByTestId('rules-editor').locator('.cm-line').first().click();
  await page.keyboard.type('# under the policy');
  await expect.poll(() => page.evaluate(() => localStorage.getItem('netfilter-lab:autosave') ?? '')).toMatch(/^v2\./);
  await page.getByTestId('copy-link').click();
  await expect(page.getByTestId('share-status')).toBeVisible();
  expect(await violations(page)).toEqual([]);
});
