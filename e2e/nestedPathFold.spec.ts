// Issue 13 point 1 and issue 11 point 4: the graph shows the path taken; a packet 5,000 chains deep gets a nested
// path of a few rows (the first chains, a folded count, the chains nearest the packet), never a box that pushes the
// diagram off the screen.
import { expect, test } from '@playwright/test';
import { goodLink, sampleState } from './fixtures/links.ts';

const DEPTH = 5000;
const chains = Array.from({ length: DEPTH }, (_, i) => `:C${i} - [0:0]`);
const jumps = Array.from({ length: DEPTH - 1 }, (_, i) => `-A C${i} -j C${i + 1}`);
const DEEP_RULES = `*filter\n:INPUT ACCEPT [0:0]\n${chains.join('\n')}\n-A INPUT -j C0\n${jumps.join('\n')}\nCOMMIT\n`;

test('a packet 5,000 chains deep: the nested path folds its middle and stays small', async ({ page }) => {
  const packet = { in: 'eth0', proto: 'udp', src: '10.0.0.9', dst: '10.0.0.1', sport: 40000, dport: 53 };
  const deep = { ...sampleState, scenario: { ...sampleState.scenario, rules: DEEP_RULES, packets: [packet] } };
  await page.goto(`/#${goodLink(deep)}`);
  const position = page.getByTestId('step-position');
  await expect(position).toHaveText(/^Step 1 \/ \d{4,}$/);
  // The whole trace is in (a long one arrives in chunks after its first steps are shown).
  await expect
    .poll(() =>
      page.evaluate(
        () =>
          (window as unknown as { netfilterLab: { getState(): { traceStatus: string } } }).netfilterLab.getState()
            .traceStatus,
      ),
    )
    .toBe('ready');
  // The packet goes 5,000 chains down, then returns up them: the deepest point is the middle of the trace.
  const total = Number(((await position.textContent()) ?? '').replace(/.*\/ /, ''));
  await page.evaluate(
    (at) => {
      const lab = (window as unknown as { netfilterLab: { getState(): { goToStep(i: number): void } } }).netfilterLab;
      lab.getState().goToStep(at);
    },
    Math.floor(total / 2),
  );
  await expect(position).toHaveText(`Step ${Math.floor(total / 2) + 1} / ${total}`);
  const path = page.getByTestId('nested-path');
  await expect(path).toBeVisible();
  const folded = page.getByTestId('nested-path-folded');
  await expect(folded).toHaveText(/… \d+ more chains …/);
  // INPUT and C0 first, then the folded chains, then the four nearest the packet: C(n+1) … C(n+4).
  const count = Number(/\d+/.exec((await folded.textContent()) ?? '')![0]);
  await expect(path.getByRole('button')).toHaveText([
    /^INPUT/,
    /C0 /,
    ...[1, 2, 3, 4].map((k) => new RegExp(`C${count + k} `)),
  ]);
  const box = await path.boundingBox();
  expect(box!.height).toBeLessThan(400);
});
