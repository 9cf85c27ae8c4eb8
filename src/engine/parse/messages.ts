// Diagnostics of the rules language. Sentences live in the message catalog (src/i18n/en/parse.json);
// the engine fills them in so a CLI user reads the same sentence the UI shows.
import catalog from '../../i18n/en/parse.json';
import type { Diagnostic, SourcePos } from '../model/types.ts';

export type ParseMessageId = keyof typeof catalog;
export type MessageParams = Record<string, string | number>;

export function formatMessage(id: ParseMessageId, params: MessageParams = {}): string {
  const template: string = catalog[id];
  return template.replace(/\{\{(\w+)\}\}/g, (whole, key: string) => (key in params ? String(params[key]) : whole));
}

export function diag(
  severity: Diagnostic['severity'],
  id: ParseMessageId,
  at: SourcePos & { endCol?: number },
  params: MessageParams = {},
): Diagnostic {
  const d: Diagnostic = { line: at.line, col: at.col, severity, message: formatMessage(id, params), code: id };
  if (at.endCol !== undefined) d.endCol = at.endCol;
  if (Object.keys(params).length > 0) d.params = params;
  return d;
}
