// Links the user did not write: every kind of bad link is refused with a sentence that says what is wrong, the
// lab stays usable, and the user's own work is neither replaced nor lost — whether the link is opened or pasted
// into an open tab. A link full of markup renders as text.
import { expect, test } from '@playwright/test';
import { goodLink, hostileLinks, sampleState, XSS } from './fixtures/links.ts';
import { LabPage } from './pages/LabPage.ts';
import { makeOwnWork, MY_LINE } from './pages/ownWork.ts';

for (const link of hostileLinks()) {
  test(`a bad link (${link.name}) is refused in words, opened or pasted, and the work is kept`, async ({ page }) => {
    // Four page loads and two edits in one story: slow on a shared machine.
    test.slow();
    const editor = await makeOwnWork(page);
    const lab = new LabPage(page);
    const status = page.getByTestId('share-status');

    // A new page load (from '/' itself, a fragment-only goto would not reload).
    await page.goto('about:blank');
    await page.goto(`/#${link.fragment}`);
    await expect(status).toHaveAttribute('data-link-error', link.error);
    await expect(status).toContainText('The lab opened your last work instead.');
    await expect(status).toBeInViewport({ ratio: 1 });
    await lab.traced();
    await lab.button('Step forward').click();
    await expect(lab.position).toHaveText(/^Step 2 \//);
    await editor.open();
    await expect(editor.content.locator('.cm-line').first()).toHaveText(MY_LINE);

    // The same link pasted into the address bar of the open tab.
    await status.getByRole('button', { name: 'Close' }).click();
    // Cleared first: the address bar may still hold this very fragment, and setting it again is no change.
    await page.evaluate(() => (window.location.hash = ''));
    await page.evaluate((f) => (window.location.hash = f), link.fragment);
    await expect(status).toHaveAttribute('data-link-error', link.error);
    await expect(status).toContainText('Nothing was changed');
    await expect(editor.content.locator('.cm-line').first()).toHaveText(MY_LINE);

    // And the autosaved work is still the user's after a reload without the link.
    await page.goto('/');
    await editor.open();
    await expect(editor.content.locator('.cm-line').first()).toHaveText(MY_LINE);
  });
}

test('a valid link asking for a step far past the end opens at the last step (no hang)', async ({ page }) => {
  const lab = new LabPage(page);
  const far = goodLink({ ...sampleState, view: { ...sampleState.view, stepIndex: 9_999_999 } });
  await page.goto(`/#${far}`);
  await expect(lab.position).toHaveAttribute('aria-busy', 'false');
  const total = await lab.total();
  expect(total).toBeGreaterThan(1);
  await expect(lab.position).toHaveText(`Step ${total} / ${total}`);
});

test('markup in every text field of a link renders as text and never runs', async ({ page }) => {
  const lab = new LabPage(page);
  const hostile = structuredClone(sampleState);
  hostile.scenario.title = XSS;
  hostile.scenario.teaching = [XSS];
  hostile.scenario.rules = hostile.scenario.rules.replace(
    '-j ACCEPT',
    `-m comment --comment "${XSS.replaceAll('"', "'")}" -j ACCEPT`,
  );
  hostile.scenario.packets[0]!.label = XSS;
  hostile.scenario.host.interfaces[0]!.name = 'eth0';
  await page.goto(`/#${goodLink(hostile)}`);
  await lab.traced();
  await expect(page.getByText(XSS).first()).toBeAttached();
  await lab.page.getByTestId('tab-rules').click();
  await lab.button('End').click();
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  expect(await page.locator('img[src="x"], body script:not([src])').count()).toBe(0);
});
