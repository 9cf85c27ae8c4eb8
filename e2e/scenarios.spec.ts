// Issue #5, point 7: open a built-in scenario, edit a rule and see the trace change; type an error and see it at
// the right line; copy the link, open it in a fresh browser context and get the same trace and step.
import { expect, test } from '@playwright/test';
import { builtinScenario } from './fixtures/scenarios.ts';
import { HostPanel } from './pages/HostPanel.ts';
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
  await expect(editor.summary).toContainText(/Errors: 1\b/);
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
  await lab.openAt('port-forward', 1, 5);
  const position = await lab.position.textContent();
  const notation = await lab.currentNotation();
  const lines = await page.locator('[data-testid^="trace-line-"]').allInnerTexts();
  const link = await bar.copy();
  expect(link).toMatch(/#v2\.[A-Za-z0-9_-]+\.[0-9a-f]{8}$/);
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

test('export as iptables-save and as a shell script', async ({ page }) => {
  const lab = new LabPage(page);
  const editor = new RulesEditorPanel(page);
  await lab.open();
  await editor.open();
  const [save] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-save').click()]);
  expect(save.suggestedFilename()).toBe('host-firewall.rules');
  const saved = await readDownload(save);
  expect(saved).toContain('*filter');
  expect(saved).toContain(':INPUT DROP');
  expect(saved).toContain('-A INPUT -p tcp -m tcp --dport 22 -m conntrack --ctstate NEW -j ACCEPT');

  const [script] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-script').click()]);
  expect(script.suggestedFilename()).toBe('host-firewall.sh');
  const text = await readDownload(script);
  expect(text.startsWith('#!/bin/sh\n')).toBe(true);
  expect(text).toContain('iptables -t filter -P INPUT DROP');
  expect(text).toContain('iptables -t filter -A INPUT -p tcp -m tcp --dport 80 -j ACCEPT');
});

test('past the safe link size the lab offers a file, and the file opens the same scenario elsewhere', async ({
  browser,
}) => {
  // Typing 1,500 rules and checking them takes longer than the default budget on a 2-core machine.
  test.setTimeout(90_000);
  const first = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  await first.grantPermissions(['clipboard-read', 'clipboard-write']);
  const page = await first.newPage();
  const lab = new LabPage(page);
  const editor = new RulesEditorPanel(page);
  await lab.open();
  await editor.open();
  // 1,500 rules with distinct addresses and comments: far too much to fit in a reliable link once compressed.
  let x = 7;
  const rules = Array.from({ length: 1500 }, (_, i) => {
    x = (x * 48271) % 2147483647;
    return `-A INPUT -s 10.${(x >> 16) & 255}.${(x >> 8) & 255}.${x & 255}/32 -m comment --comment "host-${x.toString(36)}-${i}" -j ACCEPT`;
  });
  await editor.replaceAll(
    ['*filter', ':INPUT DROP [0:0]', ':FORWARD DROP [0:0]', ':OUTPUT ACCEPT [0:0]', ...rules, 'COMMIT', ''].join('\n'),
  );
  // The editor hands the text to the store after a typing pause; the status strip counts the rules once it has.
  await expect(page.getByTestId('status-quiet')).toContainText('rules: 1500', { timeout: 30_000 });
  await expect(editor.summary).toContainText('No problems');
  await page.getByTestId('copy-link').click();
  await expect(page.getByTestId('share-status')).toContainText('too big for a reliable link');
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-file').click()]);
  // A context's downloads are deleted when it closes: keep a copy, as a user keeps the file.
  const path = test.info().outputPath(file.suggestedFilename());
  await file.saveAs(path);
  expect(file.suggestedFilename()).toBe('host-firewall.nflab.json');
  await first.close();

  const fresh = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  const other = await fresh.newPage();
  const there = new RulesEditorPanel(other);
  await new LabPage(other).open();
  await there.open();
  await other.getByTestId('import-file-input').setInputFiles(path);
  await expect(there.notice).toContainText('Imported the whole scenario');
  await expect(other.getByTestId('status-quiet')).toContainText('rules: 1500', { timeout: 30_000 });
  await expect(there.summary).toContainText('No problems');
  // CodeMirror renders only the visible lines: the first rule is there, the count is in the header.
  await expect(there.content).toContainText(rules[0]!);
  await fresh.close();
});

async function readDownload(download: { path(): Promise<string> }): Promise<string> {
  const { readFile } = await import('node:fs/promises');
  return readFile(await download.path(), 'utf8');
}

test('the host editor: switching forwarding off stops the port forward; a bad address is refused where it is typed', async ({
  page,
}) => {
  const lab = new LabPage(page);
  const bar = new ScenarioBar(page);
  const host = new HostPanel(page);
  await lab.open();
  await bar.choose('port-forward');
  await lab.button('End').click();
  await expect(lab.fate).toHaveAttribute('data-fate', 'sent');

  await host.open();
  await host.forwarding.uncheck();
  await page.getByTestId('tab-trace').click();
  await lab.button('End').click();
  await expect(lab.fate).toHaveAttribute('data-fate', 'dropped');

  await host.open();
  await host.forwarding.check();
  await host.addresses(1).fill('203.0.113.1/24, 203.0.113.300/24');
  await expect(host.problem('interfaces.1.addresses')).toContainText('203.0.113.300/24');
  await expect(host.status).toContainText('1 problem');
  // The last valid host (forwarding back on) stays in use while the field is wrong.
  await page.getByTestId('tab-trace').click();
  await lab.button('End').click();
  await expect(lab.fate).toHaveAttribute('data-fate', 'sent');
});

test('when the editor’s code cannot be fetched, its tab says so and the rest of the lab keeps working', async ({
  page,
}) => {
  await page.route(/\/assets\/RulesEditor-[\w-]+\.js$/, (route) => route.abort());
  const lab = new LabPage(page);
  await lab.open();
  await page.getByTestId('tab-rules').click();
  await expect(page.getByTestId('failure-panel')).toContainText('This panel failed to load');
  await expect(page.getByTestId('failure-panel')).toContainText('reloading the page brings it back');
  await page.getByTestId('tab-trace').click();
  await page.keyboard.press('End');
  await expect(lab.fate).toHaveAttribute('data-fate', /\w/);
});
