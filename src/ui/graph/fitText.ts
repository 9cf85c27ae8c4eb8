// Labels of fixed-size graph nodes in any language. A label may wrap at its spaces ("Routing / decision"), but a
// run without spaces should not break: a Japanese word such as "ネットワークから" is as wide as fourteen Latin
// letters and has no space in it. So a label takes the largest font size (up to the design size) at which its
// longest run fits the box; only below the smallest readable size does the browser break inside a run.

/** Full-width scripts: CJK ideographs and punctuation, kana, Hangul and the full-width forms. */
const FULL_WIDTH = /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u;

/** A label's width in em, roughly: a full-width glyph is 1 em, any other about 0.6 em (a bold sans average). */
export function textEms(text: string): number {
  let ems = 0;
  for (const ch of text) ems += FULL_WIDTH.test(ch) ? 1 : 0.6;
  return ems;
}

/** The font size (px) at which each run of `text` fits `width` px: `base` if it can, else smaller, not under `min`. */
export function fittingFontSize(text: string, width: number, base: number, min: number): number {
  const ems = Math.max(0, ...text.split(/\s+/).map(textEms));
  if (ems === 0) return base;
  return Math.max(min, Math.min(base, Math.floor(width / ems)));
}
