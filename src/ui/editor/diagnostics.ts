// The engine reports problems at a line and column (1-based); the editor underlines ranges of the document.
import type { Diagnostic as EditorDiagnostic } from '@codemirror/lint';
import type { Text } from '@codemirror/state';
import type { Diagnostic } from '../../engine/index.ts';

/**
 * Places each diagnostic in `doc`: from its column to `endCol` when the engine knows it, else over the word at the
 * column (an option with its argument). Lines past the end land on the last line.
 */
export function toEditorDiagnostics(
  doc: Text,
  diagnostics: readonly Diagnostic[],
  render: (d: Diagnostic) => string,
): EditorDiagnostic[] {
  return diagnostics.map((d) => {
    const line = doc.line(Math.min(Math.max(1, d.line), doc.lines));
    const col = Math.min(Math.max(1, d.col), line.length + 1);
    const from = line.from + col - 1;
    let to: number;
    if (d.endCol !== undefined && d.endCol > col) to = line.from + Math.min(d.endCol, line.length + 1) - 1;
    else {
      // The word at the column; for an option ("-j", "--dport") the option and its argument, which is what a
      // reader fixes ("-j NO-SUCH-CHAIN", "--dport 99999").
      const rest = line.text.slice(col - 1);
      const word = /^-\S*\s+[^\s-]\S*/.exec(rest) ?? /^\S+/.exec(rest);
      to = word ? from + word[0].length : line.to;
    }
    return { from, to: Math.max(from, to), severity: d.severity, message: render(d), source: d.code };
  });
}
