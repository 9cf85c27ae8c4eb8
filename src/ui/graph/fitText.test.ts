import { describe, expect, it } from 'vitest';
import { fittingFontSize, textEms } from './fitText.ts';

describe('fittingFontSize', () => {
  it('keeps the design size for a label that fits, in Latin or CJK letters', () => {
    expect(fittingFontSize('Network in', 100, 14, 11)).toBe(14);
    expect(fittingFontSize('网络入口', 100, 14, 11)).toBe(14);
  });

  it('shrinks a long full-width label until it fits on one line, but not below the minimum', () => {
    expect(textEms('ネットワークから')).toBe(8);
    expect(fittingFontSize('ネットワークから', 100, 14, 11)).toBe(12);
    expect(fittingFontSize('ネットワークインターフェースから', 100, 14, 11)).toBe(11);
  });

  it('lets a label wrap at its spaces: only its longest run has to fit', () => {
    expect(fittingFontSize('Routing decision', 72, 11, 9)).toBe(11);
    expect(fittingFontSize('ルーティング判定', 72, 11, 9)).toBe(9);
  });

  it('counts full-width punctuation as full width', () => {
    expect(textEms('路由（输出）')).toBe(6);
    expect(textEms('ab')).toBeCloseTo(1.2);
  });
});
