// What the screenshots showed wrong in the traces and charts, in English, Chinese and Japanese: the nftables trace
// lines where the packet enters a chain had no sentence and all looked alike; the Scale charts' legends read "--".
import { expect, test, type Page } from '@playwright/test';
import { LabPage } from './pages/LabPage.ts';
import { catalogText, LANGUAGE_KEY, type Language } from './pages/LanguagePicker.ts';
import { SCALE_CHARTS, ScalePanel } from './pages/ScalePanel.ts';
import { ScenarioBar } from './pages/ScenarioBar.ts';

const LANGUAGES: Language[] = ['en', 'zh', 'ja'];

async function openIn(page: Page, lng: Language): Promise<void> {
  await page.addInitScript(([key, value]) => localStorage.setItem(key!, value!), [LANGUAGE_KEY, lng]);
  await page.goto('/');
  await expect(page.getByTestId('step-position')).toHaveAttribute('aria-busy', 'false');
  await expect(page.getByTestId('step-position')).toHaveText(/[1-9]/);
}

/** A catalog sentence with its placeholders filled, as i18next fills them. */
function sentence(lng: Language, key: string, params: Record<string, string | number>): string {
  let text = catalogText(lng, 'nftlab', key);
  for (const [name, value] of Object.entries(params)) text = text.replaceAll(`{{${name}}}`, String(value));
  return text;
}

/** Each trace line of the packet shown, as its notation, its via mark and its whole sentence, stepping through all. */
async function walkLines(page: Page): Promise<{ notation: string; via: string | null; sentence: string }[]> {
  const lab = new LabPage(page);
  // The picker keeps the arrow keys while focused: hand them back to the lab.
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.keyboard.press('Home');
  const position = async () => ((await lab.position.textContent()) ?? '').match(/\d+/g)?.map(Number) ?? [];
  await expect.poll(async () => (await position())[0]).toBe(1);
  const total = (await position())[1] ?? 0;
  const out = [];
  for (let i = 1; i <= total; i += 1) {
    await expect.poll(async () => (await position())[0]).toBe(i);
    const line = lab.currentTraceLine;
    out.push({
      notation: ((await line.getByTestId('trace-notation').textContent()) ?? '').trim(),
      via: await line.evaluate((el) => el.querySelector('[data-via]')?.getAttribute('data-via') ?? null),
      sentence: (await line.getByTestId('trace-sentence').getAttribute('title')) ?? '',
    });
    if (i < total) await page.keyboard.press('ArrowRight');
  }
  return out;
}

for (const lng of LANGUAGES) {
  test(`in ${lng} an nft trace says how the packet came into each base chain: by priority, after an accept`, async ({
    page,
  }) => {
    await page.setViewportSize({ width: 1920, height: 1080 });
    await openIn(page, lng);
    // Two tables on the input hook: the first base chain runs by priority, the second because the accept in the
    // first ended only that base chain (issue #12, point 2).
    await new ScenarioBar(page).choose('nft-two-tables');
    const lines = await walkLines(page);
    const entry = (notation: string) => lines.find((l) => l.notation === notation)?.sentence;
    expect(entry('inet filter:input')).toBe(
      sentence(lng, 'chainEntry.enterBase', { hook: 'input', chain: 'inet filter input', priority: 0 }),
    );
    expect(entry('inet guard:input')).toBe(
      sentence(lng, 'chainEntry.enterAfterAccept', {
        hook: 'input',
        chain: 'inet guard input',
        priority: 10,
        previous: 'inet filter input',
      }),
    );
  });

  // Apart from the test above: stepping through both traces line by line took 37 of 60 s beside two CPU burners.
  test(`in ${lng} an nft trace says how the packet came into each regular chain: jump, goto, return`, async ({
    page,
  }) => {
    await page.setViewportSize({ width: 1920, height: 1080 });
    await openIn(page, lng);
    // kube-proxy's nftables mode jumps into its check chains and goes to a service chain through a verdict map.
    await new ScenarioBar(page).choose('nft-kube-proxy');
    const kube = await walkLines(page);
    const chainLines = kube.filter((l) => /^(ip|inet) [^:]+:[^:]+$/.test(l.notation));
    const vias = new Set(chainLines.map((l) => l.via));
    expect([...vias].sort()).toEqual(['goto', 'jump', 'return', null].sort());
    for (const l of chainLines) expect(l.sentence, l.notation).not.toBe('');
    const words = (via: string) => new Set(chainLines.filter((l) => l.via === via).map((l) => l.sentence.slice(0, 12)));
    // A jump, a goto and a return each read as their own kind of sentence.
    const starts = ['jump', 'goto', 'return'].map((via) => [...words(via)].join('|'));
    expect(new Set(starts).size).toBe(3);
  });
}

for (const lng of LANGUAGES) {
  test(`in ${lng} the Scale charts' legends show the figures, never "--"`, async ({ page }) => {
    await openIn(page, lng);
    const scale = new ScalePanel(page);
    await scale.open();
    await scale.start('10, 50');
    await expect(scale.status).toHaveText(catalogText(lng, 'scale', 'status.done').replace('{{total}}', '6'), {
      timeout: 40_000,
    });
    for (const chart of SCALE_CHARTS) {
      const values = page.getByTestId(chart).locator('.u-legend .u-value');
      // With no cursor on the chart, the legend reads the largest size: 50 services, and each series there.
      await expect(values.first()).toHaveText('50');
      for (const value of await values.all()) await expect(value).not.toHaveText(/^-+$|^$/);
    }
    // Under the cursor, at the left of the first chart, the legend reads the smaller size.
    const over = page.getByTestId(SCALE_CHARTS[0]).locator('.u-over');
    const box = (await over.boundingBox())!;
    await page.mouse.move(box.x + 4, box.y + box.height / 2);
    await expect(page.getByTestId(SCALE_CHARTS[0]).locator('.u-legend .u-value').first()).toHaveText('10');
  });
}
