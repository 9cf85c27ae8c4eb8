// Issue #4 point 6: while a 10,000-service kube-proxy dump is parsed and a packet traced through it, no task on
// the main thread may exceed 50 ms. This loads the dump into the running lab, traces a packet to the LAST service
// (the longest walk through KUBE-SERVICES), plays it to the end, opens KUBE-SERVICES, and prints what the Long Tasks
// API saw. It prints figures; it is not part of `npm test`.
import { cpus, loadavg } from 'node:os';
import { expect, test } from '@playwright/test';
import { generateKubeProxyDump } from '../../src/engine/gen/kubeProxy.ts';
import { formatIPv4 } from '../../src/engine/net/ipv4.ts';

const SERVICES = Number(process.env.SERVICES ?? 10_000);
const ENDPOINTS = Number(process.env.ENDPOINTS ?? 5);
const BUDGET_MS = 50;

interface LabWindow {
  netfilterLab: { setState(state: object): void; getState(): { requestTrace(): Promise<void> } };
}

test(`long tasks while a ${SERVICES}-service kube-proxy dump is traced`, async ({ page }) => {
  const rules = generateKubeProxyDump({ services: SERVICES, endpoints: ENDPOINTS });
  // The generator numbers cluster IPs from 10.96.0.10 (src/engine/gen/kubeProxy.ts).
  const lastVip = formatIPv4((((10 << 24) | (96 << 16)) + 10 + SERVICES - 1) >>> 0);

  await page.goto('/');
  await expect(page.getByTestId('step-position')).toHaveText(/^Step 1 \/ [1-9]/);

  // The dump is fetched by the page like a file a user opens, not pushed through the test harness.
  await page.route('**/__bench/kube-proxy.txt', (route) => route.fulfill({ body: rules, contentType: 'text/plain' }));
  await page.evaluate(() => {
    const w = window as unknown as { longTasks: { start: number; duration: number }[] };
    w.longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.longTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: false });
  });

  const started = Date.now();
  const phases = await page.evaluate(async (vip) => {
    const fetchedAt = performance.now();
    const rules = await (await fetch('/__bench/kube-proxy.txt')).text();
    const loadedAt = performance.now();
    // The lab's store (src/ui/app/labStore.ts puts it on window).
    const store = (window as unknown as LabWindow).netfilterLab;
    store.setState({
      rules,
      host: {
        interfaces: [
          { name: 'lo', addresses: ['127.0.0.1/8'] },
          { name: 'eth0', addresses: ['192.168.0.10/24'] },
          { name: 'cni0', addresses: ['10.244.0.1/16'] },
        ],
        routes: [{ to: 'default', via: '192.168.0.1', dev: 'eth0' }],
        forwarding: true,
      },
      packets: [{ in: 'cni0', proto: 'tcp', src: '10.244.0.5', dst: vip, sport: 40000, dport: 80, tcpFlags: ['SYN'] }],
    });
    await store.getState().requestTrace();
    return { fetchedAt, loadedAt, tracedAt: performance.now() };
  }, lastVip);
  const traced = Date.now() - started;
  const position = page.getByTestId('step-position');
  await expect(position).toHaveText(new RegExp(`^Step 1 / \\d{${String(SERVICES).length},}`));
  const total = ((await position.textContent()) ?? '').replace(/.*\/ /, '');

  // Walk the trace the way a student would: to the end, back to the start, open the huge chain.
  const marks: { label: string; at: number }[] = [
    { label: 'harness: the page fetches the dump (not the lab)', at: phases.fetchedAt },
    { label: 'parse+trace', at: phases.loadedAt },
  ];
  const mark = async (label: string) => marks.push({ label, at: await page.evaluate(() => performance.now()) });
  await mark('End');
  await page.keyboard.press('End');
  await expect(page.getByTestId('fate')).not.toHaveAttribute('data-fate', '');
  await mark('Home');
  await page.keyboard.press('Home');
  await expect(position).toHaveText(/^Step 1 \//);
  await mark('open nat PREROUTING');
  await page.getByTestId('table-PREROUTING-nat').click();
  await expect(page.getByTestId('chain-title')).toHaveText('nat / PREROUTING');
  // The jump rule of nat PREROUTING, then one step on: the packet enters KUBE-SERVICES.
  await mark('click the jump rule');
  await page
    .getByRole('button', { name: /-j KUBE-SERVICES/ })
    .first()
    .click();
  await mark('step into KUBE-SERVICES');
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('chain-title')).toHaveText('nat / KUBE-SERVICES');
  await expect(page.getByTestId('rule-list')).toContainText('KUBE-SERVICES');
  await mark('settle');
  await page.waitForTimeout(500); // let the last frames land in the observer (a measurement, not a sync)

  const longTasks = await page.evaluate(
    () => (window as unknown as { longTasks: { start: number; duration: number }[] }).longTasks,
  );
  // The lab's own work starts once the dump is in the page: that is what the 50 ms budget is about.
  const ofLab = longTasks.filter((t) => t.start >= phases.loadedAt);
  const max = Math.max(0, ...ofLab.map((t) => t.duration));
  console.log(
    `[bench:e2e] ${SERVICES} services × ${ENDPOINTS} endpoints, ${(rules.length / 1e6).toFixed(1)} MB, ` +
      `${total} trace steps, traced in ${traced} ms (worker + transfer)`,
  );
  console.log(
    `[bench:e2e] main-thread long tasks of the lab: ${ofLab.length}, max ${max.toFixed(0)} ms ` +
      `(budget ${BUDGET_MS} ms: ${max <= BUDGET_MS ? 'within' : 'OVER'}); all long tasks: ${longTasks.length}`,
  );
  // Long tasks stretch when other processes take the cores: say so next to the figure.
  const load = loadavg()[0] ?? 0;
  const busy = load > cpus().length;
  console.log(
    `[bench:e2e] load average ${load.toFixed(1)} on ${cpus().length} cores` +
      (busy ? ': the machine is busy, so these long tasks are inflated; run it again on an idle machine' : ''),
  );
  const phase = (t: number) => marks.filter((m) => m.at <= t).at(-1)?.label ?? 'before';
  for (const task of longTasks) {
    console.log(`[bench:e2e]   ${task.duration.toFixed(0)} ms during ${phase(task.start)}`);
  }
});
