// The "Rules editor" tab as a test sees it: the CodeMirror document, its inline diagnostics and its toolbar.
import { expect, type Locator, type Page } from '@playwright/test';

export class RulesEditorPanel {
  readonly page: Page;
  readonly tab: Locator;
  readonly host: Locator;
  readonly content: Locator;
  readonly summary: Locator;
  readonly notice: Locator;

  constructor(page: Page) {
    this.page = page;
    this.tab = page.getByTestId('tab-rules');
    this.host = page.getByTestId('rules-editor');
    this.content = this.host.locator('.cm-content');
    this.summary = page.getByTestId('editor-diagnostics');
    this.notice = page.getByTestId('editor-notice');
  }

  async open(): Promise<void> {
    await this.tab.click();
    await expect(this.content).toBeVisible();
  }

  /** The document as CodeMirror holds it, one string per line. */
  async lines(): Promise<string[]> {
    return this.content.locator('.cm-line').allInnerTexts();
  }

  /** Replaces the whole document as a user would by selecting all and typing. */
  async replaceAll(text: string): Promise<void> {
    await this.content.click();
    await this.page.keyboard.press('ControlOrMeta+A');
    await this.page.keyboard.insertText(text);
  }

  /**
   * Replaces one line (1-based) by selecting it with the keyboard and typing over it. Long lines wrap, and Home/End
   * stop at each wrap point first, so they are pressed until the whole logical line is selected.
   */
  async replaceLine(line: number, text: string): Promise<void> {
    await this.content
      .locator('.cm-line')
      .nth(line - 1)
      .click();
    for (let i = 0; i < 4; i += 1) await this.page.keyboard.press('Home');
    for (let i = 0; i < 4; i += 1) await this.page.keyboard.press('Shift+End');
    await this.page.keyboard.insertText(text);
  }

  /** The underlined ranges of errors, with the 1-based line each one is on. */
  async errorMarks(): Promise<{ line: number; text: string }[]> {
    return this.content
      .locator('.cm-line')
      .evaluateAll((lines) =>
        lines.flatMap((line, i) =>
          [...line.querySelectorAll('.cm-lintRange-error')].map((m) => ({ line: i + 1, text: m.textContent ?? '' })),
        ),
      );
  }
}
