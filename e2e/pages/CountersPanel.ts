// The Counters tab: the table picker, the listing and Reset.
import { expect, type Locator, type Page } from '@playwright/test';

export class CountersPanel {
  readonly page: Page;
  readonly tab: Locator;
  readonly panel: Locator;
  readonly output: Locator;
  readonly caption: Locator;
  readonly moved: Locator;
  readonly table: Locator;
  readonly reset: Locator;
  readonly resetNote: Locator;

  constructor(page: Page) {
    this.page = page;
    this.tab = page.getByTestId('tab-counters');
    this.panel = page.getByTestId('counters-panel');
    this.output = page.getByTestId('counters-output');
    this.caption = page.getByTestId('counters-caption');
    this.moved = page.getByTestId('counters-moved');
    this.table = page.getByTestId('counters-table');
    this.reset = page.getByTestId('counters-reset');
    this.resetNote = page.getByTestId('counters-reset-note');
  }

  async open(): Promise<void> {
    await this.tab.click();
    await expect(this.panel).toBeVisible();
  }

  async showTable(name: string): Promise<void> {
    await this.table.selectOption(name);
  }

  async format(which: 'list' | 'save'): Promise<void> {
    await this.page.getByTestId(`counters-format-${which}`).check();
  }

  /** The listing's line for rule `num` of `chain` (the text after its "Chain NAME" header). */
  async ruleLine(chain: string, num: number): Promise<string> {
    const text = (await this.output.textContent()) ?? '';
    const block = text.split(/\n\n/).find((b) => b.includes(`Chain ${chain} `)) ?? '';
    return block.split('\n').find((line) => line.startsWith(`${num} `)) ?? '';
  }
}
