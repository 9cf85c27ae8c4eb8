import { describe, expect, it } from 'vitest';
import { pasteProblem } from './pasteGuard.ts';

const AT = { docLength: 100, selectionLength: 0, line: 3, col: 5, maxChars: 1000 };

describe('pasteProblem', () => {
  it('lets ordinary rules through', () => {
    expect(pasteProblem('-A INPUT -j ACCEPT\n-A INPUT -j DROP\n', AT)).toBeNull();
  });

  it('refuses text that would make the document bigger than the limit, at the paste position', () => {
    expect(pasteProblem('x\n'.repeat(451), AT)).toEqual({ kind: 'too-big', size: 902, max: 1000, line: 3, col: 5 });
  });

  it('counts the selection the paste replaces as freed', () => {
    expect(pasteProblem('x\n'.repeat(451), { ...AT, selectionLength: 50 })).toBeNull();
  });

  it('names the first line past the line limit, its length and the column where it passes', () => {
    const text = `ok\n${'y'.repeat(20)}\n${'z'.repeat(30)}`;
    expect(pasteProblem(text, AT, 10)).toEqual({ kind: 'long-line', line: 2, col: 11, length: 20, max: 10 });
  });

  it('finds a long last line without a newline', () => {
    expect(pasteProblem(`a\nb\n${'q'.repeat(11)}`, AT, 10)).toMatchObject({ kind: 'long-line', line: 3 });
  });
});
