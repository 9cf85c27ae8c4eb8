// IPVS in the lab's own scenarios (issue #11): the kube-ipvs scenario traced step by step (IPVS at LOCAL_IN 99 names
// the real server rr chose; the packet crosses filter INPUT, never FORWARD), its ipvsadm-save text in the editor
// beside the rules, and a batch of new connections split exactly a third per real server.
import { expect, test, type Page } from '@playwright/test';
import { BatchPanel } from './pages/BatchPanel.ts';
import { LabPage } from './pages/LabPage.ts';

const SERVERS = ['10.244.0.2:8080', '10.244.0.3:8080', '10.244.0.4:8080'];

async function openIpvs(page: Page): Promise<LabPage> {
  await page.setViewportSize({ width: 1280, height: 720 });
  const lab = new LabPage(page);
  await lab.open();
  await lab.chooseScenario('kube-ipvs');
  return lab;
}

test('the first SYN: IPVS at INPUT 99 names the real server rr chose, and the walk crosses filter INPUT, not FORWARD', async ({
  page,
}) => {
  const lab = await openIpvs(page);
  const total = await lab.total();
  // The trace panel draws only the lines in sight: scroll it through in the page, reading each line's TRACE
  // notation and sentence (one round trip, not one per line).
  const lines = await page.getByRole('region', { name: 'Trace' }).evaluate(async (el) => {
    const seen: Record<number, [string, string]> = {};
    const frame = () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    for (let top = 0; top <= el.scrollHeight; top += Math.max(40, el.clientHeight / 2)) {
      el.scrollTo(0, top);
      await frame();
      for (const line of el.querySelectorAll<HTMLElement>('[data-testid^="trace-line-"]')) {
        const index = Number(line.dataset.testid!.slice('trace-line-'.length));
        const text = (id: string) => line.querySelector(`[data-testid="${id}"]`)?.textContent?.trim() ?? '';
        seen[index] = [text('trace-notation'), text('trace-sentence')];
      }
    }
    return seen;
  });
  const notations = new Map(Object.entries(lines).map(([i, [n]]) => [Number(i), n]));
  const sentences = new Map(Object.entries(lines).map(([i, [, t]]) => [Number(i), t]));
  expect(notations.size).toBe(total);
  const walk = [...notations.entries()].sort((a, b) => a[0] - b[0]).map(([, n]) => n);
  expect(walk).toContain('ipvs:INPUT:99');
  expect(walk.some((n) => n.startsWith('filter:INPUT:'))).toBe(true);
  expect(walk.some((n) => n.includes(':FORWARD:'))).toBe(false);
  // filter INPUT comes before IPVS takes the packet (LOCAL_IN, priority 99 is after filter's 0).
  expect(walk.findIndex((n) => n.startsWith('filter:INPUT:'))).toBeLessThan(walk.indexOf('ipvs:INPUT:99'));
  // The IPVS line names the real server rr chose.
  const ipvsAt = [...notations.entries()].find(([, n]) => n === 'ipvs:INPUT:99')![0];
  expect(sentences.get(ipvsAt)).toContain('real server 1 of 3 (10.244.0.4:8080)');
  await lab.button('End').click();
  await expect(lab.fate).toContainText('cni0');
});

test('the virtual services are edited beside the rules, as ipvsadm-save -n text', async ({ page }) => {
  await openIpvs(page);
  await page.getByTestId('tab-rules').click();
  await page.getByTestId('edit-ipvs').click();
  await expect(page.getByTestId('ipvs-editor')).toContainText('-A -t 10.96.0.10:80 -s rr');
  await page.getByTestId('edit-ipsets').click();
  await expect(page.getByTestId('ipsets-editor')).toContainText('add KUBE-CLUSTER-IP 10.96.0.10,tcp:80');
});

test('a batch of 300 new connections: one bar per real server, 100 each (rr)', async ({ page }) => {
  await openIpvs(page);
  const batch = new BatchPanel(page);
  await batch.open();
  await batch.start(300);
  await expect(batch.rows).toHaveCount(3, { timeout: 20_000 });
  const bars = await batch.bars();
  expect([...bars.keys()]).toEqual(SERVERS);
  expect([...bars.values()]).toEqual([100, 100, 100]);
});

test('IPVS can be added to any scenario: a virtual service typed beside the host firewall takes its HTTP SYN', async ({
  page,
}) => {
  const lab = new LabPage(page);
  await page.setViewportSize({ width: 1280, height: 720 });
  await lab.openAt('host-firewall', 3, 1); // option 3 is packet #4, the HTTP SYN
  await page.getByTestId('tab-rules').click();
  await page.getByTestId('edit-ipvs').click();
  const editor = page.locator('[data-testid="ipvs-editor"] .cm-content');
  await editor.click();
  await page.keyboard.insertText('-A -t 192.168.1.10:80 -s rr\n-a -t 192.168.1.10:80 -r 192.168.1.20:8080 -m -w 1\n');
  // Without IPVS the SYN is delivered to the local process. The filter INPUT rule for port 80 accepts it, then
  // IPVS at LOCAL_IN 99 (after filter) sends it on to the real server out of eth0 (masq forwarding).
  // Each keystroke may re-trace: End is pressed again until the trace of the typed text is the one shown.
  await expect(async () => {
    await lab.button('End').click();
    await expect(lab.fate).toContainText('eth0', { timeout: 2_000 });
  }).toPass();
});
