// The Batch tab: how many, send, progress and Cancel, the chart and the table beside explore's exact values.
import { expect, type Locator, type Page } from '@playwright/test';

export class BatchPanel {
  readonly page: Page;
  readonly tab: Locator;
  readonly panel: Locator;
  readonly count: Locator;
  readonly send: Locator;
  readonly cancel: Locator;
  readonly progress: Locator;
  readonly status: Locator;
  readonly chart: Locator;
  readonly rows: Locator;

  constructor(page: Page) {
    this.page = page;
    this.tab = page.getByTestId('tab-batch');
    this.panel = page.getByTestId('batch-panel');
    this.count = page.getByTestId('batch-count');
    this.send = page.getByTestId('batch-send');
    this.cancel = page.getByTestId('batch-cancel');
    this.progress = page.getByTestId('batch-progress');
    this.status = page.getByTestId('batch-status');
    this.chart = page.getByTestId('batch-chart');
    this.rows = page.getByTestId('batch-row');
  }

  async open(): Promise<void> {
    await this.tab.click();
    await expect(this.panel).toBeVisible();
  }

  /** Types the count and presses Send batch. */
  async start(count: number): Promise<void> {
    await this.count.fill(String(count));
    await this.send.click();
  }

  /** The chart's bars as drawn: label → count. */
  async bars(): Promise<Map<string, number>> {
    const text = (await this.chart.getAttribute('data-bars')) ?? '';
    return new Map(
      text
        .split(' ')
        .filter(Boolean)
        .map((part) => {
          const eq = part.lastIndexOf('=');
          return [part.slice(0, eq), Number(part.slice(eq + 1))] as [string, number];
        }),
    );
  }
}
