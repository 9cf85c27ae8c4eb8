// Guided lessons: the open lesson and step, what a step loads into the lab (through applyShared, like a link), its
// marks on the graph, the check of a "try" step (the engine traces the student's packets or rules, or the store's
// current step is read), the IPVS comparison, and progress remembered in localStorage.
import type { StateCreator } from 'zustand';
import type { TraceResult } from '../engine/index.ts';
import { findLesson } from '../lessons/index.ts';
import { probesPass, sendTaskHolds, stepTaskHolds, stopsMet } from '../lessons/judge.ts';
import { compareRequests, setupScenario } from '../lessons/setup.ts';
import type { Lesson, LessonStep, Mark } from '../lessons/types.ts';
import { toTraceRequest } from '../scenarios/types.ts';
import type { LabEngine } from './engine.ts';
import type { LabState } from './index.ts';
import { currentTimeline } from './playbackSlice.ts';
import { scenarioOf } from './scenarioSlice.ts';

export interface LessonProgress {
  /** The step the student was on. */
  step: number;
  /** "Try" steps passed (0-based indexes). */
  passed: number[];
}

export type LessonCheck =
  | { status: 'idle' }
  | { status: 'checking' }
  | { status: 'pass' }
  /** `probes`: one pass/fail per probe of a 'rules' task. */
  | { status: 'fail'; probes?: boolean[] };

/** One mode's walk in the IPVS comparison: the stops met and the endpoint it ended at. */
export interface CompareSide {
  stops: Mark[];
  fate: string;
  outIface: string | null;
  dst: string;
  dport: number | undefined;
}

export interface LessonSlice {
  lessonId: string | null;
  lessonStep: number;
  lessonListOpen: boolean;
  lessonCheck: LessonCheck;
  lessonCompare: { iptables: CompareSide; ipvs: CompareSide } | null;
  lessonProgress: Record<string, LessonProgress>;
  /** The batch tally shown is the one the open step's batch view sent (not a Batch tab run of another packet). */
  lessonBatchSent: boolean;
  setLessonListOpen(open: boolean): void;
  /** Opens a lesson at a step (default: where the student left it) and loads that step into the lab. */
  openLesson(id: string, step?: number): void;
  /** A lesson link: the lab already holds the link's scenario, so only the lesson and step are set. */
  resumeLesson(id: string, step: number): void;
  goToLessonStep(step: number): void;
  closeLesson(): void;
  checkLessonStep(): Promise<void>;
  /** The scale lesson's measurement at small sizes, when the Scale view has measured nothing yet. */
  measureForLesson(): Promise<void>;
  /** A 'batch' step's traffic: its count of new connections from the packet shown, random source ports. */
  runLessonBatch(): Promise<void>;
}

export const LESSON_PROGRESS_KEY = 'netfilter-lab:lessons';
/** The sizes the scale lesson measures when nothing was measured yet: quick, and already far apart. */
export const LESSON_SCALE_SIZES = [10, 100, 300];

function storage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

function loadProgress(): Record<string, LessonProgress> {
  try {
    const raw = storage()?.getItem(LESSON_PROGRESS_KEY);
    const parsed: unknown = raw ? JSON.parse(raw) : {};
    if (!parsed || typeof parsed !== 'object') return {};
    const out: Record<string, LessonProgress> = {};
    for (const [id, p] of Object.entries(parsed as Record<string, unknown>)) {
      const { step, passed } = (p ?? {}) as Partial<LessonProgress>;
      if (Number.isInteger(step) && Array.isArray(passed))
        out[id] = { step: step!, passed: passed.filter((n) => Number.isInteger(n)) };
    }
    return out;
  } catch {
    return {};
  }
}

function saveProgress(progress: Record<string, LessonProgress>): void {
  try {
    storage()?.setItem(LESSON_PROGRESS_KEY, JSON.stringify(progress));
  } catch {
    // A full or forbidden storage only loses the remembered progress.
  }
}

/** The open lesson and its current step. */
export function openLessonStep(
  state: Pick<LabState, 'lessonId' | 'lessonStep'>,
): { lesson: Lesson; step: LessonStep } | undefined {
  const lesson = state.lessonId ? findLesson(state.lessonId) : undefined;
  const step = lesson?.steps[state.lessonStep];
  return lesson && step ? { lesson, step } : undefined;
}

/** What the graph marks for the open lesson step (none without a lesson). */
export function lessonMarksOf(state: Pick<LabState, 'lessonId' | 'lessonStep'>): readonly Mark[] {
  return openLessonStep(state)?.step.marks ?? NO_MARKS;
}
const NO_MARKS: readonly Mark[] = [];

/** Is a lesson done: every "try" step passed? */
export function lessonDone(lesson: Lesson, progress: LessonProgress | undefined): boolean {
  const tries = lesson.steps.flatMap((s, i) => (s.kind === 'try' ? [i] : []));
  return progress !== undefined && tries.every((i) => progress.passed.includes(i));
}

function sideOf(result: TraceResult | undefined): CompareSide | null {
  if (!result) return null;
  return {
    stops: stopsMet(result.steps),
    fate: result.fate,
    outIface: result.outIface,
    dst: result.packet.dst,
    dport: result.packet.dport,
  };
}

export function createLessonSlice(engine: LabEngine): StateCreator<LabState, [], [], LessonSlice> {
  const { session } = engine;

  /** Traces a whole request (rules loaded for it, then released), for checks that must not disturb the lab. */
  async function traceAll(req: ReturnType<typeof toTraceRequest>): Promise<TraceResult[] | null> {
    const { rules, ipsets, ...options } = req;
    const loaded = await session.load({ text: rules, ...(ipsets !== undefined ? { ipsets } : {}) });
    try {
      const head = await session.trace({ rulesetId: loaded.rulesetId, ...options, chunk: Infinity });
      return head.response.ok && 'results' in head.response ? head.response.results : null;
    } finally {
      void session.release({ rulesetId: loaded.rulesetId }).catch(() => {});
    }
  }

  return (set, get) => {
    function remember(id: string, change: (p: LessonProgress) => LessonProgress): void {
      const before = get().lessonProgress[id] ?? { step: 0, passed: [] };
      const progress = { ...get().lessonProgress, [id]: change(before) };
      saveProgress(progress);
      set({ lessonProgress: progress });
    }

    async function runCompare(lesson: Lesson): Promise<void> {
      if (!lesson.compare) return;
      const reqs = compareRequests(lesson, lesson.compare);
      if (!reqs.iptables || !reqs.ipvs) return;
      const [left, right] = await Promise.all([traceAll(reqs.iptables), traceAll(reqs.ipvs)]);
      const iptables = sideOf(left?.[0]);
      const ipvs = sideOf(right?.[0]);
      if (get().lessonId === lesson.id && iptables && ipvs) set({ lessonCompare: { iptables, ipvs } });
    }

    /** Loads a step's setup into the lab (undoable, like opening a link) and plays it when the step says so. */
    function applyStep(lesson: Lesson, step: LessonStep): void {
      const setup = step.setup;
      const scenario = setup && setupScenario(lesson, setup);
      if (!setup || !scenario) return;
      const tab = step.task?.kind === 'rules' ? 'rules' : step.task?.kind === 'send' ? 'packets' : undefined;
      get().applyShared(
        {
          scenario,
          view: {
            packetIndex: setup.explore ? 0 : (setup.packet ?? 0),
            stepIndex: 0,
            tableOrder: get().tableOrder,
            ...(tab ? { panelTab: tab } : {}),
            ...(setup.explore ? { explore: true as const, exploredPacket: setup.packet ?? 0 } : {}),
          },
        },
        'load',
      );
      if (step.view === 'scale') get().setPanelTab('trace');
      // keepStep: the packet the step shows (applyShared set it, at step 0) stays shown while it plays.
      if (setup.play) void get().requestTrace({ keepStep: true, autoplay: true });
    }

    function showStep(id: string, index: number, apply: boolean): void {
      const lesson = findLesson(id);
      if (!lesson) return;
      const at = Math.max(0, Math.min(index, lesson.steps.length - 1));
      const step = lesson.steps[at]!;
      set({
        lessonId: id,
        lessonStep: at,
        lessonListOpen: false,
        lessonCheck: { status: 'idle' },
        lessonBatchSent: false,
      });
      remember(id, (p) => ({ ...p, step: at }));
      if (apply) applyStep(lesson, step);
      if (step.view === 'ipvs-compare') void runCompare(lesson);
    }

    return {
      lessonId: null,
      lessonStep: 0,
      lessonListOpen: false,
      lessonCheck: { status: 'idle' },
      lessonCompare: null,
      lessonProgress: loadProgress(),
      lessonBatchSent: false,

      setLessonListOpen(open) {
        set({ lessonListOpen: open });
      },

      openLesson(id, step) {
        if (!findLesson(id)) return;
        showStep(id, step ?? get().lessonProgress[id]?.step ?? 0, true);
      },

      resumeLesson(id, step) {
        if (findLesson(id)) showStep(id, step, false);
      },

      goToLessonStep(step) {
        const id = get().lessonId;
        if (id) showStep(id, step, true);
      },

      closeLesson() {
        set({ lessonId: null, lessonCheck: { status: 'idle' }, lessonCompare: null });
      },

      async checkLessonStep() {
        const open = openLessonStep(get());
        const task = open?.step.task;
        if (!open || !task) return;
        const { lesson } = open;
        const index = get().lessonStep;
        set({ lessonCheck: { status: 'checking' } });
        let pass: boolean;
        let probes: boolean[] | undefined;
        try {
          const state = get();
          const scenario = scenarioOf(state);
          if (task.kind === 'send') {
            const results = await traceAll(toTraceRequest(scenario));
            pass = results !== null && sendTaskHolds(task, results);
          } else if (task.kind === 'rules') {
            const lasts = await Promise.all(
              task.probes.map(async (p) =>
                (await traceAll({ ...toTraceRequest(scenario), packets: p.packets, seed: 1 }))?.at(-1),
              ),
            );
            probes = probesPass(task, lasts);
            pass = probes.every(Boolean);
          } else if (task.kind === 'step') {
            pass = !state.explore && stepTaskHolds(task, currentTimeline(state)[state.stepIndex]?.step);
          } else {
            pass = state.scaleStatus === 'done' && state.scalePoints.length > 0;
          }
        } catch {
          pass = false;
        }
        if (get().lessonId !== lesson.id || get().lessonStep !== index) return;
        set({ lessonCheck: pass ? { status: 'pass' } : probes ? { status: 'fail', probes } : { status: 'fail' } });
        if (pass)
          remember(lesson.id, (p) => ({ ...p, passed: [...new Set([...p.passed, index])].sort((a, b) => a - b) }));
      },

      async measureForLesson() {
        get().setScaleSizes(LESSON_SCALE_SIZES);
        await get().runScale({ repeats: 1 });
      },

      async runLessonBatch() {
        const count = openLessonStep(get())?.step.batch?.count;
        if (count === undefined) return;
        const store = get();
        store.setBatchCount(count);
        store.setBatchKind('connections');
        store.setBatchRandomPorts(true);
        set({ lessonBatchSent: true });
        await get().runBatch();
      },
    };
  };
}
