// What crosses from a session to a user interface must stay small whatever the input: a pasted file of garbage gives
// one diagnostic per line (hundreds of thousands), and a 1 MB token is quoted whole in "Bad argument `…'". The CLI
// prints every diagnostic in full; a session answers the first MAX_DIAGNOSTICS, each quoting at most MAX_QUOTE
// characters, and says how many it left out.
import { diag } from '../parse/messages.ts';
import type { Diagnostic } from '../model/types.ts';

export const MAX_DIAGNOSTICS = 1000;
/** Longer texts in a message or a parameter keep their start and end around an ellipsis. */
export const MAX_QUOTE = 200;

function clipText(text: string): string {
  if (text.length <= MAX_QUOTE) return text;
  const keep = Math.floor((MAX_QUOTE - 1) / 2);
  return `${text.slice(0, keep)}…${text.slice(text.length - keep)}`;
}

function clipOne(d: Diagnostic): Diagnostic {
  const long =
    d.message.length > MAX_QUOTE * 2 ||
    Object.values(d.params ?? {}).some((v) => typeof v === 'string' && v.length > MAX_QUOTE);
  if (!long) return d;
  const out: Diagnostic = { ...d, message: d.message.length > MAX_QUOTE * 2 ? clipLongQuotes(d.message) : d.message };
  if (d.params)
    out.params = Object.fromEntries(
      Object.entries(d.params).map(([k, v]) => [k, typeof v === 'string' ? clipText(v) : v]),
    );
  return out;
}

/** The message with each run of more than MAX_QUOTE non-space characters shortened. */
function clipLongQuotes(message: string): string {
  return message.replace(new RegExp(`\\S{${MAX_QUOTE + 1},}`, 'g'), clipText);
}

/** At most MAX_DIAGNOSTICS diagnostics, each of a bounded size, and a last one counting those left out. */
export function clipDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const kept = diagnostics.slice(0, MAX_DIAGNOSTICS).map(clipOne);
  const left = diagnostics.length - kept.length;
  if (left > 0) {
    const last = kept[kept.length - 1];
    kept.push(diag('info', 'more-diagnostics', { line: last?.line ?? 1, col: 1 }, { count: left, shown: kept.length }));
  }
  return kept;
}
