// The scenario controls of the header: the built-in picker and Copy link.
import { expect, type Locator, type Page } from '@playwright/test';

export class ScenarioBar {
  readonly page: Page;
  readonly picker: Locator;
  readonly copyLink: Locator;
  readonly shareStatus: Locator;

  constructor(page: Page) {
    this.page = page;
    this.picker = page.getByTestId('scenario-picker');
    this.copyLink = page.getByTestId('copy-link');
    this.shareStatus = page.getByTestId('share-status');
  }

  async choose(id: string): Promise<void> {
    await this.picker.selectOption(id);
    await expect(this.picker).toHaveValue(id);
    // The new scenario's trace has arrived: until then a packet or step chosen would be reset by it.
    await expect(this.page.getByTestId('step-position')).toHaveAttribute('aria-busy', 'false');
  }

  /** Clicks Copy link and returns the link the clipboard received. */
  async copy(): Promise<string> {
    await this.copyLink.click();
    await expect(this.shareStatus).toContainText('Link copied');
    // Whole on screen: the notice hangs under a button near the header's right end.
    await expect(this.shareStatus).toBeInViewport({ ratio: 1 });
    return this.page.evaluate(() => navigator.clipboard.readText());
  }
}
