// Which code a long task ran: Chromium's sampling profiler (CDP `Profiler`) on the page's main thread, its samples
// lined up with the long-task observer's entries, and each sampled frame mapped back to its source through the
// build's hidden source maps (the bench builds with `--sourcemap hidden`). A long task alone says when the page
// was blocked; this says by what.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { originalPositionFor, TraceMap } from '@jridgewell/trace-mapping';
import type { CDPSession, Page } from '@playwright/test';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface Attribution {
  /** Where the time was spent, innermost frame first: `function (src/file.ts:line)`, with ms. */
  self: { frame: string; ms: number }[];
  /** The innermost frame of the app's own code (src/) on each sample's stack, with ms. */
  app: { frame: string; ms: number }[];
  /** ms of samples that ran the test harness's script only (Playwright's injected script), no page code. */
  harnessMs: number;
  /** ms of all samples in the task. */
  sampledMs: number;
  /** The harness's innermost named frames, with ms. */
  harness: { frame: string; ms: number }[];
  /** The innermost frames of each sampled stack (innermost first, joined by ' < '), with ms: what called the self time. */
  stacks: { frame: string; ms: number }[];
}

/** How many frames of a stack `stacks` keeps. */
const STACK_DEPTH = 8;

/** V8's pseudo-frames: they name no script. */
const PSEUDO_FRAMES = new Set(['(root)', '(program)', '(idle)', '(garbage collector)']);

/**
 * A sample of the test harness: a script with no address (Playwright's injected script and page.evaluate bodies are
 * evaluated over CDP, not loaded from the page's origin) and no frame of the page's own scripts on the stack. An
 * evaluate that calls into the lab (the store, React) has the lab's frames on its stack and stays the lab's.
 */
function isHarnessStack(stack: ProfileNode[]): boolean {
  const scripted = stack.filter((n) => !PSEUDO_FRAMES.has(n.callFrame.functionName) || n.callFrame.url);
  return scripted.length > 0 && scripted.every((n) => !/^https?:/.test(n.callFrame.url));
}

const DIST = fileURLToPath(new URL('../../dist/', import.meta.url));
/** A function with a name the samples can be found by: it marks a known performance.now() in the profile. */
const SYNC_MARK = 'benchProfileSyncMark';

export class MainThreadProfiler {
  private cdp: CDPSession | null = null;
  private syncAt = 0;
  private profile: Profile | null = null;
  private maps = new Map<string, TraceMap | null>();

  async start(page: Page): Promise<void> {
    this.cdp = await page.context().newCDPSession(page);
    await this.cdp.send('Profiler.enable');
    await this.cdp.send('Profiler.setSamplingInterval', { interval: 500 });
    await this.cdp.send('Profiler.start');
    // A 20 ms busy loop under a known name at a known performance.now(): the first sample inside it ties the
    // profile's clock to the page's.
    this.syncAt = await page.evaluate(() => {
      const at = performance.now();
      // The name must match SYNC_MARK (page code cannot read the test's constants).
      function benchProfileSyncMark() {
        while (performance.now() < at + 20);
      }
      benchProfileSyncMark();
      return at;
    });
  }

  async stop(): Promise<void> {
    if (!this.cdp) return;
    const { profile } = (await this.cdp.send('Profiler.stop')) as unknown as { profile: Profile };
    this.profile = profile;
    // PROFILE_DUMP=file.cpuprofile keeps the whole profile (DevTools, Performance panel, opens it).
    if (process.env.PROFILE_DUMP) writeFileSync(process.env.PROFILE_DUMP, JSON.stringify(profile));
  }

  /** The samples taken in [start, start + duration] of the page's clock, grouped by frame. */
  attribute(start: number, duration: number, top = 4): Attribution | null {
    const profile = this.profile;
    if (!profile) return null;
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    const parent = new Map<number, number>();
    for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
    const stackOf = (id: number): ProfileNode[] => {
      const stack: ProfileNode[] = [];
      for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) stack.push(byId.get(at)!);
      return stack;
    };
    // Sample times in ms of the profile's clock.
    const times: number[] = [];
    let t = profile.startTime;
    for (const d of profile.timeDeltas) times.push((t += d) / 1000);
    const syncIndex = profile.samples.findIndex((s) => stackOf(s).some((n) => n.callFrame.functionName === SYNC_MARK));
    if (syncIndex < 0) return null;
    const offset = times[syncIndex]! - this.syncAt;
    const self = new Map<string, number>();
    const app = new Map<string, number>();
    const harness = new Map<string, number>();
    const stacks = new Map<string, number>();
    let harnessMs = 0;
    let sampledMs = 0;
    for (let i = 0; i < profile.samples.length; i++) {
      const at = times[i]! - offset;
      if (at < start || at > start + duration) continue;
      const ms = (times[i + 1] ?? times[i]!) - times[i]!;
      const stack = stackOf(profile.samples[i]!);
      const leaf = stack[0]!;
      sampledMs += ms;
      if (isHarnessStack(stack)) {
        harnessMs += ms;
        const named = stack.find((n) => n.callFrame.functionName && !PSEUDO_FRAMES.has(n.callFrame.functionName));
        const name = named?.callFrame.functionName ?? '(anonymous)';
        harness.set(name, (harness.get(name) ?? 0) + ms);
      }
      const selfName = this.describe(leaf.callFrame);
      self.set(selfName, (self.get(selfName) ?? 0) + ms);
      const own = stack.map((n) => this.describe(n.callFrame)).find((f) => f.includes('(src/'));
      if (own) app.set(own, (app.get(own) ?? 0) + ms);
      const path = stack
        .slice(0, STACK_DEPTH)
        .map((n) => this.describe(n.callFrame))
        .join(' < ');
      stacks.set(path, (stacks.get(path) ?? 0) + ms);
    }
    const best = (m: Map<string, number>) =>
      [...m]
        .sort((a, b) => b[1] - a[1])
        .slice(0, top)
        .map(([frame, ms]) => ({ frame, ms }));
    return {
      self: best(self),
      app: best(app),
      harness: best(harness),
      stacks: best(stacks),
      harnessMs,
      sampledMs,
    };
  }

  /** `name (source:line)` through the source map when the frame is the app's bundle, else as the profile says. */
  private describe(frame: CallFrame): string {
    const name = frame.functionName || '(anonymous)';
    const file = /\/assets\/[^/?#]+\.js/.exec(frame.url)?.[0];
    if (!file) return frame.url ? `${name} (${frame.url.replace(/^.*\//, '')})` : name;
    const map = this.mapFor(file);
    if (!map || frame.lineNumber < 0) return `${name} (${file})`;
    const pos = originalPositionFor(map, { line: frame.lineNumber + 1, column: frame.columnNumber });
    if (!pos.source) return `${name} (${file})`;
    const source = pos.source.replace(/^(\.\.\/)+/, '').replace(/^.*node_modules\//, 'node_modules/');
    return `${pos.name ?? name} (${source}:${pos.line})`;
  }

  private mapFor(file: string): TraceMap | null {
    if (!this.maps.has(file)) {
      const path = `${DIST}${file.slice(1)}.map`;
      this.maps.set(file, existsSync(path) ? new TraceMap(readFileSync(path, 'utf8')) : null);
    }
    return this.maps.get(file)!;
  }
}
