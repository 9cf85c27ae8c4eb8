// The scenario being worked on: rules text, host, packets, seed and the lesson text, with undo/redo, reset to the
// built-in version, import that never replaces the user's work on failure, and the state a share link carries.
// Every edit is an action here; each one asks the trace slice for a fresh trace.
import type { StateCreator } from 'zustand';
import type { HostSpec, TableName } from '../engine/index.ts';
import { defaultScenario, editableCopy, findBuiltin } from '../scenarios/index.ts';
import type { Scenario, ScenarioPacket } from '../scenarios/types.ts';
import type { SharedState } from '../share/codec.ts';
import { copyData } from './copyData.ts';
import type { LabState } from './index.ts';
import type { AutosaveNote } from './scenarioAutosave.ts';
import { ipvsNodeFields, parseImport, type ImportFailure, type LinkFailure } from './scenarioImport.ts';

/** The part of the state that undo, reset, autosave and share links work on. */
export interface ScenarioFields {
  /** The built-in scenario this started from, or 'custom'. */
  scenarioId: string;
  title: string;
  summary: string;
  teaching: string[];
  rules: string;
  /** With nftables rules: the iptables-save dump loaded before them (Scenario.iptablesRules). */
  iptablesRules: string | undefined;
  /** undefined: the engine's default host. */
  host: HostSpec | undefined;
  ipsets: string | undefined;
  /** `ipvsadm-save -n` text: the host's IPVS virtual services (Scenario.ipvs). */
  ipvs: string | undefined;
  packets: ScenarioPacket[];
  seed: number;
}

export type EditKind = 'rules' | 'host' | 'packets' | 'seed' | 'meta' | 'load' | 'import' | 'reset' | 'link';

/** The tab shown under the timeline: the trace, or one of the scenario editors. */
export type PanelTab =
  | 'trace'
  | 'rules'
  | 'host'
  | 'packets'
  | 'batch'
  | 'counters'
  | 'conntrack'
  | 'export'
  | 'challenges'
  | 'scale'
  | 'translate';
/** The tabs a share link keeps (the editor tabs); Counters, Conntrack and Export are views of the trace. */
type SharedTab = 'rules' | 'host' | 'packets';
const isSharedTab = (tab: PanelTab): tab is SharedTab => tab === 'rules' || tab === 'host' || tab === 'packets';

export type ImportResult =
  /** 'ipvs-node': rules, sets and IPVS services together (nflab gen-kube --mode ipvs), and kube-ipvs0 in the host. */
  | { ok: true; kind: 'scenario' | 'rules' | 'ipvs-node' }
  | { ok: false; reason: Exclude<ImportFailure, 'which-table'>; link?: LinkFailure }
  | { ok: false; reason: 'which-table'; candidates: TableName[] };

export interface ScenarioSlice extends ScenarioFields {
  undoStack: ScenarioFields[];
  redoStack: ScenarioFields[];
  /** A view option (not undone, but carried by links): which tab is open under the timeline. */
  panelTab: PanelTab;
  setPanelTab(tab: PanelTab): void;
  /** Why the scenario is not being autosaved (too big for localStorage, or the browser refused), if it is not. */
  autosaveNote: AutosaveNote;
  /** The last edit, to fold a burst of typing (in one field) into one undo step. */
  lastEdit: { kind: EditKind; at: number; typing: boolean } | null;
  loadBuiltin(id: string): void;
  setRules(rules: string): void;
  /** The iptables-save dump beside nftables rules ('' removes it). */
  setIptablesRules(text: string): void;
  /** The `ipset save` text ('' removes it). */
  setIpsets(text: string): void;
  /** The `ipvsadm-save -n` text ('' removes it). */
  setIpvs(text: string): void;
  setHost(host: HostSpec): void;
  setPackets(packets: ScenarioPacket[]): void;
  addPacket(packet: ScenarioPacket): void;
  updatePacket(index: number, packet: ScenarioPacket): void;
  removePacket(index: number): void;
  movePacket(from: number, to: number): void;
  setSeed(seed: number): void;
  setTitle(title: string): void;
  undo(): void;
  redo(): void;
  /** Back to the built-in version of this scenario (itself undoable). False for a custom scenario. */
  resetToBuiltin(): boolean;
  /**
   * A pasted or opened file: a scenario file, a share link, or rules text. On failure nothing changes. Async: a
   * link is read in a worker.
   */
  importText(text: string): Promise<ImportResult>;
  /** Replaces everything with what a share link or an autosave holds (undoable), keeping its step. */
  applyShared(state: SharedState, kind?: 'link' | 'load'): void;
}

/** Edits of the same kind closer together than this make one undo step. */
export const UNDO_GROUP_MS = 1500;
export const UNDO_LIMIT = 100;

export function fieldsOf(s: Scenario): ScenarioFields {
  return {
    scenarioId: s.id,
    title: s.title,
    summary: s.summary,
    teaching: s.teaching,
    rules: s.rules,
    iptablesRules: s.iptablesRules,
    host: s.host,
    ipsets: s.ipsets,
    ipvs: s.ipvs,
    packets: s.packets,
    seed: s.seed,
  };
}

export function pickFields(state: ScenarioFields): ScenarioFields {
  const { scenarioId, title, summary, teaching, rules, iptablesRules, host, ipsets, ipvs, packets, seed } = state;
  return { scenarioId, title, summary, teaching, rules, iptablesRules, host, ipsets, ipvs, packets, seed };
}

/** The scenario as a share link or a file carries it. A missing host is written as the engine's default. */
export function scenarioOf(state: ScenarioFields): Scenario {
  const s: Scenario = {
    id: state.scenarioId,
    title: state.title,
    summary: state.summary,
    teaching: state.teaching,
    rules: state.rules,
    host: state.host ?? { interfaces: [], routes: [], forwarding: false },
    seed: state.seed,
    packets: state.packets,
  };
  if (state.ipsets !== undefined) s.ipsets = state.ipsets;
  if (state.ipvs !== undefined && state.ipvs !== '') s.ipvs = state.ipvs;
  if (state.iptablesRules !== undefined && state.iptablesRules !== '') s.iptablesRules = state.iptablesRules;
  return s;
}

/** The state a share link is made of (sharedStateOf reads these and no other): the address bar follows them. */
export const LINKED_FIELDS = [
  'scenarioId',
  'title',
  'summary',
  'teaching',
  'rules',
  'host',
  'seed',
  'packets',
  'ipsets',
  'ipvs',
  'iptablesRules',
  'packetIndex',
  'stepIndex',
  'tableOrder',
  'panelTab',
  'explore',
  'exploredPacket',
  'lessonId',
  'lessonStep',
  'predicting',
] as const satisfies readonly (keyof LabState)[];

/** Everything a share link holds: the scenario, the packet and step shown, the table order, tab and explore mode. */
export function sharedStateOf(state: LabState): SharedState {
  return {
    scenario: scenarioOf(state),
    view: {
      packetIndex: state.packetIndex,
      stepIndex: state.stepIndex,
      tableOrder: state.tableOrder,
      ...(isSharedTab(state.panelTab) ? { panelTab: state.panelTab } : {}),
      ...(state.explore ? { explore: true as const, exploredPacket: state.exploredPacket } : {}),
      ...(state.lessonId ? { lesson: { id: state.lessonId, step: state.lessonStep } } : {}),
      ...(state.predicting ? { predict: true as const } : {}),
    },
  };
}

/** Does the scenario differ from the built-in it started from? */
/**
 * The last answer of isModified and the fields it was for: the header asks at every store change (each step, each
 * chunk of a long trace), and the answer changes only with a scenario field.
 */
let lastModified: { fields: ScenarioFields; modified: boolean } | null = null;

export function isModified(state: ScenarioFields): boolean {
  const fields = pickFields(state);
  const last = lastModified;
  if (last && (Object.keys(fields) as (keyof ScenarioFields)[]).every((k) => fields[k] === last.fields[k]))
    return last.modified;
  const modified = compareWithBuiltin(fields);
  lastModified = { fields, modified };
  return modified;
}

function compareWithBuiltin(state: ScenarioFields): boolean {
  const builtin = findBuiltin(state.scenarioId);
  if (!builtin) return true;
  // The rules may be megabytes: compare them as strings, and only the small fields as JSON.
  if (builtin.rules !== state.rules) return true;
  const { rules: _a, ...mine } = pickFields(state);
  const { rules: _b, ...original } = fieldsOf(builtin);
  return JSON.stringify(mine) !== JSON.stringify(original);
}

export interface ScenarioSliceOptions {
  /** Milliseconds, for grouping keystrokes into undo steps. */
  now?: () => number;
  initial?: Scenario;
}

export function makeScenarioSlice(opts: ScenarioSliceOptions = {}): StateCreator<LabState, [], [], ScenarioSlice> {
  const now = opts.now ?? (() => Date.now());
  return (set, get) => {
    /** Applies an edit: records the state before it for undo (unless it continues the same burst), then traces. */
    function edit(
      kind: EditKind,
      change: Partial<ScenarioFields>,
      {
        keepStep = false,
        typing = false,
        packet,
      }: { keepStep?: boolean; typing?: boolean; /** The packet to show once traced. */ packet?: number } = {},
    ): void {
      const state = get();
      const t = now();
      const last = state.lastEdit;
      const continuing = typing && last?.typing === true && last.kind === kind && t - last.at < UNDO_GROUP_MS;
      const undoStack = continuing ? state.undoStack : [...state.undoStack, pickFields(state)].slice(-UNDO_LIMIT);
      // While exploring, the packet shown is the one explored: the request is cut after it, so set it first.
      const explored = packet !== undefined && state.explore ? { exploredPacket: packet } : {};
      set({ ...change, ...explored, undoStack, redoStack: [], lastEdit: { kind, at: t, typing } });
      void get().requestTrace(packet !== undefined && !state.explore ? { packet } : { keepStep });
    }

    /** The packet shown after an edit of the list, so the header's picker and the Packets tab keep agreeing. */
    function shownPacket(): number {
      const s = get();
      return s.explore ? s.exploredPacket : s.packetIndex;
    }

    function restore(fields: ScenarioFields, undoStack: ScenarioFields[], redoStack: ScenarioFields[]): void {
      set({ ...fields, undoStack, redoStack, lastEdit: null });
      void get().requestTrace({ keepStep: false });
    }

    return {
      ...fieldsOf(structuredClone(opts.initial ?? defaultScenario)),
      undoStack: [],
      redoStack: [],
      lastEdit: null,
      panelTab: 'trace',
      autosaveNote: null,

      setPanelTab(tab) {
        set({ panelTab: tab });
      },

      loadBuiltin(id) {
        const builtin = findBuiltin(id);
        if (!builtin) return;
        edit('load', fieldsOf(editableCopy(builtin)));
      },
      setRules(rules) {
        if (rules !== get().rules) edit('rules', { rules }, { keepStep: true, typing: true });
      },
      setIptablesRules(text) {
        if (text !== (get().iptablesRules ?? ''))
          edit('rules', { iptablesRules: text === '' ? undefined : text }, { keepStep: true, typing: true });
      },
      setIpsets(text) {
        if (text !== (get().ipsets ?? ''))
          edit('rules', { ipsets: text === '' ? undefined : text }, { keepStep: true, typing: true });
      },
      setIpvs(text) {
        if (text !== (get().ipvs ?? ''))
          edit('rules', { ipvs: text === '' ? undefined : text }, { keepStep: true, typing: true });
      },
      setHost(host) {
        edit('host', { host: structuredClone(host) }, { keepStep: true, typing: true });
      },
      setPackets(packets) {
        edit('packets', { packets: structuredClone(packets) });
      },
      addPacket(packet) {
        // The packet just added is the one the user wants to see: it is selected (issue #10, the lecture hall).
        const packets = [...get().packets, structuredClone(packet)];
        edit('packets', { packets }, { packet: packets.length - 1 });
      },
      updatePacket(index, packet) {
        const packets = get().packets;
        if (index < 0 || index >= packets.length) return;
        edit(
          'packets',
          { packets: packets.map((p, i) => (i === index ? structuredClone(packet) : p)) },
          { typing: true, packet: index },
        );
      },
      removePacket(index) {
        const packets = get().packets;
        if (index < 0 || index >= packets.length) return;
        const shown = shownPacket();
        const next = shown > index ? shown - 1 : Math.min(shown, packets.length - 2);
        edit('packets', { packets: packets.filter((_, i) => i !== index) }, { packet: Math.max(0, next) });
      },
      movePacket(from, to) {
        const packets = [...get().packets];
        if (from < 0 || from >= packets.length || to < 0 || to >= packets.length || from === to) return;
        const [moved] = packets.splice(from, 1);
        if (moved) packets.splice(to, 0, moved);
        // The shown packet moves with the list: the moved one goes where it was put, the others shift past it.
        const shown = shownPacket();
        const follow =
          shown === from
            ? to
            : shown > from && shown <= to
              ? shown - 1
              : shown < from && shown >= to
                ? shown + 1
                : shown;
        edit('packets', { packets }, { packet: follow });
      },
      setSeed(seed) {
        if (Number.isInteger(seed) && seed !== get().seed) edit('seed', { seed });
      },
      setTitle(title) {
        edit('meta', { title }, { typing: true });
      },
      undo() {
        const { undoStack, redoStack } = get();
        const previous = undoStack[undoStack.length - 1];
        if (!previous) return;
        restore(previous, undoStack.slice(0, -1), [...redoStack, pickFields(get())]);
      },
      redo() {
        const { undoStack, redoStack } = get();
        const next = redoStack[redoStack.length - 1];
        if (!next) return;
        restore(next, [...undoStack, pickFields(get())], redoStack.slice(0, -1));
      },
      resetToBuiltin() {
        const builtin = findBuiltin(get().scenarioId);
        if (!builtin) return false;
        edit('reset', fieldsOf(editableCopy(builtin)));
        return true;
      },
      async importText(text) {
        const parsed = await parseImport(text);
        if (!parsed.ok) return parsed;
        if (parsed.kind === 'rules') {
          const node = parsed.ipvsNode ? ipvsNodeFields(parsed.ipvsNode, get().host) : {};
          edit('import', { rules: parsed.rules, iptablesRules: parsed.iptablesRules, ...node });
          return { ok: true, kind: parsed.ipvsNode ? 'ipvs-node' : 'rules' };
        }
        // The user is importing from one of the editor tabs: stay there to show the result.
        const tab = get().panelTab;
        const view = { ...parsed.state.view };
        if (isSharedTab(tab)) view.panelTab = tab;
        else delete view.panelTab;
        get().applyShared({ ...parsed.state, view }, 'load');
        return { ok: true, kind: 'scenario' };
      },
      applyShared(shared, kind = 'link') {
        // Not structuredClone: that copies the rules' text too, a long task for a 2 MB ruleset.
        const s = copyData(shared.scenario);
        const state = get();
        set({
          ...fieldsOf(s),
          tableOrder: shared.view.tableOrder,
          packetIndex: shared.view.packetIndex,
          stepIndex: shared.view.stepIndex,
          panelTab: shared.view.panelTab ?? 'trace',
          // Predict mode never runs with every branch: its picker would list each outcome's fate.
          explore: shared.view.explore === true && shared.view.predict !== true,
          exploredPacket: shared.view.exploredPacket ?? Math.max(0, s.packets.length - 1),
          predicting: shared.view.predict === true,
          predictRun: null,
          undoStack: [...state.undoStack, pickFields(state)].slice(-UNDO_LIMIT),
          redoStack: [],
          lastEdit: { kind, at: now(), typing: false },
        });
        void get().requestTrace({ keepStep: true });
        // A lesson link: the scenario is the link's (the student's work at that step); the lesson opens beside it.
        if (shared.view.lesson) get().resumeLesson(shared.view.lesson.id, shared.view.lesson.step);
      },
    };
  };
}

export const createScenarioSlice: StateCreator<LabState, [], [], ScenarioSlice> = makeScenarioSlice();
