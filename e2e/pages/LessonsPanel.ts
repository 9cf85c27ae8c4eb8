// The guided lessons as a test sees them: the list, the current step, its check and the way through.
import { expect, type Locator, type Page } from '@playwright/test';

export class LessonsPanel {
  readonly page: Page;
  readonly sidebar: Locator;
  readonly progress: Locator;
  readonly next: Locator;
  readonly back: Locator;
  readonly check: Locator;
  readonly result: Locator;

  constructor(page: Page) {
    this.page = page;
    this.sidebar = page.getByTestId('lesson-sidebar');
    this.progress = page.getByTestId('lesson-progress');
    this.next = page.getByTestId('lesson-next');
    this.back = page.getByTestId('lesson-back');
    this.check = page.getByTestId('lesson-check');
    this.result = page.getByTestId('lesson-check-result');
  }

  async openList(): Promise<void> {
    await this.page.getByTestId('lessons-open').click();
    await expect(this.page.getByTestId('lesson-list')).toBeVisible();
  }

  async start(id: string): Promise<void> {
    await this.page.getByTestId(`lesson-start-${id}`).click();
    await expect(this.page.getByTestId('guided-lesson')).toBeVisible();
  }

  /** Presses Check and waits for the engine's verdict. */
  async runCheck(): Promise<'pass' | 'fail'> {
    await this.check.click();
    await expect(this.result).toHaveAttribute('data-status', /^(pass|fail)$/);
    return (await this.result.getAttribute('data-status')) as 'pass' | 'fail';
  }

  /** A graph block the current step points at. */
  marked(hook: string, table: string): Locator {
    return this.page.locator(`[data-testid="table-${hook}-${table}"][data-marked="true"]`);
  }

  /** An nftables base chain's block on the graph ('INPUT', 'inet filter input'), with whether the step marks it. */
  nftBase(hook: string, base: string): Locator {
    return this.page.getByTestId(`nftstop-${hook}-${base.split(' ').join('-')}`);
  }
}
