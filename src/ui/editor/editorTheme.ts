// Colours and type for the rules editor. Readable on a washed-out projector and for colour-blind readers:
// besides hue, keywords are bold, comments italic, errors underlined by the lint layer.
import { HighlightStyle } from '@codemirror/language';
import { EditorView } from '@codemirror/view';
import { tags as t } from '@lezer/highlight';

export const iptablesHighlight = HighlightStyle.define([
  { tag: t.comment, color: '#57606a', fontStyle: 'italic' },
  { tag: t.heading, color: '#8250df', fontWeight: 'bold' },
  { tag: t.keyword, color: '#0550ae', fontWeight: 'bold' },
  { tag: t.definition(t.variableName), color: '#953800', fontWeight: 'bold' },
  { tag: t.standard(t.variableName), color: '#953800' },
  { tag: t.variableName, color: '#116329' },
  { tag: t.atom, color: '#a40e26', fontWeight: 'bold' },
  { tag: t.propertyName, color: '#0a3069' },
  { tag: t.typeName, color: '#6639ba' },
  { tag: t.namespace, color: '#8250df' },
  { tag: t.number, color: '#0550ae' },
  { tag: t.string, color: '#0a3069', fontStyle: 'italic' },
  { tag: t.operator, color: '#a40e26', fontWeight: 'bold' },
  { tag: t.meta, color: '#6e7781' },
  { tag: t.invalid, color: '#a40e26', textDecoration: 'underline wavy' },
]);

export const editorTheme = EditorView.theme({
  '&': { height: '100%', fontSize: '14px', backgroundColor: '#ffffff' },
  '.cm-scroller': { fontFamily: "ui-monospace, 'Cascadia Mono', 'DejaVu Sans Mono', monospace", lineHeight: '1.5' },
  '.cm-gutters': { backgroundColor: '#f6f8fa', color: '#57606a', borderRight: '1px solid #d0d7de' },
  '.cm-activeLine': { backgroundColor: '#f3f6fb' },
  '.cm-activeLineGutter': { backgroundColor: '#e7edf5' },
  '&.cm-focused': { outline: '2px solid #0969da', outlineOffset: '-2px' },
});
