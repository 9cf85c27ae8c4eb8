// Translated lessons: every lesson.<lng>.json on disk fits its scenario, and the words shown follow the viewer's
// language only where the scenario still holds the built-in's English.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { builtinScenarios, editableCopy, findBuiltin } from './index.ts';
import { builtinTitle, displayedWords, lessonFor, parseLesson } from './lesson.ts';
import { loadScenarios, type ScenarioFile } from './load.ts';
import type { BuiltinScenario, LessonText } from './types.ts';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const I18N = join(HERE, '../i18n');

const folders = readdirSync(HERE).filter((d) => existsSync(join(HERE, d, 'scenario.json')));
const lessonFiles = folders.flatMap((dir) =>
  readdirSync(join(HERE, dir))
    .filter((f) => /^lesson\..+\.json$/.test(f))
    .map((file) => ({ dir, file, lng: file.slice('lesson.'.length, -'.json'.length) })),
);
const catalogLanguages = readdirSync(I18N).filter((d) => statSync(join(I18N, d)).isDirectory());

describe('the lesson files on disk', () => {
  it('are looked for in every scenario folder (else the checks below see nothing)', () => {
    expect(folders.length).toBe(builtinScenarios.length);
  });

  it.each(lessonFiles.map((l) => [`${l.dir}/${l.file}`, l] as const))('%s fits its scenario', (_name, l) => {
    const scenario = JSON.parse(readFileSync(join(HERE, l.dir, 'scenario.json'), 'utf8')) as ScenarioFile;
    let lesson: unknown;
    try {
      lesson = JSON.parse(readFileSync(join(HERE, l.dir, l.file), 'utf8'));
    } catch (err) {
      expect.fail(`${l.dir}/${l.file}: ${(err as Error).message}`);
    }
    const parsed = parseLesson(lesson, { ...scenario, questions: scenario.questions ?? [] });
    expect(parsed.ok ? [] : parsed.problems).toEqual([]);
    // A lesson in a language without catalogs could never be shown: the picker only offers catalog languages.
    expect(catalogLanguages, `src/i18n/${l.lng}/`).toContain(l.lng);
  });
});

const source = { teaching: ['One.', 'Two.'], questions: [{}], packets: [{}, {}] };
const good = {
  title: '标题',
  summary: '摘要',
  teaching: ['一。', '二。'],
  questions: [{ question: '问？', answer: '答。' }],
  packets: ['包一', '包二'],
};

describe('parseLesson', () => {
  it('accepts a lesson with one text per paragraph, question and packet', () => {
    expect(parseLesson(good, source)).toEqual({ ok: true, lesson: good });
  });

  it('reports wrong counts, missing or empty texts and unknown fields', () => {
    const bad = { ...good, summary: '', teaching: ['一。'], questions: [{ question: '问？' }], packets: 'x', note: 1 };
    expect(parseLesson(bad, source)).toEqual({
      ok: false,
      problems: [
        'summary: not a text',
        'teaching: 1 instead of 2',
        'packets: not a list of texts',
        'questions[0]: needs a question and an answer',
        'note: unknown field',
      ],
    });
    expect(parseLesson([], source)).toEqual({ ok: false, problems: ['not a JSON object'] });
  });
});

describe('loadScenarios with lessons', () => {
  const file: ScenarioFile = {
    id: 'demo',
    order: 1,
    title: 'Demo',
    summary: 'S',
    teaching: ['One.', 'Two.'],
    seed: 1,
    host: { interfaces: [], routes: [], forwarding: false },
    questions: [{ question: 'Q?', answer: 'A.', packet: 1 }],
    packets: [
      { label: 'first', proto: 'tcp', src: '10.0.0.1', dst: '10.0.0.2', expect: { fate: 'delivered' } },
      { label: 'second', proto: 'tcp', src: '10.0.0.1', dst: '10.0.0.2', expect: { fate: 'delivered' } },
    ],
  };
  const load = (lessons: Record<string, unknown>) =>
    loadScenarios({ './demo/scenario.json': file }, { './demo/rules.txt': '*filter\nCOMMIT\n' }, lessons);

  it('attaches each lesson under its language', () => {
    const { scenarios, problems } = load({ './demo/lesson.zh.json': good });
    expect(problems).toEqual([]);
    expect(scenarios[0]?.lessons).toEqual({ zh: good });
  });

  it('reports a lesson that does not fit, an English one and an orphan, and attaches none of them', () => {
    const { scenarios, problems } = load({
      './demo/lesson.ja.json': { ...good, packets: ['一'] },
      './demo/lesson.en.json': good,
      './gone/lesson.zh.json': good,
    });
    expect(scenarios[0]?.lessons).toEqual({});
    expect(problems).toEqual([
      { dir: 'demo', message: 'lesson.ja.json: packets: 1 instead of 2' },
      { dir: 'demo', message: 'lesson.en.json: not lesson.<language>.json (English lives in scenario.json)' },
      { dir: 'gone', message: 'lesson.zh.json: no scenario to translate' },
    ]);
  });
});

/** A built-in with a made-up Chinese lesson, so these tests do not depend on the translators' files. */
function withLesson(): { builtin: BuiltinScenario; zh: LessonText } {
  const original = findBuiltin('host-firewall')!;
  const zh: LessonText = {
    title: '主机防火墙',
    summary: '摘要',
    teaching: original.teaching.map((_, i) => `段落 ${i + 1}`),
    questions: original.questions.map((_, i) => ({ question: `问题 ${i + 1}`, answer: `答案 ${i + 1}` })),
    packets: original.packets.map((_, i) => `包 ${i + 1}`),
  };
  return { builtin: { ...structuredClone(original), lessons: { zh } }, zh };
}

function wordsOf(builtin: BuiltinScenario) {
  const s = editableCopy(builtin);
  return { scenarioId: s.id, title: s.title, summary: s.summary, teaching: s.teaching, packets: s.packets };
}

describe('displayedWords', () => {
  const { builtin, zh } = withLesson();

  it('shows an untouched built-in entirely in the lesson language', () => {
    const shown = displayedWords(wordsOf(builtin), builtin, 'zh');
    expect(shown.title).toBe(zh.title);
    expect(shown.summary).toBe(zh.summary);
    expect(shown.teaching).toEqual(zh.teaching);
    expect(shown.packetLabels).toEqual(zh.packets);
    expect(shown.questions.map((q) => q.question)).toEqual(zh.questions.map((q) => q.question));
    // Which packet a question shows is not a word: it stays.
    expect(shown.questions.map((q) => q.packet)).toEqual(builtin.questions.map((q) => q.packet));
  });

  it('finds the lesson of a regional tag (zh-CN) and keeps English where there is no lesson', () => {
    expect(displayedWords(wordsOf(builtin), builtin, 'zh-CN').title).toBe(zh.title);
    const english = displayedWords(wordsOf(builtin), builtin, 'ja');
    expect(english.title).toBe(builtin.title);
    expect(english.packetLabels).toEqual(builtin.packets.map((p) => p.label));
    expect(english.questions).toEqual(builtin.questions);
  });

  it('shows what the user typed as typed, and the rest translated', () => {
    const words = wordsOf(builtin);
    const packets = [...words.packets];
    packets[0] = { ...packets[0]!, label: 'my SYN' };
    const shown = displayedWords({ ...words, title: 'My firewall', packets }, builtin, 'zh');
    expect(shown.title).toBe('My firewall');
    expect(shown.summary).toBe(zh.summary);
    expect(shown.packetLabels[0]).toBe('my SYN');
    expect(shown.packetLabels[1]).toBe(zh.packets[1]);
  });

  it('keeps a moved packet its translated label, and leaves an added one alone', () => {
    const words = wordsOf(builtin);
    const [first, second, ...rest] = words.packets;
    const added = { ...first!, label: 'extra' };
    const shown = displayedWords({ ...words, packets: [second!, first!, ...rest, added] }, builtin, 'zh');
    expect(shown.packetLabels.slice(0, 2)).toEqual([zh.packets[1], zh.packets[0]]);
    expect(shown.packetLabels.at(-1)).toBe('extra');
  });

  it('shows a custom scenario as it is', () => {
    const words = { ...wordsOf(builtin), scenarioId: 'custom' };
    expect(displayedWords(words, undefined, 'zh')).toEqual({
      title: words.title,
      summary: words.summary,
      teaching: words.teaching,
      packetLabels: words.packets.map((p) => p.label),
      questions: [],
    });
  });
});

describe('the library keeps its words in English', () => {
  const { builtin, zh } = withLesson();

  it('copies no translation into the editable scenario (links, autosave and "modified" stay the same)', () => {
    const copy = editableCopy(builtin);
    expect(copy).not.toHaveProperty('lessons');
    expect(copy).toEqual(editableCopy(findBuiltin('host-firewall')!));
  });

  it('lists a built-in by its title in the viewer language', () => {
    expect(builtinTitle(builtin, 'zh')).toBe(zh.title);
    expect(builtinTitle(builtin, 'en')).toBe(builtin.title);
    expect(lessonFor(builtin, 'ja')).toBeUndefined();
  });
});
