// Big and odd files: a 50 MB file and a binary file get a clear message, the page keeps responding, and the
// user's rules stay; rules saved on Windows (BOM, CRLF) read as rules.
import { writeFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { LabPage } from './pages/LabPage.ts';
import { RulesEditorPanel } from './pages/RulesEditorPanel.ts';

async function openEditor(page: import('@playwright/test').Page): Promise<RulesEditorPanel> {
  await new LabPage(page).open();
  const editor = new RulesEditorPanel(page);
  await editor.open();
  return editor;
}

test('a 50 MB file is refused at once and the rules stay', async ({ page }, testInfo) => {
  const editor = await openEditor(page);
  const before = await editor.lines();
  // Playwright hands over files of this size by path only.
  const path = testInfo.outputPath('big.rules');
  writeFileSync(path, Buffer.alloc(50 * 1024 * 1024, '-A INPUT -j ACCEPT\n'));
  await page.getByTestId('import-file-input').setInputFiles(path);
  await expect(editor.notice).toContainText('too big to import');
  expect(await editor.lines()).toEqual(before);
  // Still responsive: the page answers a round trip at once.
  expect(await page.evaluate(() => 1 + 1)).toBe(2);
});

test('a binary file is refused as binary and the rules stay', async ({ page }) => {
  const editor = await openEditor(page);
  const before = await editor.lines();
  const bytes = Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0x3e, 0]);
  await page
    .getByTestId('import-file-input')
    .setInputFiles({ name: 'a.out', mimeType: 'application/octet-stream', buffer: bytes });
  await expect(editor.notice).toContainText('binary file');
  expect(await editor.lines()).toEqual(before);
});

test('rules with a BOM and CRLF line endings import as rules without a problem', async ({ page }) => {
  const editor = await openEditor(page);
  const windows = '\ufeff*filter\r\n:INPUT DROP [0:0]\r\n-A INPUT -p tcp --dport 22 -j ACCEPT\r\nCOMMIT\r\n';
  await page
    .getByTestId('import-file-input')
    .setInputFiles({ name: 'win.rules', mimeType: 'text/plain', buffer: Buffer.from(windows) });
  await expect(editor.notice).toContainText('Imported the rules');
  await expect(editor.summary).toContainText('No problems');
});
