// Issue #5, point 7: open a built-in scenario, edit a rule and see the trace change; type an error and see it at
// the right line; copy the link, open it in a fresh browser context and get the same trace and step.
import { expect, test } from '@playwright/test';
import { builtinScenario } from './fixtures/scenarios.ts';
import { LabPage } from './pages/LabPage.ts';
import { PacketsPanel } from './pages/PacketsPanel.ts';
import { RulesEditorPanel } from './pages/RulesEditorPanel.ts';
import { ScenarioBar } from './pages/ScenarioBar.ts';

const customChains = builtinScenario('custom-chains');

test('open a built-in scenario, edit a rule, and the trace changes', async ({ page }) => {
  const lab = new LabPage(page);
  const bar = new ScenarioBar(page);
  const editor = new RulesEditorPanel(page);
  await lab.open();
  await bar.choose('custom-chains');
  // Packet 1 is the web visitor: INPUT rule 5 (--dport 80) accepts it.
  const first = customChains.packets[0]!.expect!;
  await lab.button('End').click();
  await expect(lab.fate).toHaveAttribute('data-fate', first.fate);

  await editor.open();
  const lines = await editor.lines();
  const rule = lines.findIndex((l) => l === '-A INPUT -p tcp -m tcp --dport 80 -j ACCEPT') + 1;
  expect(rule).toBeGreaterThan(0);
  await editor.replaceLine(rule, '-A INPUT -p tcp -m tcp --dport 8080 -j ACCEPT');
  await expect(editor.summary).toContainText('No problems');

  // The web visitor now meets the INPUT policy instead: dropped, and the trace says so at its last step.
  await page.getByTestId('tab-trace').click();
  await lab.button('End').click();
  await expect(lab.fate).toHaveAttribute('data-fate', 'dropped');
  await expect(page.locator('[data-testid^="trace-line-"]', { hasText: 'filter:INPUT:policy' })).toHaveCount(1);

  // Undo brings the rule (and the verdict) back.
  await editor.open();
  await page.getByTestId('undo').click();
  await expect(editor.content).toContainText('--dport 80 -j ACCEPT');
  await page.getByTestId('tab-trace').click();
  await lab.button('End').click();
  await expect(lab.fate).toHaveAttribute('data-fate', first.fate);
});

test('an error typed in the editor is marked at its line and word', async ({ page }) => {
  const lab = new LabPage(page);
  const editor = new RulesEditorPanel(page);
  await lab.open();
  await editor.open();
  await editor.replaceAll(
    [
      '*filter',
      ':INPUT DROP [0:0]',
      ':FORWARD DROP [0:0]',
      ':OUTPUT ACCEPT [0:0]',
      '-A INPUT -p tcp -m tcp --dport 22 -j NO-SUCH-CHAIN',
      'COMMIT',
      '',
    ].join('\n'),
  );
  await expect(editor.summary).toContainText(/1 error/);
  await expect(editor.summary).toContainText('Line 5');
  // The engine places the error at the -j option; the editor underlines the option with its argument.
  await expect.poll(() => editor.errorMarks()).toEqual([{ line: 5, text: '-j NO-SUCH-CHAIN' }]);
  await expect(editor.host.locator('.cm-gutter-lint .cm-lint-marker-error')).toHaveCount(1);

  // Fixing it clears the mark.
  await editor.replaceLine(5, '-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT');
  await expect(editor.summary).toContainText('No problems');
  await expect.poll(() => editor.errorMarks()).toEqual([]);
});

test('a copied link opens the same scenario, packet, trace and step in a fresh browser', async ({ browser }) => {
  const first = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  await first.grantPermissions(['clipboard-read', 'clipboard-write']);
  const page = await first.newPage();
  const lab = new LabPage(page);
  const bar = new ScenarioBar(page);
  await lab.open();
  await bar.choose('port-forward');
  await page.getByTestId('packet-picker').selectOption('1');
  await lab.button('Start').click();
  for (let i = 0; i < 4; i += 1) await lab.button('Step forward').click();
  await expect(lab.position).toHaveText(/^Step 5 \//);
  const position = await lab.position.textContent();
  const notation = await lab.currentNotation();
  const lines = await page.locator('[data-testid^="trace-line-"]').allInnerTexts();
  const link = await bar.copy();
  expect(link).toMatch(/#v1\.[A-Za-z0-9_-]+$/);
  await first.close();

  const fresh = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  const other = await fresh.newPage();
  const again = new LabPage(other);
  await other.goto(link);
  await expect(again.position).toHaveText(position ?? '');
  await expect(other.getByTestId('scenario-picker')).toHaveValue('port-forward');
  await expect(other.getByTestId('packet-picker')).toHaveValue('1');
  expect(await again.currentNotation()).toBe(notation);
  expect(await other.locator('[data-testid^="trace-line-"]').allInnerTexts()).toEqual(lines);
  await fresh.close();
});

test('autosave: an edit survives a reload, and Reset goes back to the built-in', async ({ page }) => {
  const lab = new LabPage(page);
  const editor = new RulesEditorPanel(page);
  await lab.open();
  await editor.open();
  await editor.replaceLine(1, '# my own notes');
  await expect(page.getByTestId('reset-builtin')).toBeEnabled();
  // Autosave writes shortly after the last change.
  await expect.poll(() => page.evaluate(() => localStorage.getItem('netfilter-lab:autosave') !== null)).toBe(true);
  await page.goto('/');
  await editor.open();
  await expect(editor.content.locator('.cm-line').first()).toHaveText('# my own notes');
  await page.getByTestId('reset-builtin').click();
  await expect(editor.content.locator('.cm-line').first()).not.toHaveText('# my own notes');
  await expect(page.getByTestId('reset-builtin')).toBeDisabled();
});

test('a failed import leaves the work untouched', async ({ page }) => {
  const lab = new LabPage(page);
  const editor = new RulesEditorPanel(page);
  await lab.open();
  await editor.open();
  const before = await editor.lines();
  await page.getByTestId('import-paste').click();
  await page.getByTestId('paste-text').fill('Dear students, please read chapter 3.');
  await page.getByTestId('paste-import').click();
  await expect(editor.notice).toContainText('does not look like iptables rules');
  expect(await editor.lines()).toEqual(before);
});

test('the packet builder: a reply preset continues the connection as ESTABLISHED', async ({ page }) => {
  const lab = new LabPage(page);
  const packets = new PacketsPanel(page);
  await lab.open();
  await packets.open();
  const count = await packets.rows().count();
  await packets.preset('ssh').click();
  await expect(packets.rows()).toHaveCount(count + 1);
  await packets.row(count).click();
  await expect(packets.outcome(count)).toContainText('NEW');
  await packets.preset('reply').click();
  await expect(packets.rows()).toHaveCount(count + 2);
  await expect(packets.outcome(count + 1)).toContainText('ESTABLISHED');
});
