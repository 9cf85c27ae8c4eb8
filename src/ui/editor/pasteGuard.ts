// What the rules editor refuses to paste, before CodeMirror takes the text: more than the lab reads at all (a 50 MB
// paste would freeze the page in layout, undo history and autosave, then be refused by the engine anyway), and a
// line longer than any rule (a 1 MB line costs CodeMirror seconds of layout while the page cannot answer).
// Pure, so it is tested in Node; the editor says why in a sentence and leaves the document as it was.

/** No ruleset line comes near this: kube-proxy's longest rules are a few hundred characters. */
export const MAX_PASTE_LINE = 64 * 1024;

export type PasteProblem =
  /** `line`/`col`: where the paste would have gone in the editor (1-based). */
  | { kind: 'too-big'; size: number; max: number; line: number; col: number }
  /** `line`: the line of the pasted text; `col`: the column past the limit; `length`: the whole line's. */
  | { kind: 'long-line'; line: number; col: number; length: number; max: number };

export interface PasteTarget {
  /** Characters in the document now, and in the selection the paste replaces. */
  docLength: number;
  selectionLength: number;
  /** Where the paste goes (1-based). */
  line: number;
  col: number;
  /** The most the document may hold (the lab's import limit). */
  maxChars: number;
}

/** Why `text` must not be pasted at `at`, or null when it may. */
export function pasteProblem(text: string, at: PasteTarget, maxLine = MAX_PASTE_LINE): PasteProblem | null {
  if (at.docLength - at.selectionLength + text.length > at.maxChars)
    return { kind: 'too-big', size: text.length, max: at.maxChars, line: at.line, col: at.col };
  let start = 0;
  for (let line = 1; start <= text.length; line += 1) {
    const nl = text.indexOf('\n', start);
    const end = nl < 0 ? text.length : nl;
    if (end - start > maxLine) return { kind: 'long-line', line, col: maxLine + 1, length: end - start, max: maxLine };
    if (nl < 0) break;
    start = nl + 1;
  }
  return null;
}
