// limit (nft(8), "LIMIT STATEMENT"; kernel nft_limit.c): a token bucket per rule that starts full. In packet mode it
// holds `burst` packets (5 when not given, NFT_LIMIT_PKT_BURST_DEFAULT) and refills one packet per unit/rate; a packet
// passes when a whole token is left (`over` inverts: the rule goes on only above the rate). In byte mode the bucket
// holds one unit's worth of bytes plus the burst (nft_limit_init: tokens_max = unit * (rate + burst) / rate) and a
// packet costs its length.
import { posOf, type Cursor } from '../cursor.ts';
import type { Stmt } from '../model.ts';
import type { Token } from '../tokenize.ts';

const UNITS: Record<string, number> = { second: 1, minute: 60, hour: 3600, day: 86400, week: 604800 };
const BYTE_UNITS: Record<string, number> = { bytes: 1, kbytes: 1024, mbytes: 1024 * 1024 };

/** nft lists a byte count in the largest unit that divides it: 1024 kbytes/second is `1 mbytes/second`, a burst of
 * 1024 bytes `1 kbytes` (nftables src/statement.c limit_stmt_print, get_rate; checked with nft 1.0.6). */
function printBytes(n: number): string {
  if (n % BYTE_UNITS.mbytes! === 0) return `${n / BYTE_UNITS.mbytes!} mbytes`;
  if (n % BYTE_UNITS.kbytes! === 0) return `${n / BYTE_UNITS.kbytes!} kbytes`;
  return `${n} bytes`;
}

export const limitModule = {
  name: 'limit',
  keywords: ['limit'],
  parse(c: Cursor, first: Token): Stmt {
    const rateKw = c.word();
    if (rateKw.value !== 'rate') c.unexpected(rateKw, 'rate');
    const over = c.eatWord('over');
    const spec = c.word('number');
    const m = /^(\d+)\/(second|minute|hour|day|week)$/.exec(spec.value);
    let rate: number;
    let unit: string;
    const bytesMode = !m;
    if (m) {
      rate = Number(m[1]);
      unit = m[2]!;
    } else {
      // `limit rate 10 mbytes/second`: a byte rate.
      const u = c.word();
      const bm = /^(bytes|kbytes|mbytes)\/(second|minute|hour|day|week)$/.exec(u.value);
      if (!/^\d+$/.test(spec.value)) c.fail(spec, `syntax error, unexpected ${spec.value}`);
      if (!bm) c.fail(spec, 'Wrong rate format');
      rate = Number(spec.value) * BYTE_UNITS[bm[1]!]!;
      unit = bm[2]!;
    }
    if (rate <= 0) c.fail(spec, 'limit rate must be positive');
    const burst = c.eatWord('burst') ? parseBurst(c, bytesMode) : 0;
    const seconds = UNITS[unit]!;
    const cost = seconds / rate;
    // nft lists a burst only when it is not the default (5 packets, NFT_LIMIT_PKT_BURST_DEFAULT; none for bytes).
    const packetBurst = burst || 5;
    const burstText = bytesMode
      ? burst
        ? ` burst ${printBytes(burst)}`
        : ''
      : packetBurst !== 5
        ? ` burst ${packetBurst} packets`
        : '';
    const max = bytesMode ? cost * (rate + burst) : cost * packetBurst;
    const rateText = bytesMode ? `${printBytes(rate)}/${unit}` : `${rate}/${unit}`;
    const text = `limit rate ${over ? 'over ' : ''}${rateText}${burstText}`;
    return {
      kind: 'limit',
      text,
      pos: posOf(first),
      exec(e) {
        const bucket = e.ruleState(() => ({ tokens: max, last: e.now }));
        let tokens = Math.min(max, bucket.tokens + (e.now - bucket.last));
        bucket.last = e.now;
        const need = bytesMode ? cost * e.pkt.length : cost;
        const within = tokens - need >= -1e-9;
        if (within) tokens -= need;
        bucket.tokens = tokens;
        const pass = within !== over;
        return {
          kind: pass ? 'next' : 'break',
          explain: { id: within ? 'nft.limit-within' : 'nft.limit-over', params: { rate: text }, matched: pass },
        };
      },
    };
  },
};

/**
 * `burst N packets` after a packet rate, `burst N bytes|kbytes|mbytes` after a byte rate: the unit is required, and
 * the other kind is refused as nft refuses it ("unexpected bytes, expecting packets").
 */
function parseBurst(c: Cursor, bytesMode: boolean): number {
  const n = c.word('number');
  if (!/^\d+$/.test(n.value)) c.unexpected(n, 'number');
  const u = c.peek();
  if (bytesMode) {
    if (u.kind !== 'word' || !(u.value in BYTE_UNITS)) c.unexpected(u, 'string or bytes');
    c.next();
    return Number(n.value) * BYTE_UNITS[u.value]!;
  }
  if (!(u.kind === 'word' && u.value === 'packets')) {
    // nft's grammar knows `bytes` as a keyword; `kbytes`, `mbytes` are plain strings to it (tokenName.ts).
    c.unexpected(u, 'packets');
  }
  c.next();
  return Number(n.value);
}
