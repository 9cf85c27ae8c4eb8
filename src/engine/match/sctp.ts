// sctp: iptables-extensions(8) "sctp". [!] --sport/--dport port[:port] and [!] --chunk-types all|any|only
// CHUNK[:flags],… (ALL, NONE). Needs `-p sctp`. Ports are simulated; chunk types are parsed and saved but not
// simulated (the lab's packets carry no SCTP chunks).
import type { Explanation, MatchModule } from '../ext/types.ts';
import { explainPort, type PortTest } from './portMatch.ts';
import { say } from './util/explain.ts';
import { MatchProblem, arg, canonicalName, checkOptions, fail, joinSaved, ok, refuse } from './util/options.ts';
import { formatRange, parsePortRange } from './util/ports.ts';
import { not, portRange, words } from '../translate/words.ts';

/** Chunk names, types and valid flag letters (bit 7 first), as in libxt_sctp's table. */
const CHUNKS: readonly [string, number, string][] = [
  ['DATA', 0, '----IUBE'],
  ['INIT', 1, '--------'],
  ['INIT_ACK', 2, '--------'],
  ['SACK', 3, '--------'],
  ['HEARTBEAT', 4, '--------'],
  ['HEARTBEAT_ACK', 5, '--------'],
  ['ABORT', 6, '-------T'],
  ['SHUTDOWN', 7, '--------'],
  ['SHUTDOWN_ACK', 8, '--------'],
  ['ERROR', 9, '--------'],
  ['COOKIE_ECHO', 10, '--------'],
  ['COOKIE_ACK', 11, '--------'],
  ['ECN_ECNE', 12, '--------'],
  ['ECN_CWR', 13, '--------'],
  ['SHUTDOWN_COMPLETE', 14, '-------T'],
  ['I_DATA', 64, '----IUBE'],
  ['RE_CONFIG', 130, '--------'],
  ['PAD', 132, '--------'],
  ['ASCONF', 193, '--------'],
  ['ASCONF_ACK', 128, '--------'],
  ['FORWARD_TSN', 192, '--------'],
  ['I_FORWARD_TSN', 194, '--------'],
];

interface ChunkTest {
  negated: boolean;
  kind: 'all' | 'any' | 'only';
  /** 'ALL', 'NONE', or chunk types (ascending) with their flags text (canonical case). */
  chunks: 'ALL' | 'NONE' | { type: number; flags: string }[];
}

export interface SctpData {
  sport?: PortTest;
  dport?: PortTest;
  chunks?: ChunkTest;
}

const ALIASES = { '--source-port': '--sport', '--destination-port': '--dport' };

function parseChunks(kindText: string, list: string): ChunkTest | MatchProblem {
  const kind = kindText.toLowerCase();
  if (kind !== 'all' && kind !== 'any' && kind !== 'only')
    return new MatchProblem('sctp-bad-chunk-kind', { value: kindText });
  if (list.toUpperCase() === 'ALL') return { negated: false, kind, chunks: 'ALL' };
  if (list.toUpperCase() === 'NONE') return { negated: false, kind, chunks: 'NONE' };
  const found = new Map<number, string>();
  for (const item of list.split(',')) {
    const [name = '', flags] = item.split(':');
    const chunk = CHUNKS.find(([n]) => n === name.toUpperCase());
    if (!chunk) return new MatchProblem('sctp-unknown-chunk', { value: name });
    let canonical = '';
    if (flags !== undefined) {
      const bits = new Map<number, boolean>();
      for (const c of flags) {
        const index = chunk[2].indexOf(c.toUpperCase());
        if (index < 0 || c === '-') return new MatchProblem('sctp-bad-chunk-flags', { chunk: chunk[0] });
        bits.set(index, c === c.toUpperCase());
      }
      canonical = [...bits.keys()]
        .sort((a, b) => a - b)
        .map((i) => (bits.get(i) ? chunk[2][i]! : chunk[2][i]!.toLowerCase()))
        .join('');
    }
    found.set(chunk[1], canonical);
  }
  return {
    negated: false,
    kind,
    chunks: [...found.entries()].sort(([a], [b]) => a - b).map(([type, flags]) => ({ type, flags })),
  };
}

function saveChunks(test: ChunkTest): string {
  const list =
    typeof test.chunks === 'string'
      ? test.chunks
      : test.chunks
          .map(({ type, flags }) => `${CHUNKS.find(([, t]) => t === type)?.[0] ?? type}${flags ? `:${flags}` : ''}`)
          .join(',');
  return `${test.negated ? '! ' : ''}--chunk-types ${test.kind} ${list}`;
}

/** nft's name of a chunk: `init-ack` for INIT_ACK, `ecne` and `cwr` for the two ECN chunks. */
function nftChunkName(name: string): string {
  return name.replace(/^ECN_/, '').toLowerCase().replace(/_/g, '-');
}

/** `sctp chunk data flags & 0x3 == 0x2` for DATA:Be (an upper-case letter set, a lower-case one clear). */
function chunkWords(chunk: readonly [string, number, string], flags: string, negated: boolean): string {
  if (flags === '') return `sctp chunk ${nftChunkName(chunk[0])} ${negated ? 'missing' : 'exists'}`;
  let mask = 0;
  let value = 0;
  for (const c of flags) {
    const bit = 1 << (7 - chunk[2].indexOf(c.toUpperCase()));
    mask |= bit;
    if (c !== c.toLowerCase()) value |= bit;
  }
  return `sctp chunk ${nftChunkName(chunk[0])} flags & 0x${mask.toString(16)} == 0x${value.toString(16)}`;
}

/**
 * libxt_sctp.c sctp_xlate (iptables 1.8.9): `all` lists its chunks in the table's order as `exists` (`missing` when
 * negated); `only` goes through every chunk, those not listed `missing`; `any` has no translation; a listed chunk
 * with flags becomes a flags test. Negated `only` and negated flags are left untranslated here.
 */
function chunkTestWords(test: ChunkTest): string | null {
  if (test.kind === 'any') return null;
  if (test.chunks === 'NONE') return test.kind === 'all' ? '' : null;
  const listed = test.chunks === 'ALL' ? undefined : new Map(test.chunks.map((c) => [c.type, c.flags]));
  if (test.negated && (test.kind === 'only' || [...(listed?.values() ?? [])].some((f) => f !== ''))) return null;
  const parts: string[] = [];
  for (const chunk of CHUNKS) {
    const flags = listed ? listed.get(chunk[1]) : '';
    if (flags !== undefined) parts.push(chunkWords(chunk, flags, test.negated));
    else if (test.kind === 'only') parts.push(`sctp chunk ${nftChunkName(chunk[0])} missing`);
  }
  return parts.join(' ');
}

export const sctpMatch: MatchModule<SctpData> = {
  name: 'sctp',
  // libxt_sctp.c sctp_xlate: `sctp sport != 5 sctp dport 1-5` (0-65535 is written, unlike tcp), then the chunks.
  translate(data) {
    const chunks = data.chunks ? chunkTestWords(data.chunks) : '';
    if (chunks === null) return null;
    const port = (key: string, t: PortTest | undefined) => t && `${key} ${not(t.negated)}${portRange(t.range)}`;
    return words(port('sctp sport', data.sport), port('sctp dport', data.dport), chunks);
  },
  options: {
    '--sport': { args: 1, negatable: true },
    '--source-port': { args: 1, negatable: true },
    '--dport': { args: 1, negatable: true },
    '--destination-port': { args: 1, negatable: true },
    '--chunk-types': { args: 2, negatable: true },
  },
  parse(options, ctx) {
    if (ctx.proto !== 132) return fail('sctp-needs-proto', {}, options[0]);
    const problem = checkOptions('sctp', options, this.options, ALIASES);
    if (problem) return problem;
    const data: SctpData = {};
    for (const option of options) {
      const name = canonicalName(option.name, ALIASES);
      if (name === '--chunk-types') {
        const test = parseChunks(arg(option, 0), arg(option, 1));
        if (test instanceof MatchProblem) return refuse(test, option);
        data.chunks = { ...test, negated: option.negated };
        continue;
      }
      const range = parsePortRange(arg(option));
      if (range instanceof MatchProblem) return refuse(range, option);
      data[name === '--sport' ? 'sport' : 'dport'] = { negated: option.negated, range };
    }
    return ok(data);
  },
  save(data) {
    const port = (name: string, t: PortTest | undefined) =>
      t && `${t.negated ? '! ' : ''}${name} ${formatRange(t.range)}`;
    return joinSaved([
      port('--sport', data.sport),
      port('--dport', data.dport),
      data.chunks && saveChunks(data.chunks),
    ]);
  },
  evaluate(data, ctx) {
    const { pkt } = ctx;
    if (pkt.fragment) return { matched: false, explain: [say('match.sctp.fragment', false)] };
    const explain: Explanation[] = [];
    if (data.sport) explain.push(explainPort('sctp', 'sport', data.sport, pkt.sport ?? 0));
    if (data.dport) explain.push(explainPort('sctp', 'dport', data.dport, pkt.dport ?? 0));
    if (data.chunks) explain.push(say('match.sctp.chunks-not-simulated', true));
    if (explain.length === 0) explain.push(say('match.sctp.any', true));
    return { matched: explain.every((e) => e.matched), explain };
  },
};
