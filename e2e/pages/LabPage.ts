// The lab as a test sees it: controls, the graph, the chain panel and the trace panel.
import { expect, type Locator, type Page } from '@playwright/test';

export class LabPage {
  readonly page: Page;
  readonly position: Locator;
  readonly fate: Locator;
  readonly chainTitle: Locator;
  readonly token: Locator;
  readonly currentTraceLine: Locator;
  readonly currentRule: Locator;

  constructor(page: Page) {
    this.page = page;
    this.position = page.getByTestId('step-position');
    this.fate = page.getByTestId('fate');
    this.chainTitle = page.getByTestId('chain-title');
    this.token = page.getByTestId('packet-token');
    this.currentTraceLine = page.locator('[data-testid^="trace-line-"][aria-current="step"]');
    this.currentRule = page.locator('[data-testid^="rule-"][data-mark="current"]');
  }

  async open(path = '/'): Promise<void> {
    await this.page.goto(path);
    await this.traced();
  }

  /** Waits for the engine's answer to the latest request, at its first step. */
  async traced(): Promise<void> {
    // aria-busy first: until the new trace arrives, the position still shows the previous one's "Step 1".
    await expect(this.position).toHaveAttribute('aria-busy', 'false');
    await expect(this.position).toHaveText(/^Step 1 \/ [1-9]\d*$/);
  }

  async total(): Promise<number> {
    const text = (await this.position.textContent()) ?? '';
    return Number(/\/ (\d+)/.exec(text)?.[1] ?? 0);
  }

  async step(): Promise<number> {
    const text = (await this.position.textContent()) ?? '';
    return Number(/Step (\d+)/.exec(text)?.[1] ?? 0);
  }

  button(name: 'Start' | 'Step back' | 'Play' | 'Pause' | 'Step forward' | 'End'): Locator {
    return this.page.getByRole('toolbar', { name: 'Playback' }).getByRole('button', { name, exact: true });
  }

  tableBlock(hook: string, table: string): Locator {
    return this.page.getByTestId(`table-${hook}-${table}`);
  }

  rule(table: string, chain: string, index: number): Locator {
    return this.page.getByTestId(`rule-${table}-${chain}-${index}`);
  }

  traceLine(index: number): Locator {
    return this.page.getByTestId(`trace-line-${index}`);
  }

  /** The TRACE notation of the selected trace line, e.g. "filter:INPUT:rule:4". */
  async currentNotation(): Promise<string> {
    return ((await this.currentTraceLine.getByTestId('trace-notation').textContent()) ?? '').trim();
  }

  /** Opens a built-in scenario with the scenario picker. */
  async chooseScenario(id: string): Promise<void> {
    await this.page.getByTestId('scenario-picker').selectOption(id);
    // A focused <select> keeps the arrow keys for itself, as it should: hand them back to the lab.
    await this.page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await this.traced();
  }

  /**
   * Opens the lab on a built-in scenario, picks a packet (its picker value: the 0-based index) and walks to `step`
   * (1-based) with the playback buttons.
   */
  async openAt(scenario: string, packet: number, step: number): Promise<void> {
    await this.open();
    await this.chooseScenario(scenario);
    await this.page.getByTestId('packet-picker').selectOption(String(packet));
    await this.button('Start').click();
    for (let i = 1; i < step; i += 1) await this.button('Step forward').click();
    await expect(this.position).toHaveText(new RegExp(`^Step ${step} /`));
  }

  /** Steps forward with the keyboard until the selected trace line's sentence matches `sentence`. */
  async stepUntilSentence(sentence: RegExp): Promise<void> {
    const total = await this.total();
    for (let i = 0; i < total; i += 1) {
      if (sentence.test((await this.currentTraceLine.textContent()) ?? '')) return;
      const before = await this.step();
      await this.page.keyboard.press('ArrowRight');
      await expect(this.position).toHaveText(new RegExp(`^Step ${before + 1} /`));
    }
    throw new Error(`no trace line matching ${sentence}`);
  }

  /** Steps forward with the keyboard until the selected trace line shows `notation`. */
  async stepUntil(notation: string): Promise<void> {
    const total = await this.total();
    for (let i = 0; i < total; i += 1) {
      if ((await this.currentNotation()) === notation) return;
      const before = await this.step();
      await this.page.keyboard.press('ArrowRight');
      await expect(this.position).toHaveText(new RegExp(`^Step ${before + 1} /`));
    }
    throw new Error(`no trace line ${notation}`);
  }
}
