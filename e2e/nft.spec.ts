// nftables in the lab, in each language: a pasted `nft list ruleset` with two tables on the input hook is traced (the
// graph lists both base chains by priority, the trace says the first accept ended only one base chain and the second
// dropped the packet), shared by link and reopened with the same ruleset and step, all of it unclipped at 1280×720.
import { expect, test, type Browser, type Page } from '@playwright/test';
import { LanguagePicker, catalogText, type Language } from './pages/LanguagePicker.ts';
import { LabPage } from './pages/LabPage.ts';
import { RulesEditorPanel } from './pages/RulesEditorPanel.ts';

// The default scenario's first packet is an SSH connection to this host: the first table accepts it, the second,
// registered later on the same hook (priority 10), drops it.
const RULESET = `table inet filter {
\tchain input {
\t\ttype filter hook input priority filter; policy accept;
\t\ttcp dport 22 accept
\t}
}
table ip guard {
\tchain input {
\t\ttype filter hook input priority 10; policy accept;
\t\ttcp dport 22 counter packets 0 bytes 0 drop
\t}
}
`;

async function traced(page: Page): Promise<void> {
  const position = page.getByTestId('step-position');
  await expect(position).toHaveAttribute('aria-busy', 'false');
  await expect(position).toHaveText(/[1-9]/);
}

/** The words of a catalog sentence before its first placeholder. */
const lead = (lng: Language, key: string) => catalogText(lng, 'nftlab', key).split('{{')[0]!.trim();

async function toEnd(page: Page, lng: Language): Promise<void> {
  await page.getByRole('button', { name: catalogText(lng, 'ui', 'controls.end'), exact: true }).click();
  await expect(new LabPage(page).fate).toHaveAttribute('data-fate', 'dropped');
}

/** Both base chains at INPUT, in priority order, each with its priority, nothing clipped. */
async function expectTwoBaseChains(page: Page): Promise<void> {
  const first = page.getByTestId('nftstop-INPUT-inet-filter-input');
  const second = page.getByTestId('nftstop-INPUT-ip-guard-input');
  await expect(first).toHaveAttribute('data-priority', '0');
  await expect(second).toHaveAttribute('data-priority', '10');
  await expect(first.getByTestId('base-priority')).toContainText('0');
  await expect(second.getByTestId('base-priority')).toContainText('10');
  const [a, b] = [await first.boundingBox(), await second.boundingBox()];
  expect(a!.y).toBeLessThan(b!.y);
  for (const row of [first, second]) {
    await expect(row).toBeInViewport({ ratio: 0.99 });
    const clipped = await row
      .locator('span')
      .first()
      .evaluate((el) => el.scrollWidth > el.clientWidth);
    expect(clipped, 'the table name fits its row').toBe(false);
  }
}

async function fitsOnScreen(page: Page): Promise<void> {
  const noScroll = await page.evaluate(() => ({
    x: document.documentElement.scrollWidth <= window.innerWidth,
    y: document.documentElement.scrollHeight <= window.innerHeight,
  }));
  expect(noScroll).toEqual({ x: true, y: true });
}

async function newPage(browser: Browser, lng: Language): Promise<Page> {
  const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 720 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const page = await context.newPage();
  await LanguagePicker.remember(page, lng);
  return page;
}

/** Opens the lab, pastes the ruleset into the rules editor and goes back to the trace, at its end. */
async function pasteAndTrace(page: Page, lng: Language): Promise<void> {
  await page.goto('/');
  await traced(page);
  const editor = new RulesEditorPanel(page);
  await editor.open();
  await editor.replaceAll(RULESET);
  await expect(page.getByTestId('nftstop-INPUT-ip-guard-input')).toBeVisible();
  await traced(page);
  await expect(page.getByTestId('edit-iptablesRules')).toBeVisible();
  await page.getByTestId('tab-trace').click();
  await toEnd(page, lng);
}

const acceptLine = (page: Page, lng: Language) =>
  page.locator(`[data-testid^="trace-line-"] span[title*="${lead(lng, 'trace.acceptNextNft')}"]`);

for (const lng of ['en', 'zh', 'ja'] as const) {
  test(`${lng}: a pasted nft ruleset is traced through two base chains on one hook`, async ({ browser }, info) => {
    const page = await newPage(browser, lng);
    await pasteAndTrace(page, lng);
    await expectTwoBaseChains(page);
    await expect(acceptLine(page, lng)).toHaveCount(1);
    await expect(acceptLine(page, lng)).toContainText('inet filter input');
    const shot = info.outputPath(`nft-${lng}-1280x720.png`);
    await page.screenshot({ path: shot });
    await info.attach(`nft ${lng}`, { path: shot, contentType: 'image/png' });
    await fitsOnScreen(page);
    await page.context().close();
  });

  test(`${lng}: the traced nft ruleset is shared by link and reopens at the same step`, async ({ browser }) => {
    const page = await newPage(browser, lng);
    await pasteAndTrace(page, lng);
    const position = await page.getByTestId('step-position').innerText();
    await page.getByTestId('copy-link').click();
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toMatch(/#v2\./);
    const link = await page.evaluate(() => navigator.clipboard.readText());
    await page.context().close();

    const other = await newPage(browser, lng);
    await other.goto(link);
    await traced(other);
    await expect(other.getByTestId('step-position')).toHaveText(position);
    await expect(new LabPage(other).fate).toHaveAttribute('data-fate', 'dropped');
    await expectTwoBaseChains(other);
    await expect(acceptLine(other, lng)).toHaveCount(1);
    await fitsOnScreen(other);
    await other.context().close();
  });
}
