// The "iptables → nft" tab: the rule of the current step beside the nftables rule iptables-nft stores for it, in
// iptables-translate's form; a click shows another rule; a native nftables ruleset has nothing to translate.
import { expect, test } from '@playwright/test';
import { LabPage } from './pages/LabPage.ts';
import { catalogText, LanguagePicker } from './pages/LanguagePicker.ts';
import { TranslatePanel } from './pages/TranslatePanel.ts';

/** A pattern that finds `text` as written (a catalog sentence holds dots and dashes). */
const literally = (text: string) => new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));

test('the rule that accepts SSH is shown beside its iptables-translate line, and a click shows another', async ({
  page,
}) => {
  const lab = new LabPage(page);
  await lab.open('/');
  // The graph's filter INPUT block opens that chain; clicking its rule 4 goes to the step that evaluated it.
  await lab.tableBlock('INPUT', 'filter').click();
  await lab.rule('filter', 'INPUT', 4).click();
  await expect.poll(() => lab.currentNotation()).toBe('filter:INPUT:rule:4');
  const translate = new TranslatePanel(page);
  await translate.open();
  await expect(translate.selectedIptables).toHaveText(
    '-A INPUT -p tcp -m tcp --dport 22 -m conntrack --ctstate NEW -j ACCEPT',
  );
  await expect(translate.selectedNft).toHaveText(
    "nft 'add rule ip filter INPUT tcp dport 22 ct state new counter accept'",
  );
  await expect(translate.rows).toHaveCount(6);
  await translate.rows.nth(5).click();
  await expect(translate.selectedNft).toHaveText(
    "nft 'add rule ip filter INPUT icmp type echo-request counter accept'",
  );
});

test('in Chinese, a native nftables scenario says there is nothing to translate', async ({ page }) => {
  const lab = new LabPage(page);
  await lab.open('/');
  await lab.chooseScenario('nft-host-firewall');
  await new LanguagePicker(page).choose('zh');
  const translate = new TranslatePanel(page);
  await expect(translate.tab).toHaveText(catalogText('zh', 'translate', 'tab'));
  await translate.open();
  await expect(translate.none).toHaveText(catalogText('zh', 'translate', 'none'));
});

test("kube-proxy's KUBE-FIREWALL rule: its translation inverts the test, and the lab says so in Japanese", async ({
  page,
}) => {
  const lab = new LabPage(page);
  await lab.open('/');
  await lab.chooseScenario('kube-clusterip');
  await new LanguagePicker(page).choose('ja');
  const translate = new TranslatePanel(page);
  await translate.open();
  await translate.rows.filter({ hasText: '--ctstate RELATED,ESTABLISHED,DNAT' }).click();
  // conntrack_mt_xlate (iptables 1.8.9) writes only `ct status dnat` for a state list holding DNAT.
  await expect(translate.selectedNft).toContainText('ct status dnat counter drop');
  await expect(translate.lost).toContainText(catalogText('ja', 'translate', 'lost.ct-state'));
  await translate.rows.filter({ hasText: '-j KUBE-SERVICES' }).first().click();
  await expect(translate.lost).toHaveCount(0);
});

test('a rule low in the list, chosen by mouse or keyboard, has its note beside its row, in sight and read with it', async ({
  page,
}) => {
  const lab = new LabPage(page);
  await lab.open('/');
  await lab.chooseScenario('kube-clusterip');
  const translate = new TranslatePanel(page);
  await translate.open();
  // The last endpoint's DNAT rule, near the end of the list: iptables-translate drops its protocol test.
  const low = translate.rows.filter({ hasText: /KUBE-SEP-RT2YEQDZWSMCGEG6 -p tcp .* --to-destination/ });
  await low.click();
  const lostProtocol = catalogText('en', 'translate', 'lost.protocol');
  await expect(translate.rowNote).toContainText(lostProtocol);
  await expect(translate.rowNote).toBeInViewport({ ratio: 1 });
  // The box at the top of the panel says it too, out of sight: that is why the note is beside the row.
  await expect(translate.lost).toContainText(lostProtocol);
  await expect(translate.lost).not.toBeInViewport();

  // By keyboard: the row's button selects it, and a screen reader hears the note as the button's description.
  const other = translate.rowButton(/KUBE-SEP-OHWZ3TXCQK4KDYVB -p tcp .* --to-destination/);
  await other.focus();
  await page.keyboard.press('Enter');
  await expect(other).toHaveAttribute('aria-pressed', 'true');
  await expect(translate.rowNote).toHaveCount(1);
  await expect(translate.rowNote).toBeInViewport({ ratio: 1 });
  await expect(other).toHaveAccessibleDescription(literally(lostProtocol));
});
