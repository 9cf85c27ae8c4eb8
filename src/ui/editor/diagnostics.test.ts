import { describe, expect, it } from 'vitest';
import { Text } from '@codemirror/state';
import { toEditorDiagnostics } from './diagnostics.ts';

const doc = Text.of(['*filter', ':INPUT ACCEPT [0:0]', '-A INPUT -p tcp --dport 22 -j NOPE', 'COMMIT']);
const render = (d: { message: string }) => d.message;

describe('diagnostics in the editor', () => {
  it('underlines the word at the engine’s line and column', () => {
    const [d] = toEditorDiagnostics(doc, [{ line: 3, col: 31, severity: 'error', message: 'no such chain' }], render);
    expect(doc.sliceString(d!.from, d!.to)).toBe('NOPE');
    expect(d!.severity).toBe('error');
  });

  it('underlines an option together with its argument', () => {
    const [d] = toEditorDiagnostics(doc, [{ line: 3, col: 28, severity: 'error', message: 'no such chain' }], render);
    expect(doc.sliceString(d!.from, d!.to)).toBe('-j NOPE');
  });

  it('uses endCol when the engine gives it', () => {
    const [d] = toEditorDiagnostics(doc, [{ line: 3, col: 10, endCol: 16, severity: 'warning', message: 'm' }], render);
    expect(doc.sliceString(d!.from, d!.to)).toBe('-p tcp');
  });

  it('keeps positions inside the document when the line or column is out of range', () => {
    const [d] = toEditorDiagnostics(doc, [{ line: 99, col: 99, severity: 'error', message: 'm' }], render);
    expect(d!.from).toBeLessThanOrEqual(doc.length);
    expect(d!.to).toBeLessThanOrEqual(doc.length);
  });
});
