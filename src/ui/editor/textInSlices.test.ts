import { EditorState } from '@codemirror/state';
import { describe, expect, it } from 'vitest';
import { textInSlices } from './textInSlices.ts';

const whole = (text: string) => EditorState.create({ doc: text }).doc;

describe('textInSlices makes the document EditorState.create makes, a slice at a time', () => {
  const cases: [string, string][] = [
    ['empty', ''],
    ['one line, no newline', '-A INPUT -j ACCEPT'],
    ['lines ending in a newline', '*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -j DROP\nCOMMIT\n'],
    ['CRLF line endings', '*filter\r\n-A INPUT -j DROP\r\nCOMMIT\r\n'],
    ['a lone CR', 'a\rb\nc'],
    ['blank lines', '\n\n\nx\n\n'],
  ];
  it.each(cases)('%s', async (_name, text) => {
    for (const sliceChars of [1, 2, 5, 1 << 20]) {
      const doc = await textInSlices(text, { sliceChars, pause: async () => {} });
      expect(doc.toString()).toBe(whole(text).toString());
      expect(doc.lines).toBe(whole(text).lines);
    }
  });

  it('yields between slices of a big text', async () => {
    const text = '-A KUBE-SERVICES -d 10.96.0.1/32 -j KUBE-SVC-X\n'.repeat(50_000);
    let pauses = 0;
    const doc = await textInSlices(text, { sliceChars: 100_000, pause: async () => void (pauses += 1) });
    expect(pauses).toBe(Math.ceil(text.length / 100_000) - 1);
    expect(doc.lines).toBe(50_001);
    expect(doc.toString()).toBe(text);
  });
});
