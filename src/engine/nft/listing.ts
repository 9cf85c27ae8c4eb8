// The state nft carries while it lists a rule's statements (fold.ts listedStmts): the protocol dependencies it may
// drop, one per layer (the pdctx of nftables src/payload.c), and the protocol context a `th` field or raw bits are
// named by (proto_ctx, src/proto.c). Each statement is fed in order; the statements folded away are hidden at the end.
import type { Family, ListingContext, Selector, Stmt } from './model.ts';
import { INET_SERVICE } from './datatype.ts';
import { IPV4_HEADER } from './expr/ipv4Header.ts';
import { payloadSelector } from './expr/payload.ts';
import {
  completeField,
  expandFields,
  TH_FIELDS,
  transportHeader,
  type ExpandedPart,
  type ProtocolHeader,
  type TransportHeader,
} from './expr/transportHeaders.ts';
import { maskedTestText, singleValueTest } from './stmt/relation.ts';

/** The protocol dependency nft may drop at the transport layer (pdeps[PROTO_BASE_TRANSPORT_HDR]). */
interface Dependency {
  index: number;
  /** `ip protocol tcp` (a payload field) rather than `meta l4proto tcp`. */
  payload: boolean;
}

/** A protocol key of the transport header kept as a dependency (pdeps[PROTO_BASE_INNER_HDR]: `ah nexthdr tcp`). */
interface InnerDependency {
  index: number;
  header: TransportHeader;
}

const NFPROTO_IPV4 = 2;
const TCP_RESET = 'reject with tcp reset';
/** ICMP echo types: nft does not keep an `icmp type` test of them as a dependency (payload_dependency_store_icmp_type;
 * `icmp type echo-reply` counts as echo-request). */
const ICMP_ECHO = new Set([0, 8]);
const ICMPV6_ECHO = new Set([128, 129]);

type RawBase = NonNullable<Selector['raw']>['base'];
type FieldPart = Extract<ExpandedPart, { kind: 'field' }>;

/** A statement as listed: its text there (statements nft folds away are not in the list). */
export interface ListedStmt {
  stmt: Stmt;
  text: string;
  /**
   * What the JSON writer reads, when not the text: a set or map keyed by a raw payload the listing names keeps its
   * elements' raw type (`ip protocol { 0x6, 0x11 }` is `{"set": [6, 17]}` in nft 1.0.6's JSON, not "tcp"): the text
   * before the renaming, with the names of its raw payloads.
   */
  json?: { text: string; names: ReadonlyMap<string, Selector> };
}

/** The `th` field a selector text names (`th dport`), if any. */
const thFieldNamed = (text: string) => TH_FIELDS.find((x) => `th ${x.name}` === text);

/** A `th` field (not a named header's, not raw bits). */
const isTh = (sel: { text: string; header?: string; proto?: number }) =>
  sel.header === 'transport' && sel.proto === undefined && sel.text.startsWith('th ');

export class StmtListing {
  private readonly order: Stmt[] = [];
  private readonly texts: string[] = [];
  private readonly jsons = new Map<number, NonNullable<ListedStmt['json']>>();
  private readonly hidden = new Set<number>();
  // nft keeps one dependency per protocol layer (the pdctx of payload.c).
  private network: number | undefined;
  private transport: Dependency | undefined;
  private inner: InnerDependency | undefined;
  // The protocol context (proto_ctx) outlives the dependencies: it is what `th` is read as.
  private l4proto: number | undefined;
  private readonly ctx: ListingContext;

  constructor(private readonly family: Family) {
    this.ctx = { family, ipv4: family === 'ip' };
  }

  /** The statements as listed, without those folded away. */
  result(): ListedStmt[] {
    const out: ListedStmt[] = [];
    this.order.forEach((stmt, i) => {
      if (this.hidden.has(i)) return;
      const json = this.jsons.get(i);
      out.push(json ? { stmt, text: this.texts[i]!, json } : { stmt, text: this.texts[i]! });
    });
    return out;
  }

  /** One statement, as written or as nft splits or renames it, with the dependencies it drops or becomes. */
  list(s: Stmt): void {
    const sels = s.sels;
    if (!sels) this.listStatement(s);
    else if (!this.listedSingleValue(s, sels)) this.listSelectors(s, sels);
  }

  /**
   * payload_match_expand: a comparison of bits with one value, listed as the fields of the protocol in context it
   * covers, each with its part of the value; transport bits no field names are `th sport`/`th dport` or raw, and so
   * are other bits. Fields the lab does not read (`icmp id`, which nft tests after an ICMP type it adds) leave the
   * comparison raw: the listing must read back. Bits not on byte boundaries are loaded as whole bytes under a mask
   * (`@nh,100,8 1` is `@nh,96,16 & 0xff0 == 0x10`) unless whole fields cover them (`@nh,0,4 4` is `ip version 4`).
   */
  expand(first: Stmt, offset: number, len: number, value: bigint, neq: boolean, base: RawBase = 'th'): void {
    const h = this.headerOf(base);
    const whole: ExpandedPart[] = [{ kind: 'raw', offset, len }];
    let parts = h ? expandFields(h, offset, len) : whole;
    if (parts.some((p) => p.kind === 'field' && !payloadSelector(h!.name, p.field.name))) parts = whole;
    if ((offset % 8 || len % 8) && !parts.every((p) => p.kind === 'field' && p.len === p.field.len)) {
      this.expandMasked(first, offset, len, value, neq, base);
      return;
    }
    for (const part of parts) {
      const bits = (value >> BigInt(offset + len - part.offset - part.len)) & ((1n << BigInt(part.len)) - 1n);
      if (part.kind === 'field') this.expandField(first, h!, part, bits, neq, base);
      else this.expandRaw(first, h, part, len, bits, neq, base);
    }
  }

  private push(s: Stmt, text: string): number {
    this.order.push(s);
    this.texts.push(text);
    return this.order.length - 1;
  }

  /** A comparison as the listing splits it, after the statement it comes from. */
  private addSplit(first: Stmt, text: string): number {
    const s = listing(first, text);
    return this.push(s, s.text);
  }

  /** payload_dependency_kill for a transport field nft names (a header's field or `th`; not raw bits). */
  private killTransport(protocolKey: boolean): void {
    if (this.transport) {
      // payload_may_dependency_kill: in inet an `ip protocol` test also says IPv4, so it stays.
      if (this.transport.payload && this.family === 'inet') return;
      this.hidden.add(this.transport.index);
      this.transport = undefined;
    } else if (this.inner) {
      // An ICMP type stays: no field below 32 bits depends on one (payload_may_dependency_kill_icmp); in inet a
      // protocol key stays beside another one of its header.
      const icmp = this.inner.header.name === 'icmp' || this.inner.header.name === 'icmpv6';
      if (icmp || (this.family === 'inet' && protocolKey)) return;
      this.hidden.add(this.inner.index);
      this.inner = undefined;
    }
  }

  private header(): TransportHeader | undefined {
    return this.l4proto === undefined ? undefined : transportHeader(this.l4proto);
  }

  /** The header nft names bits of this base by (proto_ctx): the transport protocol in context, IPv4 once known. */
  private headerOf(base: RawBase): ProtocolHeader | undefined {
    return base === 'th' ? this.header() : base === 'nh' && this.ctx.ipv4 ? IPV4_HEADER : undefined;
  }

  /** payload_dependency_kill and the protocol context for an IPv4 field nft names (`ip protocol tcp`). */
  private networkField(i: number, name: string, eq: number | undefined): void {
    if (this.network !== undefined) this.hidden.add(this.network);
    this.network = undefined;
    this.ctx.ipv4 = true;
    if (name === 'protocol' && eq !== undefined) {
      this.transport = { index: i, payload: true };
      this.l4proto = eq;
    }
  }

  /** Bits off byte boundaries: the whole bytes the kernel loads under a mask, named as a raw payload of them would be. */
  private expandMasked(first: Stmt, offset: number, len: number, value: bigint, neq: boolean, base: RawBase): void {
    const start = offset - (offset % 8);
    const end = Math.ceil((offset + len) / 8) * 8;
    const shift = BigInt(end - offset - len);
    const mask = ((1n << BigInt(len)) - 1n) << shift;
    const loaded = this.rawNamed({ base, offset: start, len: end - start });
    if (!loaded) {
      const op = neq ? '!=' : '==';
      this.addSplit(
        first,
        `@${base},${start},${end - start} & 0x${mask.toString(16)} ${op} 0x${(value << shift).toString(16)}`,
      );
      return;
    }
    const i = this.addSplit(first, maskedTestText(first.pos, loaded.sel, Number(mask), Number(value << shift), neq));
    if (loaded.header === IPV4_HEADER) this.networkField(i, '', undefined);
    else this.killTransport(false);
  }

  /** A field of the split (`icmp type echo-reply`), compared with its bits of the value. */
  private expandField(first: Stmt, h: ProtocolHeader, part: FieldPart, bits: bigint, neq: boolean, base: RawBase) {
    const { field } = part;
    // A field longer than the bits left is compared by its leading bits: a prefix (`esp spi 327680/16`, `ip
    // saddr 10.0.0.0/16`); an exact test of a bitmask type says `==` (expression.c must_print_eq_op).
    const shown =
      part.len < field.len
        ? `${field.type.print(Number(bits << BigInt(field.len - part.len)))}/${part.len}`
        : field.type.print(Number(bits));
    const op = neq ? '!= ' : field.type.bitmask === true && part.len === field.len ? '== ' : '';
    const i = this.addSplit(first, `${h.name} ${field.name} ${op}${shown}`);
    const key = part.len === field.len;
    if (base === 'nh') {
      this.networkField(i, field.name, key && !neq ? Number(bits) : undefined);
      return;
    }
    const protocolKey = h.protocolKey === field.name && key;
    this.killTransport(protocolKey);
    if (protocolKey && !neq) this.keyEquals(h as TransportHeader, i, Number(bits));
  }

  /** Bits of the split no field of the header names (all the bits when no header is known). */
  private expandRaw(
    first: Stmt,
    h: ProtocolHeader | undefined,
    part: ExpandedPart,
    len: number,
    bits: bigint,
    neq: boolean,
    base: RawBase,
  ): void {
    // payload_init_raw: 16 bits at 0 or 16 of the transport header are the `th` ports; other bits stay raw, and
    // drop no dependency.
    const op = neq ? '!= ' : '';
    const th = base === 'th' ? TH_FIELDS.find((x) => x.offset === part.offset && x.len === part.len) : undefined;
    if (!th) this.addSplit(first, `@${base},${part.offset},${part.len} ${op}0x${bits.toString(16)}`);
    else {
      // The whole comparison a `th` field no header names: listed as written.
      if (!h && part.len === len) this.push(first, first.text);
      else this.addSplit(first, `th ${th.name} ${op}${INET_SERVICE.print(Number(bits))}`);
      this.killTransport(false);
    }
  }

  /**
   * The field a raw payload of these bits is named by in this context, as the lab reads it, if any: the protocol's
   * field exactly there (payload_expr_complete), else the `th` port there (payload_init_raw).
   */
  private rawNamed(raw: Selector['raw']): { header: ProtocolHeader | undefined; sel: Selector } | undefined {
    if (!raw || raw.offset % 8 || raw.len % 8) return undefined;
    const h = this.headerOf(raw.base);
    const field = h && completeField(h, raw.offset, raw.len);
    const named = field && payloadSelector(h.name, field.name);
    if (named) return { header: h, sel: named };
    const th = raw.base === 'th' && TH_FIELDS.find((x) => x.offset === raw.offset && x.len === raw.len);
    return th ? { header: undefined, sel: payloadSelector('th', th.name)! } : undefined;
  }

  /**
   * An equality on a header's protocol key is kept as a dependency (payload_dependency_store). One naming a protocol
   * of the header's own list (`ah nexthdr tcp`: proto_find_upper) is not modelled: nft 1.0.6 aborts listing it
   * (payload_expr_pctx_update: Assertion `base->length > 0' failed, for `meta l4proto ah th sport 1536`).
   */
  private keyEquals(h: TransportHeader, index: number, v: number): void {
    const echo = h.name === 'icmp' ? ICMP_ECHO.has(v) : h.name === 'icmpv6' && ICMPV6_ECHO.has(v);
    if (!echo) this.inner = { index, header: h };
  }

  /** A statement that is not an expression (`counter`, `reject`, `meta mark set …`): it forgets the dependencies. */
  private listStatement(s: Stmt): void {
    const i = this.push(s, s.listed ? s.listed(this.ctx) : s.text);
    // A raw key of a map the statement reads is named too (`meta mark set ip protocol map { 6 : 0x00000001 }`).
    const reads = new Map<Selector, Selector>();
    for (const sel of s.reads ?? []) {
      const named = this.rawNamed(sel.raw);
      if (named) reads.set(sel, named.sel);
    }
    if (reads.size) {
      this.jsons.set(i, { text: this.texts[i]!, names: namesOf(reads) });
      this.texts[i] = renameRaw(this.texts[i]!, reads);
    }
    // stmt_reject_postprocess: in inet a reject of one protocol (not icmpx) says the network protocol itself; in
    // ip a TCP reset says the transport protocol.
    const text = this.texts[i]!;
    if (s.kind === 'reject' && this.family === 'inet' && this.network !== undefined && text.startsWith('reject with '))
      if (!text.startsWith('reject with icmpx ')) this.hidden.add(this.network);
    if (text === TCP_RESET && this.family === 'ip' && this.transport !== undefined)
      this.hidden.add(this.transport.index);
    this.network = this.transport = this.inner = undefined;
  }

  /** A `th` field or raw bits compared with one value, split as nft lists it; false for any other statement. */
  private listedSingleValue(s: Stmt, sels: readonly Selector[]): boolean {
    if (sels.length === 1 && isTh(sels[0]!)) {
      const test = singleValueTest(s);
      if (test && test.sel === sels[0]) {
        const field = thFieldNamed(test.sel.text)!;
        this.expand(s, field.offset, field.len, BigInt(test.value), test.neq);
        return true;
      }
    }
    const raw = sels.length === 1 ? sels[0]!.raw : undefined;
    if (raw && !sels[0]!.masked) {
      const test = singleValueTest(s);
      if (test && test.sel === sels[0]) {
        this.expand(s, raw.offset, raw.len, BigInt(test.value), test.neq, raw.base);
        return true;
      }
    }
    return false;
  }

  /** An expression on fields: listed as written, its raw payloads and `th` fields named by the protocol in context. */
  private listSelectors(s: Stmt, sels: readonly Selector[]): void {
    const i = this.push(s, s.text);
    const { renames, rawRenames } = this.nameSelectors(i, sels);
    if (rawRenames && s.listedAs) this.texts[i] = s.listedAs(rawRenames);
    else if (rawRenames) {
      this.jsons.set(i, { text: this.texts[i]!, names: namesOf(rawRenames) });
      this.texts[i] = renameRaw(this.texts[i]!, rawRenames);
    }
    if (renames) {
      this.texts[i] = renameTransportFields(this.texts[i]!, renames);
      const json = this.jsons.get(i);
      if (json) json.text = renameTransportFields(json.text, renames);
    }
    const eq = s.equals;
    const name = sels.length === 1 ? (rawRenames?.get(sels[0]!) ?? sels[0]!).text : undefined;
    if (eq !== undefined && (name === 'meta l4proto' || name === 'ip protocol')) {
      this.transport = { index: i, payload: name === 'ip protocol' };
      this.l4proto = eq;
    } else if (eq === NFPROTO_IPV4 && name === 'meta nfproto') {
      this.network = i;
      this.ctx.ipv4 = true;
    }
  }

  /** The names the fields of the statement at i are listed by, and the dependencies they drop. */
  private nameSelectors(i: number, sels: readonly Selector[]) {
    let renames: Map<string, string> | undefined;
    let rawRenames: Map<Selector, Selector> | undefined;
    for (const sel of sels) {
      const field = sel.masked?.base ?? sel;
      const named = this.rawNamed(field.raw);
      if (named) {
        (rawRenames ??= new Map()).set(field, named.sel);
        if (named.header === IPV4_HEADER) this.networkField(i, '', undefined);
        else this.killTransport(false);
      } else if (field.header === 'network') {
        this.networkField(i, '', undefined);
      } else if (field.header === 'transport') {
        // payload_expr_complete: a `th` field is named by the field of the protocol in context at its bits.
        const h = isTh(field) ? this.header() : undefined;
        const th = h && thFieldNamed(field.text);
        const named = h && th && completeField(h, th.offset, th.len);
        if (named) (renames ??= new Map()).set(field.text, `${h.name} ${named.name}`);
        this.killTransport(false);
      }
    }
    return { renames, rawRenames };
  }
}

/** A comparison as the listing splits it (`icmp type echo-reply`, `@th,0,32 0x10050`: payload_expr_print of bits no
 * field names): the trace still runs the statement as written. */
function listing(first: Stmt, text: string): Stmt {
  return { kind: 'match', text, pos: first.pos, simulated: first.simulated, exec: (e) => first.exec(e) };
}

/** The fields raw payloads are named by, keyed by the raw text (json/writeValue.ts RawNames). */
const namesOf = (renames: ReadonlyMap<Selector, Selector>) =>
  new Map([...renames].map(([raw, named]) => [raw.text, named]));

/** Raw payloads named by their fields (`@nh,72,8` read as `ip protocol`), outside quoted strings. */
function renameRaw(text: string, renames: ReadonlyMap<Selector, Selector>): string {
  return text
    .split('"')
    .map((part, k) => {
      if (k % 2) return part;
      for (const [raw, named] of renames) part = part.split(raw.text).join(named.text);
      return part;
    })
    .join('"');
}

/** `th dport` read as `icmp checksum` (each `th` field by its name in the protocol); never inside a quoted string. */
function renameTransportFields(text: string, renames: ReadonlyMap<string, string>): string {
  return text
    .split('"')
    .map((part, k) =>
      k % 2
        ? part
        : part.replace(
            /(^|[\s(.])(th (?:sport|dport))\b/g,
            (all, pre: string, f: string) => pre + (renames.get(f) ?? f),
          ),
    )
    .join('"');
}
