// Named stateful objects declared in a table (nft(8) "STATEFUL OBJECTS"): `counter name { packets N bytes N }` and
// `quota name { [over|until] N unit [used N unit] }`, each block item optionally followed by a separator and a
// `comment "…"` (nftables parser_bison.y counter_block, quota_block). nft lists them before the sets, in the order
// the kernel created them, the comment first (checked with nft 1.0.6 in a netns).
import { posOf, type Cursor } from './cursor.ts';
import type { NftObject } from './model.ts';
import type { Token } from './tokenize.ts';
import { quotaConfigText, readQuotaConfig } from './stmt/quotaConfig.ts';

export type ObjectKind = NftObject['kind'];

/** Objects are found by type and name (nf_tables_api.c nft_obj_lookup): a counter and a quota may share a name. */
export const objectKey = (kind: ObjectKind, name: string): string => `${kind}:${name}`;

/** The object with its defaults: a counter at zero, a quota of 0 bytes until the block says otherwise. */
export function newObject(kind: ObjectKind, nameTok: Token, id: number): NftObject {
  const base = { name: nameTok.value, handle: 0, id, pos: posOf(nameTok) };
  return kind === 'counter'
    ? { kind, packets: 0, bytes: 0, ...base }
    : { kind, bytes: 0, used: 0, over: false, ...base };
}

/** The block after `{`, up to and with its `}`. */
export function parseObjectBlock(c: Cursor, obj: NftObject): void {
  for (;;) {
    c.skipNewlines();
    if (c.eatPunct('}')) return;
    if (c.eatWord('comment')) obj.comment = c.name().value;
    else if (obj.kind === 'counter') {
      const t = c.word();
      if (t.value !== 'packets') c.unexpected(t);
      obj.packets = Number(c.word('number').value) || 0;
      if (!c.eatWord('bytes')) c.unexpected(c.peek(), 'bytes');
      obj.bytes = Number(c.word('number').value) || 0;
    } else Object.assign(obj, readQuotaConfig(c));
  }
}

/**
 * A second declaration of an object in one transaction: the kernel keeps a counter as it is (nft_counter has no
 * update) and updates a quota's budget and `over` flag, not what it used nor its comment (nf_tables_newobj,
 * nft_quota_obj_update; checked with nft 1.0.6).
 */
export function redeclare(known: NftObject, again: NftObject): void {
  if (known.kind === 'quota' && again.kind === 'quota') {
    known.bytes = again.bytes;
    known.over = again.over;
  }
}

/** The block's lines as `nft list ruleset` prints them (without indentation). */
export function objectLines(obj: NftObject): string[] {
  const out = obj.comment !== undefined ? [`comment "${obj.comment}"`] : [];
  out.push(obj.kind === 'counter' ? `packets ${obj.packets} bytes ${obj.bytes}` : quotaConfigText(obj));
  return out;
}
