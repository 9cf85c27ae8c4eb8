// What a long task spent its time on, from Chromium's own performance trace (the DevTools Performance panel's data):
// style, layout, paint, script, GC, message deserialisation — the native work the sampling profiler shows only as
// "(program)" — and the task's thread (CPU) time beside its wall time: on a shared machine a task waits for a core,
// and the wall time then says more about the machine than about the lab.
import type { Browser, Page } from '@playwright/test';

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  tdur?: number;
  args?: { name?: string };
}

export interface TaskBreakdown {
  /** Wall and thread time of the task, ms. */
  wallMs: number;
  cpuMs: number;
  /** Self time by trace event name (Layout, UpdateLayoutTree, FunctionCall, MajorGC, …), largest first, ms. */
  self: { name: string; ms: number }[];
}

const CATEGORIES = [
  'toplevel',
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'v8',
  'blink.user_timing',
];
const SYNC_MARK = 'bench-chrome-trace-sync';

export class ChromeTracer {
  private browser: Browser | null = null;
  private syncAt = 0;
  private events: TraceEvent[] = [];

  async start(page: Page): Promise<void> {
    this.browser = page.context().browser();
    if (!this.browser) return;
    await this.browser.startTracing(page, { categories: CATEGORIES });
    // A user-timing mark at a known performance.now() ties the trace's clock to the page's.
    this.syncAt = await page.evaluate((name) => performance.mark(name).startTime, SYNC_MARK);
  }

  async stop(): Promise<void> {
    if (!this.browser) return;
    const buffer = await this.browser.stopTracing();
    const json = JSON.parse(buffer.toString('utf8')) as { traceEvents: TraceEvent[] } | TraceEvent[];
    this.events = Array.isArray(json) ? json : json.traceEvents;
  }

  /** The task of the page's main thread that covers [start, start + duration] of the page's clock. */
  breakdown(start: number, duration: number): TaskBreakdown | null {
    const sync = this.events.find((e) => e.name === SYNC_MARK);
    if (!sync) return null;
    const main = this.events.find(
      (e) => e.ph === 'M' && e.name === 'thread_name' && e.pid === sync.pid && e.args?.name === 'CrRendererMain',
    );
    if (!main) return null;
    // Trace time in µs; the page's performance.now() in ms.
    const toTrace = (ms: number) => sync.ts + (ms - this.syncAt) * 1000;
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
    const inside = onMain.filter((e) => e !== task && e.ts >= task.ts && e.ts + e.dur! <= task.ts + task.dur!);
    // Self time: an event's duration less that of the events nested in it.
    const self = new Map<string, number>();
    const stack: { end: number; name: string }[] = [{ end: task.ts + task.dur!, name: '(task itself)' }];
    const add = (name: string, us: number) => self.set(name, (self.get(name) ?? 0) + us);
    add('(task itself)', task.dur!);
    for (const e of inside) {
      while (stack.length > 1 && stack.at(-1)!.end <= e.ts) stack.pop();
      add(stack.at(-1)!.name, -e.dur!);
      add(e.name, e.dur!);
      stack.push({ end: e.ts + e.dur!, name: e.name });
    }
    return {
      wallMs: task.dur! / 1000,
      cpuMs: (task.tdur ?? task.dur!) / 1000,
      self: [...self]
        .filter(([, us]) => us >= 500)
        .sort((a, b) => b[1] - a[1])
        .slice(0, 6)
        .map(([name, us]) => ({ name, ms: us / 1000 })),
    };
  }
}
