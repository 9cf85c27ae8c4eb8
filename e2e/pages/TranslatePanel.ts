// The "iptables → nft" tab: the selected rule's pair and the list of every rule beside its iptables-translate line.
import { expect, type Locator, type Page } from '@playwright/test';

export class TranslatePanel {
  readonly tab: Locator;
  readonly panel: Locator;
  readonly selectedIptables: Locator;
  readonly selectedNft: Locator;
  readonly rows: Locator;
  readonly none: Locator;
  /** What iptables-translate's line for the selected rule loses, when it does not mean what the rule means. */
  readonly lost: Locator;
  /** The selected rule's note, opened below its row in the list (where the user clicked). */
  readonly rowNote: Locator;

  constructor(page: Page) {
    this.tab = page.getByTestId('tab-translate');
    this.panel = page.getByTestId('translate-panel');
    this.selectedIptables = page.getByTestId('translate-selected-iptables');
    this.selectedNft = page.getByTestId('translate-selected-nft');
    this.rows = page.getByTestId('translate-row');
    this.none = page.getByTestId('translate-none');
    this.lost = page.getByTestId('translate-lost');
    this.rowNote = page.getByTestId('translate-row-note');
  }

  /** A row's keyboard handle: the button holding its iptables rule. */
  rowButton(iptables: string | RegExp): Locator {
    return this.rows.filter({ hasText: iptables }).getByRole('button');
  }

  async open(): Promise<void> {
    await this.tab.click();
    await expect(this.panel.or(this.none)).toBeVisible();
  }
}
