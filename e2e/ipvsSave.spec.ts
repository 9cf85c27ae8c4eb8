// The IPVS tab's export (#13 point 9): the scenario's virtual services downloaded as ipvsadm-save -n prints them —
// real servers sorted by address and port as ipvsadm sorts them, whatever order they were typed in — and IPVS text
// ipvsadm would refuse is not exported, the notice naming the line.
import { expect, test } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { LabPage } from './pages/LabPage.ts';
import { catalogText } from './pages/LanguagePicker.ts';

test('the IPVS tab exports ipvsadm-save -n, sorted as ipvsadm sorts; refused text is not exported', async ({
  page,
}) => {
  const lab = new LabPage(page);
  await lab.open();
  await lab.chooseScenario('kube-ipvs');
  await page.getByTestId('tab-rules').click();
  await expect(page.getByTestId('export-ipvs')).toHaveCount(0); // only on the IPVS tab
  await page.getByTestId('edit-ipvs').click();
  const editor = page.locator('[data-testid="ipvs-editor"] .cm-content');
  await editor.click();
  await page.keyboard.press('Control+End');
  // A fourth real server typed last, with no weight and no port: ipvsadm gives it weight 1 and the service's port.
  await page.keyboard.insertText('-a -t 10.96.0.10:80 -r 10.244.0.1 -m\n');
  // Export right after typing: leaving the editor hands the text over at once (no typing pause to wait out).
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-ipvs').click()]);
  expect(file.suggestedFilename()).toBe('kube-ipvs.ipvs');
  expect(await readFile(await file.path(), 'utf8')).toBe(
    [
      '-A -t 10.96.0.10:80 -s rr',
      '-a -t 10.96.0.10:80 -r 10.244.0.1:80 -m -w 1',
      '-a -t 10.96.0.10:80 -r 10.244.0.2:8080 -m -w 1',
      '-a -t 10.96.0.10:80 -r 10.244.0.3:8080 -m -w 1',
      '-a -t 10.96.0.10:80 -r 10.244.0.4:8080 -m -w 1',
      '',
    ].join('\n'),
  );
  await expect(page.getByTestId('editor-notice')).toContainText(catalogText('en', 'ipvssave', 'exported'));

  // A server of a service that does not exist: ipvsadm refuses it, nothing is downloaded, the line is named.
  await editor.click();
  await page.keyboard.press('Control+End');
  await page.keyboard.insertText('-a -t 10.96.0.99:80 -r 10.244.0.5 -m\n');
  // The lab's trace refuses it too, and its status line opens above the editor: wait for it, so the layout does not
  // shift between the press and the release of the click below (the click would then land on nothing).
  await expect(page.getByTestId('status')).toContainText('line 6');
  let downloads = 0;
  page.on('download', () => (downloads += 1));
  await page.getByTestId('export-ipvs').click();
  await expect(page.getByTestId('editor-notice')).toContainText('line 6');
  expect(downloads).toBe(0);
});
