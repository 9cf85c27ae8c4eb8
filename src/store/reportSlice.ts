// What the Counters and Conntrack tabs show besides the trace: the table listed, the counters' zero point
// (`iptables -Z`), and the conntrack entry selected. The numbers themselves come from the trace (counters and
// conntrack per result) through src/store/reports.ts.
import type { StateCreator } from 'zustand';
import type { TableName } from '../engine/index.ts';
import type { CountersView } from '../engine/index.ts';
import type { LabState } from './index.ts';
import { runsOf } from './timeline.ts';
import { shownCounters } from './reports.ts';

/** The counters at the moment Reset was pressed, for the rules text they belong to (rule ids are per parse). */
export interface CountersBaseline {
  rules: string;
  /** Whether the dump's own [p:b] were zeroed too (they always are: -Z zeroes every counter). */
  counters: CountersView | null;
}

export interface ReportSlice {
  countersTable: TableName;
  setCountersTable(table: TableName): void;
  /** -Z: from now on the view shows what was counted after this point. */
  countersBaseline: CountersBaseline | null;
  resetCounters(): void;
  clearCountersReset(): void;
  /** The conntrack entry (its id in the trace) whose packets are highlighted. */
  selectedConnection: number | null;
  selectConnection(id: number | null): void;
}

export const createReportSlice: StateCreator<LabState, [], [], ReportSlice> = (set, get) => ({
  countersTable: 'filter',
  setCountersTable(table) {
    set({ countersTable: table });
  },
  countersBaseline: null,
  resetCounters() {
    const state = get();
    // -Z zeroes every counter, what the traffic batches added included.
    const counters = shownCounters(runsOf(state.response), state.packetIndex, state.batchCounters, state.rules);
    set({ countersBaseline: { rules: state.rules, counters } });
  },
  clearCountersReset() {
    set({ countersBaseline: null });
  },
  selectedConnection: null,
  selectConnection(id) {
    set({ selectedConnection: id });
  },
});
