// The row at the top of each editor tab (Rules, Host, Packets): the tab's own tools, then the scenario's undo, redo
// and reset at its end, in the same place on all three. They sat on the tab bar, where at 1280×720 they pushed tabs
// out of sight (into the More menu) in English and Japanese: the tab bar now holds the tabs only.
import type { ReactNode } from 'react';
import { HistoryButtons } from './HistoryButtons.tsx';

/** A size container: HistoryButtons shows its words only where the row has room for them beside the tools. */
export function EditorToolbar({ children }: { children?: ReactNode }) {
  return (
    <div
      data-testid="editor-toolbar"
      className="@container flex shrink-0 flex-wrap items-center gap-1.5 border-b border-slate-300 px-2 py-1"
    >
      {children}
      <HistoryButtons alone={children === undefined} />
    </div>
  );
}
