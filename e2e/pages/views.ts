// The lab's main views, each reached as a user would from a freshly opened lab: for checks that must hold on every
// view (no Content-Security-Policy violation, no serious accessibility violation).
import { expect, type Page } from '@playwright/test';
import { LabPage } from './LabPage.ts';

export const VIEWS = ['lab', 'editor', 'host', 'packets', 'lesson', 'presenter'] as const;
export type View = (typeof VIEWS)[number];

/** Opens `view` on a lab already open at its first trace. */
export async function showView(page: Page, view: View): Promise<void> {
  const lab = new LabPage(page);
  switch (view) {
    case 'lab': {
      // By key, so it reads the same in every language: two steps forward.
      const before = (await lab.position.textContent()) ?? '';
      await page.locator('body').press('ArrowRight');
      await page.locator('body').press('ArrowRight');
      await expect(lab.position).not.toHaveText(before);
      return;
    }
    case 'editor':
      await page.getByTestId('tab-rules').click();
      await expect(page.getByTestId('rules-editor').locator('.cm-content')).toBeVisible();
      return;
    case 'host':
    case 'packets':
      await page.getByTestId(`tab-${view}`).click();
      await expect(page.getByTestId(`tab-${view}`)).toHaveAttribute('aria-selected', 'true');
      return;
    case 'lesson':
      await page.getByTestId('lesson-open').click();
      await expect(page.getByTestId('lesson-close')).toBeVisible();
      return;
    case 'presenter':
      await page.getByTestId('present').click();
      await expect(page.getByTestId('presenter')).toBeVisible();
      return;
  }
}
