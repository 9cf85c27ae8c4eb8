// A message that opens while a student is clicking must not move what is under the pointer: the lab's status line
// (refused rules, a trace that cannot run), the summary under the editor and the editor's own notice all keep their
// room. The boxes of the buttons around them are compared before and after each one appears.
import { expect, test, type Page } from '@playwright/test';
import { LabPage } from './pages/LabPage.ts';
import { RulesEditorPanel } from './pages/RulesEditorPanel.ts';

/** What a click may aim at around the status line and in the editor, by test id. */
const TARGETS = ['import-file', 'export-save', 'export-script', 'edit-rules', 'edit-ipsets', 'edit-ipvs', 'tab-trace'];

async function boxes(page: Page): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const id of TARGETS) out[id] = await page.getByTestId(id).boundingBox();
  out['rules-editor'] = await page.getByTestId('rules-editor').boundingBox();
  out['hook-INPUT'] = await page.getByTestId('hook-INPUT').boundingBox();
  return out;
}

for (const size of [
  { width: 1280, height: 720 },
  { width: 1920, height: 1080 },
]) {
  test(`at ${size.width}×${size.height} the status line and the editor's messages move nothing`, async ({ page }) => {
    await page.setViewportSize(size);
    const lab = new LabPage(page);
    await lab.open();
    const editor = new RulesEditorPanel(page);
    await editor.open();
    await expect(editor.summary).toContainText('iptables-restore would accept');
    await expect(page.getByTestId('status')).toHaveCount(0);
    const before = await boxes(page);
    for (const box of Object.values(before)) expect(box).not.toBeNull();

    // A refused rule: the status line opens above everything, the editor's summary counts the error.
    await editor.content.click();
    await page.keyboard.press('ControlOrMeta+End');
    await page.keyboard.insertText('-A INPUT -p tcp --dport 99999 -j ACCEPT\n');
    await expect(page.getByTestId('status')).toContainText('iptables-restore would refuse these rules');
    await expect(editor.summary).toContainText('Errors: 1');
    expect(await boxes(page)).toEqual(before);

    // The editor's notice beside its buttons, long enough to wrap them if it could.
    await page.getByTestId('export-save').click();
    await expect(editor.notice).toContainText('iptables-restore would refuse these rules');
    expect(await boxes(page)).toEqual(before);

    // And when it all closes again.
    await page.keyboard.press('ControlOrMeta+z');
    await expect(page.getByTestId('status')).toHaveCount(0);
    await expect(editor.summary).toContainText('iptables-restore would accept');
    expect(await boxes(page)).toEqual(before);
  });
}

test('each editor tab names the tool that checked its text, and a refused IPVS line is named as such', async ({
  page,
}) => {
  const lab = new LabPage(page);
  await lab.open();
  await lab.chooseScenario('kube-ipvs');
  const editor = new RulesEditorPanel(page);
  await editor.open();
  await expect(editor.summary).toHaveText('✓ No problems: iptables-restore would accept these rules.');
  await page.getByTestId('edit-ipsets').click();
  await expect(editor.summary).toHaveText('✓ No problems: ipset restore would accept these sets.');
  await page.getByTestId('edit-ipvs').click();
  await expect(editor.summary).toHaveText('✓ No problems: ipvsadm-restore would accept these virtual services.');
  const ipvs = page.getByTestId('ipvs-editor').locator('.cm-content');
  await ipvs.click();
  await page.keyboard.press('ControlOrMeta+End');
  await page.keyboard.insertText('-a -t 10.96.0.99:80 -r 10.244.0.5 -m\n');
  await expect(page.getByTestId('status')).toContainText(
    'ipvsadm-restore would refuse the virtual services (tab “ipvsadm-save -n”): line 5',
  );
  await expect(editor.summary).toContainText('Errors: 1');
  await expect(editor.summary).toContainText('Line 5');
  // The line is marked in the IPVS editor itself.
  await expect(page.getByTestId('ipvs-editor').locator('.cm-lintRange-error')).toHaveCount(1);
  await page.getByTestId('edit-rules').click();
  await expect(editor.summary).toHaveText('✓ No problems: iptables-restore would accept these rules.');
});

test('on nftables rules the editor names nft, and the iptables-save dump beside them iptables-nft-restore', async ({
  page,
}) => {
  const lab = new LabPage(page);
  await lab.open();
  const editor = new RulesEditorPanel(page);
  await editor.open();
  // A host with both: iptables-save blocks (loaded first, as iptables-nft-restore would) and nftables text.
  await page.getByTestId('import-paste').click();
  await page
    .getByTestId('paste-text')
    .fill(
      '*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -p tcp --dport 22 -j ACCEPT\nCOMMIT\n' +
        'table inet filter {\n\tchain input {\n\t\ttype filter hook input priority filter; policy accept;\n\t}\n}\n',
    );
  await page.getByTestId('paste-import').click();
  await expect(editor.notice).toContainText('Imported the rules');
  await expect(editor.summary).toHaveText('✓ No problems: nft -c would accept this ruleset.');
  await page.getByTestId('edit-iptablesRules').click();
  await expect(editor.summary).toHaveText('✓ No problems: iptables-nft-restore would accept this iptables-save dump.');
});

test('at 1280×720, after another scenario is chosen, the diagram is fitted again: every hook inside its box', async ({
  page,
}) => {
  const lab = new LabPage(page);
  await lab.open();
  await lab.chooseScenario('kube-clusterip');
  const graph = await page.locator('.lab-graph').boundingBox();
  for (const hook of ['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING']) {
    // Fitted after React Flow has measured the new blocks: wait on the box, not on time.
    await expect
      .poll(async () => {
        const box = await page.getByTestId(`hook-${hook}`).boundingBox();
        return (
          box !== null &&
          graph !== null &&
          box.y >= graph.y &&
          box.y + box.height <= graph.y + graph.height &&
          box.x >= graph.x &&
          box.x + box.width <= graph.x + graph.width
        );
      }, hook)
      .toBe(true);
  }
});
