// The Scale tab (issue #11): at small N every series of every chart is drawn, each with a legend marker drawn as its
// line is (no two alike), Cancel stops a run and leaves the lab working, and nothing is clipped at 1280×720 in English
// and Japanese.
import { expect, test, type Locator, type Page } from '@playwright/test';
import { LabPage } from './pages/LabPage.ts';
import { catalogText, LANGUAGE_KEY, type Language } from './pages/LanguagePicker.ts';
import { SCALE_CHARTS, ScalePanel } from './pages/ScalePanel.ts';
import { ScenarioBar } from './pages/ScenarioBar.ts';

const POSITIONS = ['first', 'middle', 'last'];
const UPDATE_KINDS = ['iptables-full', 'iptables-partial', 'ipvs', 'nftables'];
/** What each chart must draw at small N: every mode is traced by the engine, so each has rules, lookups and time. */
const EXPECTED: Record<(typeof SCALE_CHARTS)[number], string[]> = {
  'scale-chart-packet': ['rules-iptables', 'lookups-ipvs', 'lookups-nftables'].flatMap((s) =>
    POSITIONS.map((p) => `${s}-${p}`),
  ),
  'scale-chart-micros': ['iptables', 'ipvs', 'nftables'].flatMap((m) =>
    ['first', 'last'].map((p) => `micros-${m}-${p}`),
  ),
  'scale-chart-update-rules': UPDATE_KINDS.map((k) => `update-rules-${k}`),
  'scale-chart-update-bytes': UPDATE_KINDS.map((k) => `update-bytes-${k}`),
};

async function openScale(page: Page, lng: Language = 'en'): Promise<ScalePanel> {
  await page.addInitScript(([key, value]) => localStorage.setItem(key, value), [LANGUAGE_KEY, lng] as const);
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto('/');
  await expect(page.getByTestId('step-position')).toHaveAttribute('aria-busy', 'false');
  const scale = new ScalePanel(page);
  await scale.open();
  return scale;
}

/** Each legend marker of a chart as it renders: its line's colour and dash, and whether it has a name beside it. */
async function legendMarkers(chart: Locator): Promise<{ id: string; look: string; named: boolean }[]> {
  return chart.locator('.u-legend .u-series').evaluateAll((rows) =>
    rows.flatMap((row) => {
      const marker = row.querySelector<HTMLElement>('.u-marker[data-series]');
      const line = marker?.querySelector('line');
      if (!marker || !line) return [];
      const css = getComputedStyle(line);
      return [
        {
          id: marker.dataset.series ?? '',
          look: `${css.stroke} ${css.strokeDasharray} ${css.strokeWidth}`,
          named: (row.querySelector('.u-label')?.textContent ?? '').trim().length > 0,
        },
      ];
    }),
  );
}

/** Text cut off inside its box, or a box that reaches past the window's right edge. */
async function clippedIn(box: Locator): Promise<string[]> {
  return box.evaluate((el) => {
    const out: string[] = [];
    for (const node of el.querySelectorAll<HTMLElement>('button, label, p, li, figcaption, [role="tab"]')) {
      if (node.closest('.sr-only')) continue;
      const over = node.scrollWidth > node.clientWidth + 1 && getComputedStyle(node).overflowX !== 'auto';
      if (over || node.getBoundingClientRect().right > window.innerWidth + 1) out.push(node.innerText);
    }
    return out;
  });
}

test('at 10 and 50 services every series of every chart is drawn, with the reference figures and the parting sentence', async ({
  page,
}) => {
  const scale = await openScale(page);
  await scale.start('10, 50');
  await expect(scale.status).toHaveText(catalogText('en', 'scale', 'status.done').replace('{{total}}', '6'), {
    timeout: 20_000,
  });
  for (const chart of SCALE_CHARTS) {
    const drawn = await scale.drawn(chart);
    // uPlot drew it: a canvas with a size, and one legend row per series after the x axis' row.
    const canvas = page.getByTestId(chart).locator('canvas');
    expect((await canvas.boundingBox())?.width ?? 0).toBeGreaterThan(250);
    await expect(page.getByTestId(chart).locator('.u-legend .u-series')).toHaveCount(drawn.size + 1);
    // Each series' legend marker is drawn as its line is (colour and dash), so no two markers look alike; the
    // marker is decoration beside the series' name.
    const markers = await legendMarkers(page.getByTestId(chart));
    expect(markers.map((m) => m.id).sort(), chart).toEqual([...drawn.keys()].sort());
    expect(new Set(markers.map((m) => m.look)).size, `${chart}: ${JSON.stringify(markers)}`).toBe(markers.length);
    for (const m of markers) expect(m.named, `${chart} ${m.id}`).toBe(true);
    await expect(page.getByTestId(chart).locator('.u-marker svg[aria-hidden="true"]')).toHaveCount(drawn.size);
    if (chart === 'scale-chart-micros') {
      // Chromium's clock ticks in 100 µs steps here: a trace that fast measures 0 and is a gap on the log axis.
      for (const id of drawn.keys()) expect(EXPECTED[chart], chart).toContain(id);
      expect(drawn.size, chart).toBeGreaterThan(0);
      continue;
    }
    expect([...drawn.keys()].sort(), chart).toEqual([...EXPECTED[chart]].sort());
    for (const [id, points] of drawn) expect(points, `${chart} ${id}`).toBe(2);
  }
  await expect(page.getByTestId('scale-reference')).toContainText('170,013');
  await expect(page.getByTestId('scale-parting')).toContainText(/\d/);
});

test('Cancel stops a bigger run, the status says so, and the lab still traces and computes', async ({ page }) => {
  const scale = await openScale(page);
  await scale.start('400, 800, 1200, 1600');
  await expect(scale.progress).toHaveAttribute('value', /[1-9]/, { timeout: 20_000 });
  await scale.cancel.click();
  await expect(scale.status).toHaveText(catalogText('en', 'scale', 'status.cancelled'));
  await expect(scale.cancel).toHaveCount(0);
  // The worker answers a new trace (a new scenario) and a new, small scale run.
  await page.getByTestId('tab-trace').click();
  await new ScenarioBar(page).choose('port-forward');
  await new LabPage(page).traced();
  await scale.open();
  await scale.start('10');
  await expect(scale.status).toHaveText(catalogText('en', 'scale', 'status.done').replace('{{total}}', '3'), {
    timeout: 20_000,
  });
});

test('sizes up to 20,000 are accepted; above 5,000 a note says a point takes long and Cancel stops it', async ({
  page,
}) => {
  const scale = await openScale(page);
  const note = page.getByTestId('scale-big-note');
  await scale.sizes.fill('10, 100, 5000');
  await expect(note).toHaveCount(0);
  await scale.sizes.fill('10, 20000');
  await expect(note).toHaveText(catalogText('en', 'teachscale', 'bigSizes').replace('{{threshold}}', '5,000'));
  await expect(scale.run).toBeEnabled();
  await scale.sizes.fill('20001');
  await expect(scale.run).toBeDisabled();
});

for (const lng of ['en', 'ja'] as const) {
  test(`at 1280×720 nothing in the Scale tab is clipped (${lng})`, async ({ page }) => {
    const scale = await openScale(page, lng);
    await scale.start('10, 20');
    await expect(page.getByTestId('scale-parting')).toBeVisible({ timeout: 20_000 });
    expect(await clippedIn(page.getByRole('tablist'))).toEqual([]);
    expect(await clippedIn(scale.panel)).toEqual([]);
  });
}
