// The undo history survives a reload of the tab: it is written to sessionStorage (per tab, gone with the tab) when
// the page is hidden or closed, and read back, validated like any untrusted data, when the tab reopens its
// autosaved work. Only the latest entries are kept, within a size budget, so it never crowds out the autosave.
import { validateScenario } from '../scenarios/validate.ts';
import type { KeyValueStorage } from './scenarioAutosave.ts';
import { fieldsOf, scenarioOf, type ScenarioFields } from './scenarioSlice.ts';

export const UNDO_KEY = 'netfilter-lab:undo';
export const UNDO_KEPT = 20;
/** Characters of JSON: sessionStorage has about 5 MB per origin. */
export const UNDO_BUDGET = 1024 * 1024;

export function saveUndo(storage: KeyValueStorage, undoStack: ScenarioFields[]): void {
  let entries = undoStack.slice(-UNDO_KEPT).map(scenarioOf);
  let text = JSON.stringify(entries);
  while (text.length > UNDO_BUDGET && entries.length > 0) {
    entries = entries.slice(1);
    text = JSON.stringify(entries);
  }
  try {
    storage.setItem(UNDO_KEY, text);
  } catch {
    // Storage full or refused: the undo history is a comfort, the work itself is in the autosave.
  }
}

export function loadUndo(storage: KeyValueStorage): ScenarioFields[] {
  let data: unknown;
  try {
    data = JSON.parse(storage.getItem(UNDO_KEY) ?? '[]');
  } catch {
    return [];
  }
  if (!Array.isArray(data)) return [];
  const out: ScenarioFields[] = [];
  for (const entry of data.slice(-UNDO_KEPT)) {
    const checked = validateScenario(entry);
    if (checked.ok) out.push(fieldsOf(checked.value));
  }
  return out;
}
