// Turns the files of src/lessons/<id>/ into Lesson objects. Pure: index.ts feeds it what Vite found, and the
// lessons test reads the problems (a schema failure names the file and the field).
import * as v from 'valibot';
import { issuePath } from '../scenarios/validate.ts';
import { lessonFileSchema, lessonWordsSchema } from './schema.ts';
import type { Lesson, LessonStep, LessonWords } from './types.ts';

function folderOf(path: string): string {
  const parts = path.split('/');
  return parts[parts.length - 2] ?? path;
}

function fileName(path: string): string {
  return path.split('/').pop() ?? path;
}

/** Every file a step or the comparison names must be in the folder. */
function missingFiles(lesson: Omit<Lesson, 'words'>): string[] {
  const named: string[] = [];
  for (const s of lesson.steps) {
    if (s.setup?.rulesFile) named.push(s.setup.rulesFile);
    if (s.solution?.rulesFile) named.push(s.solution.rulesFile);
  }
  const c = lesson.compare?.ipvs;
  if (c) named.push(c.rulesFile, c.ipsetsFile, c.ipvsFile);
  return named.filter((f) => lesson.files[f] === undefined);
}

export function loadLessons(
  json: Record<string, unknown>,
  texts: Record<string, string>,
  words: Record<string, unknown>,
): { lessons: Lesson[]; problems: string[] } {
  const problems: string[] = [];
  const lessons: Lesson[] = [];
  for (const [path, raw] of Object.entries(json)) {
    const dir = folderOf(path);
    const parsed = v.safeParse(lessonFileSchema, raw);
    if (!parsed.success) {
      problems.push(`${dir}/lesson.json: ${parsed.issues.map((i) => `${issuePath(i)}: ${i.message}`).join('; ')}`);
      continue;
    }
    const file = parsed.output;
    if (file.id !== dir) problems.push(`${dir}: id "${file.id}" is not the folder name`);
    const files: Record<string, string> = {};
    for (const [p, content] of Object.entries(texts)) if (folderOf(p) === dir) files[fileName(p)] = content;
    const lesson = { ...file, steps: file.steps as LessonStep[], files } as Omit<Lesson, 'words'>;
    for (const f of missingFiles(lesson)) problems.push(`${dir}: the file ${f} is named but not in the folder`);
    lesson.steps.forEach((s, i) => {
      if (s.view === 'batch' && (!s.batch || !s.setup))
        problems.push(`${dir}: step ${i + 1} shows a batch but has no "batch" count or no setup to send it from`);
    });
    const translated: Record<string, LessonWords> = {};
    for (const [wordsPath, content] of Object.entries(words)) {
      const m = /\/([^/]+)\/lesson\.([A-Za-z-]+)\.json$/.exec(wordsPath);
      if (m?.[1] !== dir || !m[2]) continue;
      const w = v.safeParse(lessonWordsSchema, content);
      if (!w.success) problems.push(`${dir}/lesson.${m[2]}.json: ${w.issues.map((i) => issuePath(i)).join('; ')}`);
      else if (w.output.steps.length !== file.steps.length)
        problems.push(`${dir}/lesson.${m[2]}.json: one step per English step is needed`);
      else {
        const mismatch = w.output.steps.findIndex(
          (s, i) =>
            s.text.length !== file.steps[i]?.text.length ||
            (s.hint === undefined) !== (file.steps[i]?.hint === undefined),
        );
        if (mismatch >= 0)
          problems.push(`${dir}/lesson.${m[2]}.json: step ${mismatch + 1} needs one paragraph per English one`);
        else translated[m[2]] = w.output;
      }
    }
    lessons.push({ ...lesson, words: translated });
  }
  lessons.sort((a, b) => a.order - b.order);
  return { lessons, problems };
}

/** The lesson's words in `lng`, English where there is no translation. */
export function lessonWordsOf(lesson: Lesson, lng: string): LessonWords {
  const base = lng.split('-')[0] ?? lng;
  return (
    lesson.words[base] ?? {
      title: lesson.title,
      summary: lesson.summary,
      steps: lesson.steps.map((s) => ({ title: s.title, text: s.text, ...(s.hint ? { hint: s.hint } : {}) })),
    }
  );
}
