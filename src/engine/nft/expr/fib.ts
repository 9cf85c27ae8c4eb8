// fib expressions (nft(8), "FIB EXPRESSIONS"; kernel nft_fib_ipv4.c): a routing lookup for the packet's source or
// destination. `type` is the address type (nft_fib4_eval_type → inet_dev_addr_type, restricted to the in/out
// interface with `. iif`/`. oif`); `oif`/`oifname` the interface the route leaves by — with `. iif`, only when that
// is the packet's input interface (reverse-path filtering), else missing.
import type { AddrType } from '../../ext/types.ts';
import type { Cursor } from '../cursor.ts';
import { FIB_ADDRTYPE, IFNAME, type DataType } from '../datatype.ts';
import type { NftEval, Selector } from '../model.ts';

const TYPE_ORDER: [AddrType, number][] = [
  ['LOCAL', 2],
  ['BROADCAST', 3],
  ['MULTICAST', 5],
  ['BLACKHOLE', 6],
  ['UNREACHABLE', 7],
  ['PROHIBIT', 8],
  ['UNICAST', 1],
];

const OIF: DataType = {
  ...IFNAME,
  name: 'ifname',
  parse: (t) => (t === 'missing' ? '' : IFNAME.parse(t)),
  print: (v) => (v === '' ? 'missing' : `"${String(v)}"`),
};

export const fibModule = {
  name: 'fib',
  keywords: ['fib'],
  follows: { fib: ['saddr', 'daddr'] },
  parse(c: Cursor): Selector {
    const addr = c.word();
    if (addr.value !== 'saddr' && addr.value !== 'daddr') c.unexpected(addr);
    const flags: string[] = [];
    while (c.isWord('.')) {
      c.next();
      const f = c.word();
      if (!['iif', 'oif', 'mark'].includes(f.value)) c.unexpected(f);
      flags.push(f.value);
    }
    const result = c.word();
    if (!['type', 'oif', 'oifname'].includes(result.value)) c.unexpected(result);
    const text = `fib ${[addr.value, ...flags].join(' . ')} ${result.value}`;
    const pick = (e: NftEval) => (addr.value === 'saddr' ? e.pkt.src : e.pkt.dst);
    const limit = (e: NftEval) => (flags.includes('iif') ? e.inIface : flags.includes('oif') ? e.outIface : undefined);
    if (result.value === 'type')
      return {
        text,
        type: FIB_ADDRTYPE,
        read(e) {
          const types = e.host.addrTypes(pick(e), limit(e));
          for (const [name, n] of TYPE_ORDER) if (types.has(name)) return n;
          return 0;
        },
      };
    return {
      text,
      type: OIF,
      read(e) {
        const dev = e.host.routeDev?.(pick(e)) ?? '';
        if (flags.includes('iif') && dev !== e.inIface) return '';
        return dev;
      },
    };
  },
};
