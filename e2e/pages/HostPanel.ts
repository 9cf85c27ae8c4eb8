// The "Host" tab: interfaces, routes and settings of the simulated host.
import { expect, type Locator, type Page } from '@playwright/test';

export class HostPanel {
  readonly page: Page;
  readonly tab: Locator;
  readonly form: Locator;
  readonly forwarding: Locator;
  readonly status: Locator;

  constructor(page: Page) {
    this.page = page;
    this.tab = page.getByTestId('tab-host');
    this.form = page.getByTestId('host-editor');
    this.forwarding = page.getByTestId('host-forwarding');
    this.status = page.getByTestId('host-status');
  }

  async open(): Promise<void> {
    await this.tab.click();
    await expect(this.form).toBeVisible();
  }

  addresses(index: number): Locator {
    return this.page.getByTestId(`iface-addresses-${index}`);
  }

  problem(field: string): Locator {
    return this.page.getByTestId(`host-problem-${field}`);
  }
}
