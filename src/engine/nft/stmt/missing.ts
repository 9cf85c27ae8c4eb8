// A key the packet gives no value for stops the rule (nft_payload_eval, nft_meta_get_eval, nft_ct_get_eval: NFT_BREAK).
// Two different things make a selector give none, and the trace says which: the packet lacks the field (a `tcp dport`
// on a UDP packet: the rule does not match, as in the kernel), or the packet has those bytes and the lab does not know
// them (an ICMP checksum, an ESP SPI: Selector.unknown). In the second case the kernel loads the bytes and compares
// them; the lab cannot say whether the rule matches, and stops it as if it did not.
import type { Explanation } from '../../ext/types.ts';
import type { Scalar } from '../datatype.ts';
import type { NftEval, Selector } from '../model.ts';

/**
 * The values of the selectors for this packet, in order, or the first selector that gives none (each is read once: a
 * `numgen` advances its counter or draws a branch on every read).
 */
export function readKey(sels: readonly Selector[], e: NftEval): Scalar[] | Selector {
  const out: Scalar[] = [];
  for (let i = 0; i < sels.length; i++) {
    const s = sels[i]!;
    const v = s.read(e);
    if (v === undefined) return s;
    out.push(v);
  }
  return out;
}

/** Why `sel` gave no value for this packet: `nft.absent` or `nft.unknown`, naming the field (not its mask). */
export function missingExplanation(sel: Selector, e: NftEval): Explanation {
  const expr = (sel.masked?.base ?? sel).text;
  return { id: sel.unknown?.(e) === true ? 'nft.unknown' : 'nft.absent', params: { expr }, matched: false };
}
