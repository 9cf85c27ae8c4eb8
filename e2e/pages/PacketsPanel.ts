// The "Packets" tab: the packet sequence, the presets and the form of the selected packet.
import { expect, type Locator, type Page } from '@playwright/test';

export class PacketsPanel {
  readonly page: Page;
  readonly tab: Locator;
  readonly builder: Locator;

  constructor(page: Page) {
    this.page = page;
    this.tab = page.getByTestId('tab-packets');
    this.builder = page.getByTestId('packet-builder');
  }

  async open(): Promise<void> {
    await this.tab.click();
    await expect(this.builder).toBeVisible();
  }

  row(index: number): Locator {
    return this.page.getByTestId(`packet-row-${index}`);
  }

  outcome(index: number): Locator {
    return this.page.getByTestId(`packet-outcome-${index}`);
  }

  preset(name: 'ssh' | 'reply' | 'next' | 'ping' | 'vip'): Locator {
    return this.page.getByTestId(`preset-${name}`);
  }

  rows(): Locator {
    return this.page.locator('[data-testid^="packet-row-"]');
  }
}
