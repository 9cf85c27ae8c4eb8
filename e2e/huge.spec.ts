// Issue #11 point 4 and issue #13 point 4: the lab stays usable with big and pathological input. A chain is found by
// its Service name in a kube-proxy dump, and a 50 MB paste or a 1 MB line is refused with a sentence while the
// editor keeps working. (Cancelling a long trace is tested in src/store/store.test.ts.) Dumps are small enough to keep each
// test short: the 10,000-service figures are `npm run bench:e2e`'s.
import { expect, test, type Page } from '@playwright/test';
import { generateKubeProxyDump } from '../src/engine/gen/kubeProxy.ts';
import { LabPage } from './pages/LabPage.ts';
import { RulesEditorPanel } from './pages/RulesEditorPanel.ts';

async function importRules(page: Page, editor: RulesEditorPanel, rules: string): Promise<void> {
  await page
    .getByTestId('import-file-input')
    .setInputFiles({ name: 'big.rules', mimeType: 'text/plain', buffer: Buffer.from(rules) });
  await expect(editor.notice).toContainText('Imported the rules');
}

async function openEditor(page: Page): Promise<RulesEditorPanel> {
  await new LabPage(page).open();
  const editor = new RulesEditorPanel(page);
  await editor.open();
  return editor;
}

test('chain search finds a KUBE-SVC chain by its Service name in the comments of a kube-proxy dump', async ({
  page,
}) => {
  const editor = await openEditor(page);
  await importRules(page, editor, generateKubeProxyDump({ services: 150, endpoints: 2 }));

  const search = page.getByTestId('chain-search');
  // By name: hundreds of chains match, and only the rows in sight are drawn.
  await search.fill('KUBE-SVC-');
  await expect(page.getByTestId('chain-search-summary')).toHaveText('150 chains found.');
  expect(await page.getByTestId('chain-search-result').count()).toBeLessThan(60);

  // By comment: the Service's name is only in kube-proxy's comments.
  await search.fill('ns1/svc121:');
  const service = page.getByTestId('chain-search-result').filter({ hasText: /^KUBE-SVC-/ });
  await expect(service).toHaveCount(1);
  await expect(service).toContainText('comment: ns1/svc121:');
  const name = (await service.locator('code').textContent()) ?? '';
  expect(name).toMatch(/^KUBE-SVC-[A-Z0-9]{16}$/);
  await service.click();
  await expect(page.getByTestId('chain-title')).toHaveText(`nat / ${name}`);
  await expect(page.getByTestId('rule-list')).toContainText('-j KUBE-SEP-');
  await expect(search).toHaveValue('');
});

/** Pastes `text` (built in the page: 50 MB never crosses the test harness) into the rules editor. */
async function paste(page: Page, build: { line: string; times: number }): Promise<void> {
  await page.evaluate(({ line, times }) => {
    const content = document.querySelector('[data-testid="rules-editor"] .cm-content');
    const data = new DataTransfer();
    data.setData('text/plain', line.repeat(times));
    content?.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  }, build);
}

test('a 50 MB paste is refused with where and why, the rules stay and the editor keeps working', async ({ page }) => {
  const editor = await openEditor(page);
  const before = await editor.lines();
  await editor.content.locator('.cm-line').first().click();
  await page.keyboard.press('ControlOrMeta+Home');

  await paste(page, { line: '-A INPUT -p tcp --dport 22 -j ACCEPT\n', times: 1_500_000 });
  await expect(editor.notice).toContainText(
    /Not pasted: the text is 52\.9 MB .*\(at line 1, column 1\)\. Your rules are unchanged\./,
  );
  expect(await editor.lines()).toEqual(before);
  await page.keyboard.insertText('# still editing\n');
  await expect(editor.content.locator('.cm-line').first()).toHaveText('# still editing');
});

test('a 1 MB line is refused with its line and column, and the rules stay', async ({ page }) => {
  const editor = await openEditor(page);
  const before = await editor.lines();
  await editor.content.locator('.cm-line').first().click();
  await paste(page, { line: 'x', times: 1024 * 1024 });
  await expect(editor.notice).toContainText(
    'Not pasted: line 1 of the pasted text is 1048576 characters long (from column 65537)',
  );
  expect(await editor.lines()).toEqual(before);
});
