// Issue #11 point 4: rules over 2 MB open in the rules editor a step at a time (src/ui/editor/useCodeMirror.ts: the
// view empty and hidden first, then the document in slices, then its state), the page answering between steps.
// Once shown, the editor holds the whole dump, and what is typed in it reaches the lab.
import { expect, test } from '@playwright/test';
import { generateKubeProxyDump } from '../src/engine/gen/kubeProxy.ts';
import { SLICED_ABOVE } from '../src/ui/editor/textInSlices.ts';
import { LabPage } from './pages/LabPage.ts';
import { RulesEditorPanel } from './pages/RulesEditorPanel.ts';

interface LabWindow {
  netfilterLab: { getState(): { rules: string } };
}

test('a dump over 2 MB opens whole in the rules editor, and a line typed at its end reaches the lab', async ({
  page,
}) => {
  const rules = generateKubeProxyDump({ services: 900, endpoints: 5 });
  expect(rules.length).toBeGreaterThan(SLICED_ABOVE);
  await new LabPage(page).open();
  const editor = new RulesEditorPanel(page);
  await editor.open();
  await page
    .getByTestId('import-file-input')
    .setInputFiles({ name: 'big.rules', mimeType: 'text/plain', buffer: Buffer.from(rules) });
  await expect(editor.notice).toContainText('Imported the rules');

  // Leaving the tab unmounts the editor; coming back makes it anew from the store's 2 MB.
  await page.getByTestId('tab-trace').click();
  await expect(editor.content).toBeHidden();
  await editor.open();
  await expect(editor.content.locator('.cm-line').first()).toHaveText('*filter');
  await editor.content.locator('.cm-line').first().click();
  await page.keyboard.press('ControlOrMeta+End');
  await page.keyboard.insertText('# typed at the end');
  await expect(editor.content.locator('.cm-line').last()).toHaveText('# typed at the end');
  await expect
    .poll(() => page.evaluate(() => (window as unknown as LabWindow).netfilterLab.getState().rules))
    .toBe(`${rules}# typed at the end`);
});
