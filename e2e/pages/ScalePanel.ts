// The "Scale" tab: sizes, Run, progress with Cancel, the four charts and the reference figures.
import { expect, type Locator, type Page } from '@playwright/test';

export const SCALE_CHARTS = [
  'scale-chart-packet',
  'scale-chart-micros',
  'scale-chart-update-rules',
  'scale-chart-update-bytes',
] as const;

export class ScalePanel {
  readonly page: Page;
  readonly panel: Locator;
  readonly sizes: Locator;
  readonly run: Locator;
  readonly cancel: Locator;
  readonly progress: Locator;
  readonly status: Locator;

  constructor(page: Page) {
    this.page = page;
    this.panel = page.getByTestId('scale-panel');
    this.sizes = page.getByTestId('scale-sizes');
    this.run = page.getByTestId('scale-run');
    this.cancel = page.getByTestId('scale-cancel');
    this.progress = page.getByTestId('scale-progress');
    this.status = page.getByTestId('scale-status');
  }

  async open(): Promise<void> {
    await this.page.getByTestId('tab-scale').click();
    await expect(this.panel).toBeVisible();
  }

  async start(sizes: string): Promise<void> {
    await this.sizes.fill(sizes);
    await this.run.click();
  }

  /** Each series of a chart as `id:points drawn`, from the data handed to uPlot. */
  async drawn(chart: string): Promise<Map<string, number>> {
    const attr = (await this.page.getByTestId(chart).getAttribute('data-drawn')) ?? '';
    return new Map(
      attr
        .split(' ')
        .filter(Boolean)
        .map((part) => {
          const [id = '', n = '0'] = part.split(':');
          return [id, Number(n)] as const;
        }),
    );
  }
}
