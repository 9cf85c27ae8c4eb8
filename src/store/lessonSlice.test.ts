// Guided lessons in the store, against the real engine in-process: a step loads its scenario, a "try" step fails
// on its starting state and passes once the student did the task, progress is kept, and a lesson link round-trips.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { findLesson } from '../lessons/index.ts';
import { decodeShare, encodeShare } from '../share/codec.ts';
import { inProcessEngine } from './engine.ts';
import { createLabStore } from './index.ts';
import { LESSON_PROGRESS_KEY, lessonMarksOf } from './lessonSlice.ts';
import { currentTimeline } from './playbackSlice.ts';
import { sharedStateOf } from './scenarioSlice.ts';

function memoryStorage() {
  const map = new Map<string, string>();
  return { getItem: (k: string) => map.get(k) ?? null, setItem: (k: string, v: string) => void map.set(k, v) };
}

afterEach(() => {
  vi.unstubAllGlobals();
});

function store() {
  return createLabStore(inProcessEngine());
}

describe('lesson slice', () => {
  it("opens a step: its scenario, packets and marks are the lab's", () => {
    const s = store();
    s.getState().openLesson('tables-and-chains', 2);
    const state = s.getState();
    expect(state.lessonId).toBe('tables-and-chains');
    expect(state.lessonStep).toBe(2);
    expect(state.scenarioId).toBe('port-forward');
    expect(state.rules).toContain('*raw');
    expect(state.packetIndex).toBe(1);
    expect(lessonMarksOf(state)).toContain('INPUT:nat');
  });

  it('a "send" step fails on its starting packets and passes once the forwarded packet is added', async () => {
    const storage = memoryStorage();
    vi.stubGlobal('localStorage', storage);
    const s = store();
    s.getState().openLesson('tables-and-chains', 4);
    expect(s.getState().panelTab).toBe('packets');
    await s.getState().checkLessonStep();
    expect(s.getState().lessonCheck.status).toBe('fail');
    const step = findLesson('tables-and-chains')!.steps[4]!;
    s.getState().setPackets(step.solution!.packets!);
    await s.getState().checkLessonStep();
    expect(s.getState().lessonCheck.status).toBe('pass');
    expect(s.getState().lessonProgress['tables-and-chains']?.passed).toEqual([4]);
    expect(JSON.parse(storage.getItem(LESSON_PROGRESS_KEY) ?? '{}')).toMatchObject({
      'tables-and-chains': { step: 4, passed: [4] },
    });
    // A new tab of the lab finds the lesson where the student left it.
    expect(store().getState().lessonProgress['tables-and-chains']).toEqual({ step: 4, passed: [4] });
  });

  it('a "rules" step names the probes that fail, and passes with the solution rules', async () => {
    const s = store();
    s.getState().openLesson('custom-chains', 4);
    await s.getState().checkLessonStep();
    expect(s.getState().lessonCheck).toEqual({ status: 'fail', probes: [false, true, true] });
    const lesson = findLesson('custom-chains')!;
    s.getState().setRules(lesson.files['second-office.rules.txt']!);
    await s.getState().checkLessonStep();
    expect(s.getState().lessonCheck.status).toBe('pass');
  });

  it('a "step" step passes only on the rule whose DNAT runs', async () => {
    const s = store();
    s.getState().openLesson('nat-reply-path', 4);
    await s.getState().requestTrace({ keepStep: true });
    await s.getState().checkLessonStep();
    expect(s.getState().lessonCheck.status).toBe('fail');
    const at = currentTimeline(s.getState()).findIndex((e) => e.step.kind === 'rule' && e.step.target?.name === 'DNAT');
    expect(at).toBeGreaterThan(0);
    s.getState().goToStep(at);
    await s.getState().checkLessonStep();
    expect(s.getState().lessonCheck.status).toBe('pass');
  });

  it('the IPVS comparison: the service packet crosses FORWARD in iptables mode and INPUT in IPVS mode', async () => {
    const s = store();
    s.getState().openLesson('iptables-vs-ipvs', 1);
    await expect.poll(() => s.getState().lessonCompare, { timeout: 5000 }).not.toBeNull();
    const { iptables, ipvs } = s.getState().lessonCompare!;
    expect(iptables.stops).toContain('FORWARD:filter');
    expect(iptables.stops).not.toContain('INPUT:filter');
    expect(ipvs.stops).toContain('INPUT:filter');
    expect(ipvs.stops).toContain('INPUT:ipvs');
    expect(ipvs.stops).not.toContain('FORWARD:filter');
  });

  it("a lesson link carries the lesson and step, and opening it resumes the lesson over the link's scenario", () => {
    const a = store();
    a.getState().openLesson('conntrack-states', 3);
    const link = decodeShare(encodeShare(sharedStateOf(a.getState())));
    expect(link.ok && link.state.view.lesson).toEqual({ id: 'conntrack-states', step: 3 });
    const b = store();
    if (link.ok) b.getState().applyShared(link.state);
    expect(b.getState().lessonId).toBe('conntrack-states');
    expect(b.getState().lessonStep).toBe(3);
    expect(b.getState().packets).toEqual(a.getState().packets);
  });

  it('a link with an out-of-bounds lesson step is refused as a link', () => {
    const a = store();
    a.getState().openLesson('conntrack-states', 0);
    const shared = sharedStateOf(a.getState());
    const bad = decodeShare(encodeShare({ ...shared, view: { ...shared.view, lesson: { id: 'x', step: 1e6 } } }));
    expect(bad).toMatchObject({ ok: false, error: 'invalid-content', detail: 'view.lesson.step' });
  });

  it("the batch step sends its count of new connections from the step's packet; another step forgets it was sent", async () => {
    const s = store();
    const lesson = findLesson('kube-services')!;
    const at = lesson.steps.findIndex((x) => x.view === 'batch');
    s.getState().openLesson('kube-services', at);
    expect(s.getState().lessonBatchSent).toBe(false);
    await s.getState().runLessonBatch();
    const state = s.getState();
    expect(state.lessonBatchSent).toBe(true);
    expect(state.batchStatus).toBe('done');
    expect(state.batchResult).toMatchObject({ kind: 'connections', sent: lesson.steps[at]!.batch!.count });
    expect(state.batchResult?.endpoints).toHaveLength(3);
    expect(state.batchExact?.map((o) => o.fraction)).toEqual(['1/3', '1/3', '1/3']);
    s.getState().goToLessonStep(at - 1);
    expect(s.getState().lessonBatchSent).toBe(false);
  });
});
