// limit (nft(8), "LIMIT STATEMENT"; kernel nft_limit.c): a token bucket per rule that starts full. In packet mode it
// holds `burst` packets (5 when not given, NFT_LIMIT_PKT_BURST_DEFAULT) and refills one packet per unit/rate; a packet
// passes when a whole token is left (`over` inverts: the rule goes on only above the rate).
import { posOf, type Cursor } from '../cursor.ts';
import type { Stmt } from '../model.ts';
import type { Token } from '../tokenize.ts';

const UNITS: Record<string, number> = { second: 1, minute: 60, hour: 3600, day: 86400, week: 604800 };

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
    let bytesMode = false;
    let byteUnit = '';
    if (m) {
      rate = Number(m[1]);
      unit = m[2]!;
    } else {
      // `limit rate 10 mbytes/second`: a byte rate (kept, traced with the packet length).
      const u = c.word();
      const bm = /^(bytes|kbytes|mbytes)\/(second|minute|hour|day|week)$/.exec(u.value);
      if (!bm || !/^\d+$/.test(spec.value)) c.fail(spec, `syntax error, unexpected ${spec.value}`);
      bytesMode = true;
      byteUnit = bm[1]!;
      rate = Number(spec.value) * (bm[1] === 'kbytes' ? 1024 : bm[1] === 'mbytes' ? 1048576 : 1);
      unit = bm[2]!;
    }
    if (rate <= 0) c.fail(spec, 'limit rate must be positive');
    const defaultBurst = bytesMode ? 0 : 5;
    let burst = defaultBurst;
    let burstText = '';
    if (c.eatWord('burst')) {
      burst = Number(c.word('number').value);
      const kind = c.isWord('packets') || c.isWord('bytes') ? c.next().value : 'packets';
      // nft lists a burst only when it is not the default (5 packets, NFT_LIMIT_PKT_BURST_DEFAULT; none for bytes).
      if (burst !== defaultBurst) burstText = ` burst ${burst} ${kind}`;
    }
    const seconds = UNITS[unit]!;
    const cost = seconds / rate;
    const max = cost * Math.max(burst, 1);
    const rateText = m ? `${rate}/${unit}` : `${spec.value} ${byteUnit}/${unit}`;
    const text = `limit rate ${over ? 'over ' : ''}${rateText}${burstText}`;
    return {
      kind: 'limit',
      text,
      pos: posOf(first),
      exec(e) {
        const bucket = e.ruleState(() => ({ tokens: max, last: e.now }));
        let tokens = Math.min(max, bucket.tokens + (e.now - bucket.last));
        bucket.last = e.now;
        const need = bytesMode ? (seconds / rate) * e.pkt.length : cost;
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
