// A 25 MB dump made into CodeMirror's document in one go is one long task (splitting 170,000 lines and building
// the tree: about 300 ms here); made a megabyte at a time, with the page answering between slices, it is many
// short ones. The document is the same as EditorState.create({ doc: text }) would make.
import { Text } from '@codemirror/state';
import { nextTask } from '../../store/nextTask.ts';

/** CodeMirror's default line separators (EditorState.lineSeparator unset). */
const LINE_BREAK = /\r\n?|\n/;
/** Characters per slice: a megabyte of rules is about 10 ms to split and build. */
export const SLICE_CHARS = 1 << 20;
/** Below this a document is made at once, before the first paint. */
export const SLICED_ABOVE = 2 * SLICE_CHARS;

/**
 * The text as a CodeMirror document, made a slice at a time. Each slice ends just after a '\n' (never inside a
 * '\r\n'), so the next slice's first line continues the empty last line the previous one left.
 */
export async function textInSlices(
  text: string,
  { sliceChars = SLICE_CHARS, pause = nextTask }: { sliceChars?: number; pause?: () => Promise<void> } = {},
): Promise<Text> {
  let doc: Text | null = null;
  for (let from = 0; from < text.length || doc === null;) {
    const newline = text.indexOf('\n', from + sliceChars);
    const to = newline < 0 ? text.length : newline + 1;
    const part = Text.of(text.slice(from, to).split(LINE_BREAK));
    doc = doc === null ? part : doc.append(part);
    from = to;
    if (from < text.length) await pause();
  }
  return doc;
}
