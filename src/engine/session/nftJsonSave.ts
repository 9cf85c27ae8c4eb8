// The session's `save` of an nftables ruleset as `nft -j list ruleset` prints it (libnftables-json(5)).
import type { Diagnostic } from '../model/types.ts';
import type { NftRuleset } from '../nft/model.ts';
import { printNftJson } from '../nft/json/write.ts';
import type { SaveResult } from './types.ts';

/** A statement the lab keeps only as text has no JSON form here: its rule is left out, and that is said, located. */
export function nftJsonSave(ruleset: NftRuleset, ok: boolean, diagnostics: Diagnostic[]): SaveResult {
  const listed = printNftJson(ruleset);
  const leftOut: Diagnostic[] = listed.skipped.map(({ line, col, text }) => ({
    line,
    col,
    severity: 'warning',
    code: 'nft-json-left-out',
    params: { stmt: text },
    message: `"${text}" is not simulated: the lab cannot write it as JSON, and leaves its rule out.`,
  }));
  return { ok, text: listed.text, diagnostics: [...diagnostics, ...leftOut] };
}
