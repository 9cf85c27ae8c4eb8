// The Conntrack tab: `conntrack -L` lines, each selectable, and the packets of the selected connection.
import { expect, type Locator, type Page } from '@playwright/test';

export class ConntrackPanel {
  readonly page: Page;
  readonly tab: Locator;
  readonly panel: Locator;
  readonly entries: Locator;
  readonly packets: Locator;
  readonly caption: Locator;

  constructor(page: Page) {
    this.page = page;
    this.tab = page.getByTestId('tab-conntrack');
    this.panel = page.getByTestId('conntrack-panel');
    this.entries = page.getByTestId('conntrack-entry');
    this.packets = page.getByTestId('conntrack-packet');
    this.caption = page.getByTestId('conntrack-caption');
  }

  async open(): Promise<void> {
    await this.tab.click();
    await expect(this.panel).toBeVisible();
  }
}
