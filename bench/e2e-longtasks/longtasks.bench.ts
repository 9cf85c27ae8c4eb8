// Issues #4 point 6, #8 point 8, #11 point 4 and #13 point 4: with a 10,000-service kube-proxy dump in the running
// lab, how long until its trace is on screen, how long the main thread is ever blocked (budget: 50 ms), how long
// from changing one packet field to the new trace shown (budget: 300 ms), and whether a 50 MB paste or a 1 MB line
// in the editor blocks the page (budget: 200 ms). It prints figures; it is not part of `npm test`.
import { execSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { expect, test, type Page } from '@playwright/test';
import { generateKubeProxyDump } from '../../src/engine/gen/kubeProxy.ts';
import { formatIPv4 } from '../../src/engine/net/ipv4.ts';
import { ChromeTracer } from './chromeTrace.ts';
import { MainThreadProfiler } from './mainThreadProfile.ts';

const SERVICES = Number(process.env.SERVICES ?? 10_000);
const ENDPOINTS = Number(process.env.ENDPOINTS ?? 5);
const TASK_BUDGET_MS = 50;
const RETRACE_BUDGET_MS = 300;
const PASTE_BUDGET_MS = 200;
/** PROFILE=0 leaves Chromium's sampling profiler off (it adds a little to every task it samples). */
const PROFILE = process.env.PROFILE !== '0';
/** PROFILE_STACKS=1 also prints each attributed task's most sampled stacks (what called the self time). */
const STACKS = process.env.PROFILE_STACKS === '1';
/** CHROME_TRACE=1 records Chromium's performance trace too: each long task's style, layout, paint, GC and CPU time. */
const CHROME_TRACE = process.env.CHROME_TRACE === '1';
/** How many of the longest tasks get their code named. */
const ATTRIBUTED_TASKS = 8;
/** How many of the tasks with the most thread time CHROME_TRACE=1 lists. */
const BUSIEST = 8;

/** A task's thread time and what it spent its time on, from Chromium's trace. */
function described(tracer: ChromeTracer, task: { start: number; duration?: number; wallMs?: number }): string {
  const parts = tracer.breakdown(task.start, task.duration ?? task.wallMs ?? 0);
  if (!parts) return 'not found in the trace';
  const self = parts.self.map((p) => `${p.name} ${p.ms.toFixed(0)}/${p.cpuMs.toFixed(0)}`).join(', ');
  const compositor = parts.compositorCpuMs >= 1 ? ` (compositor thread ${parts.compositorCpuMs.toFixed(0)} ms)` : '';
  return `CPU ${parts.cpuMs.toFixed(0)} ms${compositor}; ${self}`;
}

interface Packet {
  in: string;
  proto: string;
  src: string;
  dst: string;
  sport: number;
  dport: number;
  tcpFlags: string[];
}
interface LabWindow {
  netfilterLab: {
    setState(state: object): void;
    getState(): {
      requestTrace(): Promise<void>;
      updatePacket(index: number, packet: Packet): void;
      setPanelTab(tab: string): void;
      packets: Packet[];
      rules: string;
    };
  };
  longTasks: { start: number; duration: number }[];
  /** Resolves with performance.now() at the first frame where the test id's text matches. */
  whenText(testId: string, pattern: string): Promise<number>;
  /** Resolves with performance.now() at the first frame where an element matches the CSS selector. */
  whenShown(selector: string): Promise<number>;
}

/** The generator numbers cluster IPs from 10.96.0.10 (src/engine/gen/kubeProxy.ts). */
const vip = (service: number) => formatIPv4((((10 << 24) | (96 << 16)) + 10 + service) >>> 0);

async function now(page: Page): Promise<number> {
  return page.evaluate(() => performance.now());
}

/** Long-task observer and a text watcher that timestamps the frame a text appears in (not the test's polling). */
async function instrument(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as LabWindow;
    w.longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.longTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: false });
    w.whenShown = (selector) =>
      new Promise((resolve) => {
        const check = () => {
          if (document.querySelector(selector)) resolve(performance.now());
          else requestAnimationFrame(check);
        };
        check();
      });
    w.whenText = (testId, pattern) =>
      new Promise((resolve) => {
        const re = new RegExp(pattern);
        const check = () => {
          const el = document.querySelector(`[data-testid="${testId}"]`);
          if (el && re.test(el.textContent ?? '')) resolve(performance.now());
          else requestAnimationFrame(check);
        };
        check();
      });
  });
}

test(`a ${SERVICES}-service kube-proxy dump in the lab: first render, long tasks, re-trace, big pastes`, async ({
  page,
}) => {
  const rules = generateKubeProxyDump({ services: SERVICES, endpoints: ENDPOINTS });
  await page.goto('/');
  await expect(page.getByTestId('step-position')).toHaveText(/^Step 1 \/ [1-9]/);
  // The dump is fetched by the page like a file a user opens, not pushed through the test harness.
  await page.route('**/__bench/kube-proxy.txt', (route) => route.fulfill({ body: rules, contentType: 'text/plain' }));
  await instrument(page);
  const profiler = new MainThreadProfiler();
  if (PROFILE) await profiler.start(page);
  const tracer = new ChromeTracer();
  if (CHROME_TRACE) await tracer.start(page);

  const digits = String(SERVICES).length;
  const marks: { label: string; at: number }[] = [];
  const mark = async (label: string) => marks.push({ label, at: await now(page) });

  // 1. Load the dump and trace a SYN to the LAST service (the longest walk through KUBE-SERVICES).
  await mark('harness: the page fetches the dump (not the lab)');
  const loaded = await page.evaluate(
    async ({ dst, digits }) => {
      const w = window as unknown as LabWindow;
      const text = await (await fetch('/__bench/kube-proxy.txt')).text();
      const shown = w.whenText('step-position', `^Step 1 / \\d{${digits},}$`);
      // The trace list too: views render the step in a deferred, sliced render, not in the store's own task.
      const linesBefore = document.querySelector('[data-testid="trace-list"]')?.getAttribute('data-lines');
      const listed = w.whenShown(`[data-testid="trace-list"]:not([data-lines="${linesBefore}"])`);
      // The lab gets the text in a task of its own, after `start`: handing 25 MB to the store and on to the engine
      // worker is the lab's work, and used to run in the harness's fetch task, left out of the figures.
      const start = performance.now();
      await new Promise<void>((handed) =>
        setTimeout(() => {
          handOver();
          handed();
        }, 0),
      );
      return { start, shown: Math.max(await shown, await listed) };

      function handOver() {
        w.netfilterLab.setState({
          rules: text,
          host: {
            interfaces: [
              { name: 'lo', addresses: ['127.0.0.1/8'] },
              { name: 'eth0', addresses: ['192.168.0.10/24'] },
              { name: 'cni0', addresses: ['10.244.0.1/16'] },
            ],
            routes: [{ to: 'default', via: '192.168.0.1', dev: 'eth0' }],
            forwarding: true,
          },
          packets: [{ in: 'cni0', proto: 'tcp', src: '10.244.0.5', dst, sport: 40000, dport: 80, tcpFlags: ['SYN'] }],
        });
        void w.netfilterLab.getState().requestTrace();
      }
    },
    { dst: vip(SERVICES - 1), digits },
  );
  marks.push({ label: 'parse+trace', at: loaded.start });
  const position = page.getByTestId('step-position');
  const total = ((await position.textContent()) ?? '').replace(/.*\/ /, '');

  // 2. Walk the trace as a student would: to the end, back, into the huge chain.
  await mark('End');
  await page.keyboard.press('End');
  await expect(page.getByTestId('fate')).not.toHaveAttribute('data-fate', '');
  await mark('Home');
  await page.keyboard.press('Home');
  await expect(position).toHaveText(/^Step 1 \//);
  await mark('open nat PREROUTING');
  await page.getByTestId('table-PREROUTING-nat').click();
  await expect(page.getByTestId('chain-title')).toHaveText('nat / PREROUTING');
  await mark('click the jump rule');
  await page
    .getByRole('button', { name: /-j KUBE-SERVICES/ })
    .first()
    .click();
  await mark('step into KUBE-SERVICES');
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('chain-title')).toHaveText('nat / KUBE-SERVICES');
  await expect(page.getByTestId('rule-list')).toContainText('KUBE-SERVICES');
  await mark('scroll KUBE-SERVICES to its end');
  await page.getByTestId('rule-list').evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
  // The last hundred services are in the last namespace: their rules were fetched as they came into sight.
  await expect(page.getByTestId('rule-list')).toContainText(`ns${Math.floor((SERVICES - 1) / 100)}/svc`);

  // 3. Find the last Service's chain by its name in kube-proxy's comments.
  await mark('search a chain by comment');
  const searchStart = await now(page);
  await page.getByTestId('chain-search').fill(`ns${Math.floor((SERVICES - 1) / 100)}/svc${SERVICES - 1}:`);
  await expect(page.getByTestId('chain-search-result').filter({ hasText: /^KUBE-SVC-/ })).toHaveCount(1);
  const searched = (await now(page)) - searchStart;
  await page.getByTestId('chain-search').fill('');

  // 4. One packet field changed (the destination: now the FIRST service): until the new trace is on screen.
  await mark('change the packet destination');
  const retrace = await page.evaluate(
    async ({ dst, before }) => {
      const w = window as unknown as LabWindow;
      const store = w.netfilterLab.getState();
      const packet = store.packets[0]!;
      // Both shown: the counter and the trace list (and the graph) render from the same deferred step.
      const counted = w.whenText('step-position', `^Step 1 / (?!${before}$)\\d+$`);
      const listed = w.whenShown(`[data-testid="trace-list"]:not([data-lines="${before}"])`);
      const start = performance.now();
      store.updatePacket(0, { ...packet, dst });
      return Math.max(await counted, await listed) - start;
    },
    { dst: vip(0), before: total },
  );

  // 5. The rules editor gets a 50 MB paste, then a single 1 MB line: refused in a sentence, the page answering.
  await mark('open the rules editor');
  await page.getByTestId('tab-rules').click();
  await expect(page.getByTestId('rules-editor').locator('.cm-content')).toBeVisible();
  await page.getByTestId('rules-editor').locator('.cm-line').first().click();
  const pastes: Record<string, { at: number; end: number }> = {};
  for (const [label, line, times] of [
    ['paste 50 MB', '-A KUBE-SERVICES -p tcp -d 10.96.0.1/32 --dport 443 -j KUBE-SVC-NPX46M4PTMTKRN6Y\n', 700_000],
    ['paste a 1 MB line', 'x', 1024 * 1024],
  ] as const) {
    // The harness builds the clipboard's text first, in a task of its own: making 50 MB of text in the page is
    // the test's work (about 0.5 s), not the lab's, and was counted as the paste's longest task before.
    await page.evaluate(
      ({ line, times }) => {
        const data = new DataTransfer();
        data.setData('text/plain', line.repeat(times));
        (window as unknown as { pasteData: DataTransfer }).pasteData = data;
      },
      { line, times },
    );
    await mark(label);
    const at = await now(page);
    await page.evaluate(() =>
      document.querySelector('[data-testid="rules-editor"] .cm-content')?.dispatchEvent(
        new ClipboardEvent('paste', {
          clipboardData: (window as unknown as { pasteData: DataTransfer }).pasteData,
          bubbles: true,
          cancelable: true,
        }),
      ),
    );
    await expect(page.getByTestId('editor-notice')).toContainText(
      label === 'paste 50 MB' ? 'the editor holds at most' : 'characters long',
    );
    pastes[label] = { at, end: await now(page) };
  }
  await mark('settle');
  await page.waitForTimeout(500); // let the last frames land in the observer (a measurement, not a sync)

  const longTasks = await page.evaluate(() => (window as unknown as LabWindow).longTasks);
  await profiler.stop();
  await tracer.stop();
  // The lab's own work starts once the dump is in the page: that is what the budgets are about.
  const phase = (t: number) => marks.filter((m) => m.at <= t).at(-1)?.label ?? 'before';
  const afterLoad = longTasks.filter((t) => t.start >= loaded.start);
  // A task where most samples ran the test harness's own script (Playwright's injected script computing an aria
  // snapshot or an accessible name for a locator) is the harness's work, not the lab's: listed apart, out of the
  // verdict. Without the profiler (PROFILE=0) nothing can be told apart, and every task counts.
  const byHarness = (t: { start: number; duration: number }) => {
    const who = profiler.attribute(t.start, t.duration);
    return who !== null && who.sampledMs > 0 && who.harnessMs > who.sampledMs / 2;
  };
  const ofHarness = afterLoad.filter(byHarness);
  const ofLab = afterLoad.filter((t) => !ofHarness.includes(t));
  const max = (tasks: { duration: number }[]) => Math.max(0, ...tasks.map((t) => t.duration));
  const within = (ok: boolean) => (ok ? 'within' : 'OVER');
  const longest = max(ofLab);
  const say = (line: string) => console.log(`[bench:e2e] ${line}`);

  say(
    `${SERVICES} services × ${ENDPOINTS} endpoints, ${(rules.length / 1e6).toFixed(1)} MB, ${total} trace steps ` +
      `for a SYN to the last service`,
  );
  say(
    `time to first render after loading the dump (parse + trace + first frame): ${(loaded.shown - loaded.start).toFixed(0)} ms`,
  );
  say(
    `longest main-thread task of the lab: ${longest.toFixed(0)} ms (budget ${TASK_BUDGET_MS} ms: ` +
      `${within(longest <= TASK_BUDGET_MS)}); ${ofLab.length} tasks over 50 ms`,
  );
  say(
    PROFILE
      ? `${ofHarness.length} tasks over 50 ms ran the test harness's own script (Playwright), not the lab: ` +
          `left out of the verdict` +
          ofHarness
            .map((t) => {
              const who = profiler.attribute(t.start, t.duration)!;
              const names = who.harness.map((e) => e.frame).join(', ');
              return `; ${t.duration.toFixed(0)} ms during ${phase(t.start)} (${names})`;
            })
            .join('')
      : "PROFILE=0: the harness's tasks cannot be told apart from the lab's: all count",
  );
  say(
    `one packet field changed → new trace shown: ${retrace.toFixed(0)} ms (budget ${RETRACE_BUDGET_MS} ms: ` +
      `${within(retrace <= RETRACE_BUDGET_MS)})`,
  );
  say(`chain search by comment (typed → result shown): ${searched.toFixed(0)} ms`);
  for (const [label, { at, end }] of Object.entries(pastes)) {
    const during = max(longTasks.filter((t) => t.start >= at && t.start <= end));
    say(
      `${label}: refused in ${(end - at).toFixed(0)} ms, longest task ${during.toFixed(0)} ms ` +
        `(budget ${PASTE_BUDGET_MS} ms: ${within(during <= PASTE_BUDGET_MS)})`,
    );
  }
  // Long tasks stretch when other processes take the cores: say so next to the figures.
  const load = loadavg()[0] ?? 0;
  say(`uptime: ${execSync('uptime').toString().trim()}`);
  if (load > cpus().length)
    say(`the machine is busy (load ${load.toFixed(1)} on ${cpus().length} cores): these figures are inflated`);
  for (const task of longTasks)
    say(
      `  ${task.duration.toFixed(0)} ms at ${task.start.toFixed(0)} ms during ${phase(task.start)}` +
        (ofHarness.includes(task) ? ' (test harness)' : ''),
    );
  if (PROFILE) attribute();
  if (!CHROME_TRACE) return;
  // Wall time counts the time a task waited for a core; its thread time is what the lab asked of the CPU.
  const cpu = ofLab.map((t) => tracer.breakdown(t.start, t.duration)?.cpuMs ?? 0);
  say(
    `of the lab's ${ofLab.length} tasks over 50 ms, ${cpu.filter((ms) => ms > TASK_BUDGET_MS).length} used over ` +
      `50 ms of CPU; the most CPU in one: ${Math.max(0, ...cpu).toFixed(0)} ms`,
  );
  // The wall budget, judged on what the lab asked of the CPU: what a quiet machine would show, about.
  const mostCpu = tracer.busiest(loaded.start, Infinity, 1)[0]?.cpuMs ?? 0;
  say(
    `the most CPU in any one task of the lab: ${mostCpu.toFixed(0)} ms ` +
      `(budget ${TASK_BUDGET_MS} ms: ${within(mostCpu <= TASK_BUDGET_MS)})`,
  );
  say(`the lab's long tasks in Chromium's trace (CPU = the task's thread time; self wall/CPU by trace event):`);
  for (const task of ofLab)
    say(`  ${task.duration.toFixed(0)} ms during ${phase(task.start)}: ${described(tracer, task)}`);
  // Whatever their wall time: the tasks that asked most of the CPU, the ones a quiet machine would still see.
  say(`the lab's ${BUSIEST} tasks with the most CPU since the dump was handed over:`);
  for (const task of tracer.busiest(loaded.start, Infinity, BUSIEST)) {
    say(`  wall ${task.wallMs.toFixed(0)} ms during ${phase(task.start)}: ${described(tracer, task)}`);
    sayAppCode(task);
  }

  function sayAppCode(task: { start: number; wallMs: number }) {
    const who = PROFILE ? profiler.attribute(task.start, task.wallMs) : null;
    if (who) say(`    app code: ${who.app.map((e) => `${e.ms.toFixed(0)} ms ${e.frame}`).join('; ') || '—'}`);
  }

  function attribute() {
    say(`the ${ATTRIBUTED_TASKS} longest tasks of the lab, by code (sampling profiler; self = innermost frame):`);
    for (const task of [...ofLab].sort((a, b) => b.duration - a.duration).slice(0, ATTRIBUTED_TASKS)) {
      const who = profiler.attribute(task.start, task.duration);
      say(`  ${task.duration.toFixed(0)} ms during ${phase(task.start)}`);
      if (!who) continue;
      const list = (entries: { frame: string; ms: number }[]) =>
        entries.map((e) => `${e.ms.toFixed(0)} ms ${e.frame}`).join('; ') || '—';
      say(`    app code: ${list(who.app)}`);
      say(`    self:     ${list(who.self)}`);
      if (STACKS) for (const s of who.stacks) say(`    stack: ${s.ms.toFixed(0)} ms ${s.frame}`);
    }
  }
});

// Issue #13 point 5 and #11 point 4: the lab opens on the work saved on the last visit. 2 MB of rules (the most
// autosave keeps) are about 600 kB of saved fragment to inflate and validate: that happens in the share-decode worker.
test('a reload restores 2 MB of saved rules: long tasks from navigation to the restored trace', async ({ page }) => {
  const services = 780;
  const rules = generateKubeProxyDump({ services, endpoints: ENDPOINTS });
  await page.goto('/');
  await expect(page.getByTestId('step-position')).toHaveText(/^Step 1 \/ [1-9]/);
  await page.route('**/__bench/saved.txt', (route) => route.fulfill({ body: rules, contentType: 'text/plain' }));
  const saved = await page.evaluate(async () => {
    const w = window as unknown as LabWindow;
    const text = await (await fetch('/__bench/saved.txt')).text();
    w.netfilterLab.setState({ rules: text });
    // Autosave compresses in its worker a quarter of a second after the change.
    while (!localStorage.getItem('netfilter-lab:autosave')?.length || w.netfilterLab.getState().rules !== text)
      await new Promise((r) => setTimeout(r, 50));
    return { chars: text.length, fragment: localStorage.getItem('netfilter-lab:autosave')?.length ?? 0 };
  });
  expect(saved.chars).toBeLessThanOrEqual(2 * 1024 * 1024);
  // Observed from the first script of the page on, so the start-up's own tasks are in.
  await page.addInitScript(() => {
    const tasks: { start: number; duration: number }[] = [];
    (window as unknown as { longTasks: typeof tasks }).longTasks = tasks;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) tasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  });
  const profiler = new MainThreadProfiler();
  const tracer = new ChromeTracer();
  // The trace starts before the navigation, so the new document's first tasks are in it.
  if (CHROME_TRACE) await tracer.start(page);
  await page.reload({ waitUntil: 'commit' });
  if (PROFILE) await profiler.start(page);
  await tracer.sync(page);
  await expect(page.getByTestId('step-position')).toHaveText(/^Step 1 \/ [1-9]/);
  await expect
    .poll(() => page.evaluate(() => (window as unknown as LabWindow).netfilterLab.getState().rules.length))
    .toBe(saved.chars);
  const shown = await now(page);
  await page.waitForTimeout(500); // let the last frames land in the observer (a measurement, not a sync)
  const longTasks = await page.evaluate(() => (window as unknown as LabWindow).longTasks);
  await profiler.stop();
  await tracer.stop();
  const say = (line: string) => console.log(`[bench:e2e] ${line}`);
  const longest = Math.max(0, ...longTasks.map((t) => t.duration));
  say(
    `reload with ${(saved.chars / 1e6).toFixed(1)} MB of saved rules (${services} services; saved fragment ` +
      `${(saved.fragment / 1e3).toFixed(0)} kB): restored trace on screen ${shown.toFixed(0)} ms after navigation; ` +
      `longest task ${longest.toFixed(0)} ms; ${longTasks.length} tasks over 50 ms`,
  );
  say(`uptime: ${execSync('uptime').toString().trim()}`);
  for (const task of [...longTasks].sort((a, b) => b.duration - a.duration).slice(0, ATTRIBUTED_TASKS)) {
    say(`  ${task.duration.toFixed(0)} ms at ${task.start.toFixed(0)} ms`);
    const who = PROFILE ? profiler.attribute(task.start, task.duration) : null;
    if (who) say(`    app code: ${who.app.map((e) => `${e.ms.toFixed(0)} ms ${e.frame}`).join('; ') || '—'}`);
    if (who && STACKS) for (const s of who.stacks) say(`    stack: ${s.ms.toFixed(0)} ms ${s.frame}`);
    if (CHROME_TRACE) say(`    ${described(tracer, task)}`);
  }
  if (!CHROME_TRACE) return;
  const mostCpu = tracer.busiest(0, Infinity, 1)[0]?.cpuMs ?? 0;
  say(`the most CPU in any one task from navigation on: ${mostCpu.toFixed(0)} ms (budget ${TASK_BUDGET_MS} ms)`);
  say(`the ${BUSIEST} tasks with the most CPU from navigation on:`);
  for (const task of tracer.busiest(0, Infinity, BUSIEST)) {
    say(`  wall ${task.wallMs.toFixed(0)} ms at ${task.start.toFixed(0)} ms: ${described(tracer, task)}`);
    sayAppCode(task);
  }

  function sayAppCode(task: { start: number; wallMs: number }) {
    const who = PROFILE ? profiler.attribute(task.start, task.wallMs) : null;
    if (who) say(`    app code: ${who.app.map((e) => `${e.ms.toFixed(0)} ms ${e.frame}`).join('; ') || '—'}`);
  }
});
