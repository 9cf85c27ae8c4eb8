// The nftables half of the engine: read `nft -f` / `nft list ruleset` text into the model, print it back as
// `nft list ruleset` does, and walk base chains for the tracer.
import type { Diagnostic } from '../model/types.ts';
import { NftError } from './cursor.ts';
import { forCheckedStmts, type CheckedStmt } from './lazyRule.ts';
import type { NftRuleset } from './model.ts';
import { isNftJson, parseJsonInto, type JsonSkipped } from './json/read.ts';
import { newParseState, parseInto } from './parse.ts';
import { validate } from './validate.ts';

export type { NftRuleset } from './model.ts';
export { printRuleset } from './print.ts';

export interface ParsedNft {
  ruleset: NftRuleset;
  diagnostics: Diagnostic[];
  rejected: boolean;
  summary: { tables: number; chains: number; rules: number; sets: number };
}

/**
 * Parses nftables text, or its JSON form (`nft -j list ruleset`), as one transaction: on the first refusal nothing is
 * loaded and the error says where.
 */
export function parseNft(text: string): ParsedNft {
  const st = newParseState(text);
  const source = st.ruleset.source;
  let skipped: JsonSkipped[] = [];
  try {
    if (isNftJson(text)) skipped = parseJsonInto(text, st);
    else parseInto(text, st);
    validate(st);
  } catch (e) {
    if (!(e instanceof NftError)) throw e;
    const { line, col, endCol } = source.where(e.pos);
    return {
      ruleset: { tables: [], source },
      diagnostics: [
        {
          line,
          col,
          endCol,
          severity: 'error',
          message: e.message,
          code: e.code,
          params: e.params,
        },
      ],
      rejected: true,
      summary: { tables: 0, chains: 0, rules: 0, sets: 0 },
    };
  }
  const diagnostics: Diagnostic[] = skipped.map(({ pos, expr }) => ({
    ...source.lineCol(pos),
    severity: 'info',
    message: `"${expr}" is not simulated: the lab keeps it and treats it as matching.`,
    code: 'nft-not-simulated',
    params: { expr },
  }));
  // One visitor for every rule: the statements kept for the checks (lazyRule.ts).
  const onStmt = (s: CheckedStmt): void => {
    if (s.simulated === false)
      diagnostics.push({
        ...source.lineCol(s.pos),
        severity: 'info',
        message: `"${s.text}" is not simulated: the lab keeps it and treats it as matching.`,
        code: 'nft-not-simulated',
        params: { expr: s.text },
      });
  };
  let chains = 0;
  let rules = 0;
  let sets = 0;
  for (const t of st.ruleset.tables) {
    sets += t.sets.size;
    // forEach and indexed loops: for…of made an iterator result per step over 80,000 rules.
    t.chains.forEach((ch) => {
      chains++;
      rules += ch.rules.length;
      for (let i = 0; i < ch.rules.length; i++) forCheckedStmts(ch.rules[i]!, onStmt);
    });
    if (t.family !== 'ip' && t.family !== 'inet')
      diagnostics.push({
        ...source.lineCol(t.pos),
        severity: 'info',
        message: `Tables of the ${t.family} family are kept but not simulated.`,
        code: 'nft-family-not-simulated',
        params: { family: t.family },
      });
  }
  return {
    ruleset: st.ruleset,
    diagnostics,
    rejected: false,
    summary: { tables: st.ruleset.tables.length, chains, rules, sets },
  };
}

/** nftables text, as opposed to an iptables-save dump (`*table`, `:CHAIN`, `-A`) or a script of `iptables` commands. */
export function isNftText(text: string): boolean {
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    return !(
      line.startsWith('*') ||
      line.startsWith(':') ||
      line.startsWith('-A') ||
      /^(ip6?tables|iptables-\w+)\b/.test(line)
    );
  }
  return false;
}
