// Test support: drive a match module the way the parser and the tracer do, from option text.
import type { MatchModule, MatchOutcome, ParseContext, ParseResult, ParsedOption } from '../../ext/types.ts';
import { catalogProblems } from './catalogCheck.ts';
import { testContext, type TestContextSpec } from './testContext.ts';

/** Splits text into words as a shell does: spaces separate, double quotes group (with \\ escapes), single quotes too. */
export function shellWords(text: string): string[] {
  const words: string[] = [];
  let word: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (/\s/.test(c)) {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else if (c === '"') {
      word ??= '';
      for (i++; i < text.length && text[i] !== '"'; i++) {
        if (text[i] === '\\' && i + 1 < text.length) i++;
        word += text[i];
      }
    } else if (c === "'") {
      word ??= '';
      for (i++; i < text.length && text[i] !== "'"; i++) word += text[i];
    } else word = (word ?? '') + c;
  }
  if (word !== undefined) words.push(word);
  return words;
}

/** Options from shell-like text, taking as many arguments as the module's option spec says. */
export function optionsFor(module: Pick<MatchModule, 'options'>, text: string): ParsedOption[] {
  const words = shellWords(text);
  const out: ParsedOption[] = [];
  let negated = false;
  for (let i = 0; i < words.length; i++) {
    const word = words[i] ?? '';
    if (word === '!') {
      negated = true;
      continue;
    }
    const spec = Object.hasOwn(module.options, word) ? module.options[word] : undefined;
    let count = spec?.args === 'optional' ? 0 : (spec?.args ?? 1);
    if (spec?.args === 'optional' && words[i + 1] !== undefined && !words[i + 1]!.startsWith('-')) count = 1;
    const args = words.slice(i + 1, i + 1 + count);
    out.push({ name: word, negated, args, pos: { line: 1, col: i + 1 } });
    negated = false;
    i += count;
  }
  return out;
}

export function parseCtx(over: Partial<ParseContext> = {}): ParseContext {
  return { table: 'filter', chain: 'INPUT', proto: undefined, ...over };
}

export function parseWith<D>(module: MatchModule<D>, text: string, ctx: Partial<ParseContext> = {}): ParseResult<D> {
  return module.parse(optionsFor(module as MatchModule<unknown>, text), parseCtx(ctx));
}

/** The canonical saved text, or `ERROR: message` when the module refuses the options. */
export function saved<D>(module: MatchModule<D>, text: string, ctx: Partial<ParseContext> = {}): string {
  const r = parseWith(module, text, ctx);
  return r.ok ? module.save(r.data) : `ERROR: ${r.message}`;
}

/** Parses then evaluates; throws (failing the test) when parsing fails or an explanation has no catalog sentence. */
export function evaluateWith<D>(
  module: MatchModule<D>,
  text: string,
  spec: TestContextSpec = {},
  ctx: Partial<ParseContext> = {},
): MatchOutcome {
  const r = parseWith(module, text, ctx);
  if (!r.ok) throw new Error(`parse failed: ${r.message}`);
  return evaluateData(module, r.data, spec);
}

export function evaluateData<D>(module: MatchModule<D>, data: D, spec: TestContextSpec = {}): MatchOutcome {
  const result = module.evaluate(data, testContext(spec));
  const problems = catalogProblems(result.explain);
  if (problems.length) throw new Error(problems.join('\n'));
  if (result.explain.length === 0) throw new Error(`${module.name} explained nothing`);
  return result;
}
