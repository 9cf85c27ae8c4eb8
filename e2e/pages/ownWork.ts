// The user's own work before a bad link arrives: a line typed into the rules editor, autosaved and settled.
import { expect, type Page } from '@playwright/test';
import { LabPage } from './LabPage.ts';
import { RulesEditorPanel } from './RulesEditorPanel.ts';

export const MY_LINE = '# my own notes';

export async function makeOwnWork(page: Page): Promise<RulesEditorPanel> {
  const lab = new LabPage(page);
  const editor = new RulesEditorPanel(page);
  await lab.open();
  await editor.open();
  await editor.replaceLine(1, MY_LINE);
  await expect.poll(() => page.evaluate(() => localStorage.getItem('netfilter-lab:autosave') ?? '')).toMatch(/^v2\./);
  const saved = await page.evaluate(() => localStorage.getItem('netfilter-lab:autosave'));
  await expect.poll(() => page.evaluate(() => localStorage.getItem('netfilter-lab:autosave'))).toBe(saved);
  return editor;
}
