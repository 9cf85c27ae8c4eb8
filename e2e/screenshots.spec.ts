// The lab at a projector's and a laptop's size: everything important is on screen, nothing spills out, and
// the screenshots are kept (test-results/) to be looked at. UPDATE_DOCS_SCREENSHOT=1 refreshes docs/screenshot.png.
import { expect, test } from '@playwright/test';
import { DEFAULT_SCENARIO_ID, builtinScenario } from './fixtures/scenarios.ts';
import { LabPage } from './pages/LabPage.ts';

const decisive = builtinScenario(DEFAULT_SCENARIO_ID).packets[0]?.expect?.walk?.at(-1);

for (const size of [
  { width: 1920, height: 1080 },
  { width: 1280, height: 720 },
]) {
  test(`at ${size.width}×${size.height} the graph, the chain and the trace fit on screen`, async ({ page }, info) => {
    await page.setViewportSize(size);
    const lab = new LabPage(page);
    await lab.open();
    await lab.stepUntil(`${decisive!.table}:${decisive!.chain}:rule:${decisive!.rule}`);

    const noScroll = await page.evaluate(() => ({
      x: document.documentElement.scrollWidth <= window.innerWidth,
      y: document.documentElement.scrollHeight <= window.innerHeight,
    }));
    expect(noScroll).toEqual({ x: true, y: true });
    for (const hook of ['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING']) {
      await expect(page.getByTestId(`hook-${hook}`)).toBeInViewport();
    }
    await expect(lab.currentRule).toBeInViewport();
    await expect(lab.currentTraceLine).toBeInViewport();
    await expect(lab.token).toBeInViewport();
    // Table names stay readable: at least 9 px after the graph is fitted to its box.
    const fontPx = await lab
      .tableBlock('INPUT', 'filter')
      .evaluate(
        (el) =>
          el.getBoundingClientRect().height *
          (parseFloat(getComputedStyle(el).fontSize) / (el as HTMLElement).offsetHeight),
      );
    expect(fontPx).toBeGreaterThanOrEqual(9);

    const shot = info.outputPath(`lab-${size.width}x${size.height}.png`);
    await page.screenshot({ path: shot });
    await info.attach(`lab ${size.width}×${size.height}`, { path: shot, contentType: 'image/png' });
    if (process.env.UPDATE_DOCS_SCREENSHOT && size.width === 1920)
      await page.screenshot({ path: 'docs/screenshot.png' });
  });
}
