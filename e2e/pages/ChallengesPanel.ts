// The Challenges tab: the list, the open challenge, Check and its results table.
import { expect, type Locator, type Page } from '@playwright/test';

export class ChallengesPanel {
  readonly page: Page;
  readonly tab: Locator;
  readonly panel: Locator;
  readonly check: Locator;
  readonly score: Locator;
  readonly rows: Locator;
  readonly back: Locator;

  constructor(page: Page) {
    this.page = page;
    this.tab = page.getByTestId('tab-challenges');
    this.panel = page.getByTestId('challenge-panel');
    this.check = page.getByTestId('challenge-check');
    this.score = page.getByTestId('challenge-score');
    this.rows = page.getByTestId('challenge-row');
    this.back = page.getByTestId('challenge-back');
  }

  async open(): Promise<void> {
    await this.tab.click();
  }

  entry(id: string): Locator {
    return this.page.getByTestId(`challenge-${id}`);
  }

  async runCheck(): Promise<void> {
    await this.check.click();
    await expect(this.score).toBeVisible();
    await expect(this.check).toBeEnabled();
  }
}
