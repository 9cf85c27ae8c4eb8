// Whether the rules text is nftables, asked by the editor on every store change: the engine's isNftText decides
// from the first line that is neither blank nor a comment, so only that line is handed to it — not a 25 MB dump
// split into 170,000 lines (about 70 ms each time the editor's selectors ran).
import { isNftText } from '../engine/index.ts';

let lastText: string | null = null;
let lastAnswer = false;

/** The first line with something on it other than a comment, or '' when there is none. */
export function firstContentLine(text: string): string {
  for (let from = 0; from < text.length;) {
    const newline = text.indexOf('\n', from);
    const end = newline < 0 ? text.length : newline;
    const line = text.slice(from, end);
    const trimmed = line.trim();
    if (trimmed !== '' && !trimmed.startsWith('#')) return line;
    from = end + 1;
  }
  return '';
}

/** isNftText(text), reading one line, and remembered for the same text. */
export function rulesAreNft(text: string): boolean {
  if (text !== lastText) {
    lastText = text;
    lastAnswer = isNftText(firstContentLine(text));
  }
  return lastAnswer;
}
