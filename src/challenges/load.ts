// Turns the files of src/challenges/<id>/ into Challenge objects. Pure: index.ts feeds it what Vite found.
import type { Challenge, ChallengeWords } from './types.ts';

export type ChallengeFile = Omit<Challenge, 'rules' | 'solution' | 'words'>;

function dirOf(path: string): string {
  const parts = path.split('/');
  return parts[parts.length - 2] ?? path;
}

export function loadChallenges(
  json: Record<string, ChallengeFile>,
  rules: Record<string, string>,
  solutions: Record<string, string>,
  words: Record<string, unknown>,
): { challenges: Challenge[]; problems: string[] } {
  const problems: string[] = [];
  const challenges: Challenge[] = [];
  for (const [path, file] of Object.entries(json)) {
    const dir = dirOf(path);
    const start = rules[`./${dir}/rules.txt`];
    const solution = solutions[`./${dir}/solution.txt`];
    if (file.id !== dir) problems.push(`${dir}: id "${file.id}" is not the folder name`);
    if (start === undefined || solution === undefined) {
      problems.push(`${dir}: rules.txt and solution.txt are both needed`);
      continue;
    }
    const translated: Record<string, ChallengeWords> = {};
    for (const [wordsPath, content] of Object.entries(words)) {
      const m = /\/([^/]+)\/challenge\.([A-Za-z-]+)\.json$/.exec(wordsPath);
      if (m?.[1] !== dir || !m[2]) continue;
      const w = content as ChallengeWords;
      if (w.goal?.length !== file.goal.length || w.probes?.length !== file.probes.length)
        problems.push(`${dir}: challenge.${m[2]}.json must have one goal line and one probe per English one`);
      else translated[m[2]] = w;
    }
    challenges.push({ ...file, rules: start, solution, words: translated });
  }
  challenges.sort((a, b) => a.order - b.order);
  return { challenges, problems };
}

/** The challenge's words in `lng`, English where there is no translation. */
export function wordsOf(c: Challenge, lng: string): ChallengeWords {
  const base = lng.split('-')[0] ?? lng;
  return (
    c.words[base] ?? {
      title: c.title,
      goal: c.goal,
      hint: c.hint,
      probes: c.probes.map((p) => ({ label: p.label, feedback: p.feedback })),
    }
  );
}
