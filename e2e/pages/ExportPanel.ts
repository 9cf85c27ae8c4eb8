// The Export tab: the trace as the kernel prints it, counters as text, the graph as PNG or SVG.
import { expect, type Download, type Locator, type Page } from '@playwright/test';

export class ExportPanel {
  readonly page: Page;
  readonly tab: Locator;
  readonly panel: Locator;
  readonly trace: Locator;

  constructor(page: Page) {
    this.page = page;
    this.tab = page.getByTestId('tab-export');
    this.panel = page.getByTestId('export-panel');
    this.trace = page.getByTestId('export-trace');
  }

  async open(): Promise<void> {
    await this.tab.click();
    await expect(this.panel).toBeVisible();
  }

  async format(which: 'xtables' | 'nft'): Promise<void> {
    await this.page.getByTestId(`export-format-${which}`).check();
  }

  /** Clicks an export button and returns the file the browser was given. */
  async download(button: 'export-png' | 'export-svg' | 'export-counters'): Promise<Download> {
    const [file] = await Promise.all([this.page.waitForEvent('download'), this.page.getByTestId(button).click()]);
    return file;
  }
}
