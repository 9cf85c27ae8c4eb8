// What a long task spent its time on, from Chromium's own performance trace (the DevTools Performance panel's data):
// style, layout, paint, script, GC, message deserialisation — the native work the sampling profiler shows only as
// "(program)" — and the task's thread (CPU) time beside its wall time: on a shared machine a task waits for a core,
// and the wall time then says more about the machine than about the lab.
import { writeFileSync } from 'node:fs';
import type { Browser, Page } from '@playwright/test';

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  tdur?: number;
  args?: {
    name?: string;
    data?: { functionName?: string; url?: string; lineNumber?: number };
    chrome_mojo_event_info?: { mojo_interface_tag?: string };
  };
}

export interface TaskBreakdown {
  /** Wall and thread time of the task, ms. */
  wallMs: number;
  cpuMs: number;
  /** Thread time of the renderer's compositor thread in the same span (a Commit blocks the main thread on it), ms. */
  compositorCpuMs: number;
  /** Self time by trace event name (Layout, UpdateLayoutTree, FunctionCall, MajorGC, …), most CPU first, ms. */
  self: { name: string; ms: number; cpuMs: number }[];
}

const CATEGORIES = [
  'toplevel',
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'v8',
  'blink.user_timing',
];
const SYNC_MARK = 'bench-chrome-trace-sync';
/** The mojo interface DevTools (CDP, so Playwright) talks to the page through. */
const DEVTOOLS = 'blink.mojom.DevToolsSession';

export class ChromeTracer {
  private browser: Browser | null = null;
  private syncAt = 0;
  private events: TraceEvent[] = [];

  async start(page: Page): Promise<void> {
    this.browser = page.context().browser();
    if (!this.browser) return;
    await this.browser.startTracing(page, { categories: CATEGORIES });
    await this.sync(page);
  }

  /**
   * A user-timing mark at a known performance.now() ties the trace's clock to the page's. Called again after a
   * navigation, it ties the trace to the new document's clock (only its last mark counts).
   */
  async sync(page: Page): Promise<void> {
    if (!this.browser) return;
    this.syncAt = await page.evaluate((name) => performance.mark(name).startTime, SYNC_MARK);
  }

  async stop(): Promise<void> {
    if (!this.browser) return;
    const buffer = await this.browser.stopTracing();
    const json = JSON.parse(buffer.toString('utf8')) as { traceEvents: TraceEvent[] } | TraceEvent[];
    this.events = Array.isArray(json) ? json : json.traceEvents;
    // CHROME_TRACE_DUMP=file.json keeps the whole trace (DevTools' Performance panel opens it).
    if (process.env.CHROME_TRACE_DUMP) writeFileSync(process.env.CHROME_TRACE_DUMP, buffer);
  }

  /**
   * The main thread's tasks that began in [from, to] of the page's clock, the most thread time first: what the
   * page asked of the CPU, whatever the machine's load made of their wall time.
   */
  busiest(from: number, to: number, count: number): { start: number; wallMs: number; cpuMs: number }[] {
    const clock = this.clock();
    if (!clock) return [];
    // A DevTools command is the test harness's (page.evaluate, the profiler starting), not the lab's.
    const harness = this.events.filter(
      (e) =>
        e.pid === clock.main.pid &&
        e.tid === clock.main.tid &&
        e.args?.chrome_mojo_event_info?.mojo_interface_tag === DEVTOOLS,
    );
    const ofHarness = (task: TraceEvent) => harness.some((e) => e.ts >= task.ts && e.ts <= task.ts + task.dur!);
    return this.tasksOf(clock.main)
      .filter((e) => e.ts >= clock.toTrace(from) && e.ts <= clock.toTrace(to) && !ofHarness(e))
      .sort((a, b) => (b.tdur ?? b.dur!) - (a.tdur ?? a.dur!))
      .slice(0, count)
      .map((e) => ({ start: clock.toPage(e.ts), wallMs: e.dur! / 1000, cpuMs: (e.tdur ?? e.dur!) / 1000 }));
  }

  private clock() {
    const sync = this.events.findLast((e) => e.name === SYNC_MARK);
    if (!sync) return null;
    const thread = (name: string) =>
      this.events.find((e) => e.ph === 'M' && e.name === 'thread_name' && e.pid === sync.pid && e.args?.name === name);
    const main = thread('CrRendererMain');
    if (!main) return null;
    // Trace time in µs; the page's performance.now() in ms.
    return {
      main,
      compositor: thread('Compositor'),
      toTrace: (ms: number) => sync.ts + (ms - this.syncAt) * 1000,
      toPage: (us: number) => this.syncAt + (us - sync.ts) / 1000,
    };
  }

  /** The top-level tasks of a thread (a RunTask inside another is the same task, counted once). */
  private tasksOf(thread: TraceEvent): TraceEvent[] {
    const tasks = this.events
      .filter(
        (e) =>
          e.ph === 'X' &&
          e.pid === thread.pid &&
          e.tid === thread.tid &&
          e.dur !== undefined &&
          (e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask'),
      )
      .sort((a, b) => a.ts - b.ts || b.dur! - a.dur!);
    let end = -Infinity;
    return tasks.filter((e) => {
      if (e.ts < end) return false;
      end = e.ts + e.dur!;
      return true;
    });
  }

  /** The task of the page's main thread that covers [start, start + duration] of the page's clock. */
  breakdown(start: number, duration: number): TaskBreakdown | null {
    const clock = this.clock();
    if (!clock) return null;
    const { main, toTrace } = clock;
    const from = toTrace(start) - 2000;
    const to = toTrace(start + duration) + 2000;
    const onMain = this.events
      .filter((e) => e.ph === 'X' && e.pid === main.pid && e.tid === main.tid && e.dur !== undefined)
      .filter((e) => e.ts >= from && e.ts + e.dur! <= to)
      .sort((a, b) => a.ts - b.ts || b.dur! - a.dur!);
    const task = onMain
      .filter((e) => e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask')
      .sort((a, b) => b.dur! - a.dur!)[0];
    if (!task) return null;
    const compositorCpuMs = clock.compositor
      ? this.tasksOf(clock.compositor)
          .filter((e) => e.ts < task.ts + task.dur! && e.ts + e.dur! > task.ts)
          .reduce((sum, e) => sum + (e.tdur ?? e.dur!), 0) / 1000
      : 0;
    const inside = onMain.filter((e) => e !== task && e.ts >= task.ts && e.ts + e.dur! <= task.ts + task.dur!);
    // Self time: an event's duration less that of the events nested in it; wall and thread time apart.
    const self = new Map<string, { us: number; cpuUs: number }>();
    const stack: { end: number; name: string }[] = [{ end: task.ts + task.dur!, name: '(task itself)' }];
    const add = (name: string, us: number, cpuUs: number) => {
      const was = self.get(name) ?? { us: 0, cpuUs: 0 };
      self.set(name, { us: was.us + us, cpuUs: was.cpuUs + cpuUs });
    };
    const cpuOf = (e: TraceEvent) => e.tdur ?? e.dur!;
    add('(task itself)', task.dur!, cpuOf(task));
    for (const e of inside) {
      while (stack.length > 1 && stack.at(-1)!.end <= e.ts) stack.pop();
      add(stack.at(-1)!.name, -e.dur!, -cpuOf(e));
      add(nameOf(e), e.dur!, cpuOf(e));
      stack.push({ end: e.ts + e.dur!, name: nameOf(e) });
    }
    return {
      wallMs: task.dur! / 1000,
      cpuMs: cpuOf(task) / 1000,
      compositorCpuMs,
      self: [...self]
        .filter(([, { us, cpuUs }]) => Math.max(us, cpuUs) >= 500)
        .sort((a, b) => b[1].cpuUs - a[1].cpuUs || b[1].us - a[1].us)
        .slice(0, 6)
        .map(([name, { us, cpuUs }]) => ({ name, ms: us / 1000, cpuMs: cpuUs / 1000 })),
    };
  }
}

/** A script's call is named by its function and file, so two of them are told apart. */
function nameOf(e: TraceEvent): string {
  const data = e.args?.data;
  if (e.name !== 'FunctionCall' || !data?.url) return e.name;
  return `FunctionCall ${data.functionName || '(anonymous)'} (${data.url.replace(/^.*\//, '')}:${data.lineNumber ?? '?'})`;
}
