// Turns the files of src/scenarios/<id>/ into BuiltinScenario objects. Pure: the index feeds it the files
// that Vite's import.meta.glob found, and a test can feed it anything.
import { parseLesson } from './lesson.ts';
import type { BuiltinScenario, LessonQuestion, PacketExpectation, ScenarioPacket } from './types.ts';

/** scenario.json as written on disk: packets carry their expectation inline, rules live in rules.txt. */
export interface ScenarioFile {
  id: string;
  order: number;
  title: string;
  summary: string;
  teaching: string[];
  seed: number;
  host: BuiltinScenario['host'];
  ipsets?: string;
  /** `ipvsadm-save -n` text (Scenario.ipvs). */
  ipvs?: string;
  questions?: LessonQuestion[];
  packets: (ScenarioPacket & { expect: PacketExpectation })[];
}

export type LoadProblem = { dir: string; message: string };

function dirOf(path: string): string {
  const parts = path.split('/');
  return parts[parts.length - 2] ?? path;
}

/** The language of a lesson file's path ('./nat-gateway/lesson.zh.json' → 'zh'). */
function lessonLanguage(path: string): string | undefined {
  return /\/lesson\.([A-Za-z0-9-]+)\.json$/.exec(path)?.[1];
}

/**
 * Pairs each folder's scenario.json with its rules.txt, and with its translated lessons (lesson.<lng>.json). A
 * folder missing either file, or whose id does not match its folder name, is reported instead of loaded, and so
 * is a lesson whose shape or counts do not fit its scenario, so a broken data file cannot silently vanish.
 */
export function loadScenarios(
  jsonFiles: Record<string, ScenarioFile>,
  rulesFiles: Record<string, string>,
  lessonFiles: Record<string, unknown> = {},
  iptablesFiles: Record<string, string> = {},
): { scenarios: BuiltinScenario[]; problems: LoadProblem[] } {
  const rulesByDir = new Map(Object.entries(rulesFiles).map(([path, text]) => [dirOf(path), text]));
  // iptables.txt beside an nftables rules.txt: the iptables-save dump a host has as well (Scenario.iptablesRules).
  const iptablesByDir = new Map(Object.entries(iptablesFiles).map(([path, text]) => [dirOf(path), text]));
  const scenarios: BuiltinScenario[] = [];
  const problems: LoadProblem[] = [];
  for (const [path, file] of Object.entries(jsonFiles)) {
    const dir = dirOf(path);
    const rules = rulesByDir.get(dir);
    if (rules === undefined) {
      problems.push({ dir, message: 'rules.txt is missing' });
      continue;
    }
    if (file.id !== dir) {
      problems.push({ dir, message: `id "${file.id}" does not match the folder name` });
      continue;
    }
    const packets: ScenarioPacket[] = [];
    const expect: PacketExpectation[] = [];
    for (const entry of file.packets) {
      const { expect: e, ...packet } = entry;
      packets.push(packet);
      expect.push(e);
    }
    const scenario: BuiltinScenario = {
      id: file.id,
      order: file.order,
      title: file.title,
      summary: file.summary,
      teaching: file.teaching,
      rules: rules,
      host: file.host,
      seed: file.seed,
      packets,
      expect,
      questions: file.questions ?? [],
      lessons: {},
    };
    if (file.ipsets !== undefined) scenario.ipsets = file.ipsets;
    if (file.ipvs !== undefined) scenario.ipvs = file.ipvs;
    const iptables = iptablesByDir.get(dir);
    if (iptables !== undefined) scenario.iptablesRules = iptables;
    scenarios.push(scenario);
  }
  for (const [path, value] of Object.entries(lessonFiles)) {
    const dir = dirOf(path);
    const file = path.split('/').pop() ?? path;
    const lng = lessonLanguage(path);
    const scenario = scenarios.find((s) => s.id === dir);
    if (lng === undefined || lng === 'en') {
      problems.push({ dir, message: `${file}: not lesson.<language>.json (English lives in scenario.json)` });
      continue;
    }
    if (!scenario) {
      problems.push({ dir, message: `${file}: no scenario to translate` });
      continue;
    }
    const parsed = parseLesson(value, scenario);
    if (parsed.ok) scenario.lessons[lng] = parsed.lesson;
    else problems.push({ dir, message: `${file}: ${parsed.problems.join('; ')}` });
  }
  for (const dir of rulesByDir.keys()) {
    if (!Object.keys(jsonFiles).some((p) => dirOf(p) === dir))
      problems.push({ dir, message: 'scenario.json is missing' });
  }
  scenarios.sort((a, b) => a.order - b.order || a.id.localeCompare(b.id));
  return { scenarios, problems };
}
