// What a statement module may ask of the rule parser while it reads its arguments: selectors (`ip daddr . tcp dport`)
// and sets — anonymous ones read in place, named ones (`@name`) linked once the whole text is read.
import type { Cursor } from './cursor.ts';
import type { DataType } from './datatype.ts';
import type { NftSet, NftTable, Pos, Selector } from './model.ts';
import { spanPos } from './position.ts';
import type { SetUpdateRef } from './setDynamic.ts';

export interface SetRef {
  name: string;
  pos: Pos;
  /** Filled when the ruleset is linked (a missing set is refused: "No such file or directory"). */
  set: NftSet | undefined;
  /** The key the expression gives: checked against the set's type ("datatype mismatch"). */
  keyTypes: DataType[];
  /** What the statement needs: a set, a map of values, or a verdict map. */
  need: 'set' | 'map' | 'vmap';
  /** Updated from the packet path (`update @s { … }`): nft makes the set dynamic (setDynamic.ts). */
  update?: SetUpdateRef;
  /** A map lookup: the value its statement needs, and where the whole lookup is written (`ip daddr map @m`), where
   * nft reports a map whose values have another type (validate.ts). */
  value?: { types: DataType[] | 'verdict'; pos: Pos; nat?: { transport: boolean } };
}

/**
 * Notes on a map lookup just read what its value must be: `start` is where the lookup's key was written (the
 * cursor's last token ends it). `nat`: a NAT target, an address or `address . port` when a transport header was
 * matched before.
 */
export function mapValueNeeded(
  c: Cursor,
  ref: SetRef,
  start: number,
  types: DataType[] | 'verdict',
  nat?: { transport: boolean },
): SetRef {
  ref.value = { types, pos: spanPos(start, c.peek(-1).end - start), nat };
  return ref;
}

/** A named counter, quota or flowtable a rule names (`counter name "x"`, `flow add @ft`): it must exist once the
 * whole text is read. */
export interface ObjectRef {
  kind: 'counter' | 'quota' | 'flowtable';
  name: string;
  pos: Pos;
}

export interface RuleCtx {
  table: NftTable;
  /** `sel [. sel …]`: one or more selectors joined by `.`. */
  selectors(c: Cursor): Selector[];
  /** `@name` or `{ … }` for a key of these types (a map when `data` is given). */
  setArg(c: Cursor, keyTypes: DataType[], need: SetRef['need'], data?: DataType[]): SetRef;
  /** A named set to look up once the whole text is read. */
  linkLater(ref: SetRef): void;
  /** A named object to check once the whole text is read (a rule read again was checked already). */
  objectLater(ref: ObjectRef): void;
}
