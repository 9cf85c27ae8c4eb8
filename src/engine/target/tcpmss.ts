// TCPMSS (iptables-extensions(8)): rewrites the MSS option of TCP SYN packets, so connections through a link with
// a smaller MTU do not stall. The kernel registers it for TCP only (xt_TCPMSS.c `.proto = IPPROTO_TCP`: the rule
// needs `-p tcp`) and allows --clamp-mss-to-pmtu only in FORWARD, OUTPUT and POSTROUTING (tcpmss_tg4_check).
// Under iptables-nft the kernel skips legacy's "needs a --tcp-flags SYN match" check (nft_compat).
import type { EvalContext, Explanation, OptionSpec, TargetModule } from '../ext/types.ts';
import { IPPROTO, tcpOptionsLength } from '../model/packet.ts';
import { say } from './util/messages.ts';
import { parseUnsigned } from '../ext/numbers.ts';
import { arg, checkOptions, exclusive, fail, ok } from './util/options.ts';

export type TcpmssData = { kind: 'set'; mss: number } | { kind: 'clamp' };

/** The lab models no per-link MTU: every link is Ethernet (1500) but lo, whose MTU is 65536 as in Linux. */
const ETHERNET_MTU = 1500;
const LOOPBACK_MTU = 65536;
/** tcpmss_tg4 passes minlen = sizeof(iphdr) + sizeof(tcphdr): the clamped MSS is the path MTU minus 40. */
const HEADERS = 40;
/** RFC 1122 4.2.2.6: a peer that sent no MSS option is taken to accept 536 (tcpmss_mangle_packet inserts at most that). */
const DEFAULT_MSS = 536;
/** libxt_TCPMSS: --set-mss goes up to 65535 minus the 20-byte IPv4 header. */
const MAX_MSS = 0xffff - 20;

function linkMtu(iface: string | undefined): number {
  return iface === 'lo' ? LOOPBACK_MTU : ETHERNET_MTU;
}

const OPTIONS: Record<string, OptionSpec> = {
  '--set-mss': { args: 1 },
  '--clamp-mss-to-pmtu': { args: 0 },
};

export const tcpmssTarget: TargetModule<TcpmssData> = {
  name: 'TCPMSS',
  // libxt_TCPMSS.c TCPMSS_xlate: `tcp option maxseg size set 1400`, --clamp-mss-to-pmtu `… set rt mtu`.
  translate: (data) => `tcp option maxseg size set ${data.kind === 'clamp' ? 'rt mtu' : data.mss}`,
  options: OPTIONS,
  hooksFor(data) {
    return data.kind === 'clamp' ? ['FORWARD', 'OUTPUT', 'POSTROUTING'] : undefined;
  },
  parse(options, ctx) {
    const bad =
      checkOptions('TCPMSS', options, OPTIONS) ?? exclusive('TCPMSS', options, ['--set-mss', '--clamp-mss-to-pmtu']);
    if (bad) return bad;
    const option = options[0];
    if (!option) return fail('needs-operation', { target: 'TCPMSS', options: '--set-mss, --clamp-mss-to-pmtu' });
    if (ctx.proto !== IPPROTO.tcp || ctx.protoNegated) return fail('tcp-only', { target: 'TCPMSS' }, option);
    if (option.name === '--clamp-mss-to-pmtu') return ok({ kind: 'clamp' });
    const value = arg(option);
    const mss = parseUnsigned(value, 0, MAX_MSS);
    if (mss === undefined) return fail('bad-number', { option: option.name, value, min: 0, max: MAX_MSS }, option);
    return ok({ kind: 'set', mss });
  },
  save(data) {
    return data.kind === 'clamp' ? '--clamp-mss-to-pmtu' : `--set-mss ${data.mss}`;
  },
  apply(data, ctx) {
    return { verdict: { kind: 'continue' }, explain: [mangleMss(data, ctx)] };
  },
};

/**
 * xt_TCPMSS.c, tcpmss_mangle_packet(): the new MSS is --set-mss, or the smaller of the route MTU out and the MTU of
 * the route back to the source (tcpmss_reverse_mtu) minus 40. An MSS option above it is lowered (never raised); a
 * segment without one gets one inserted — min(new, 536) — unless it carries data (or its header is already 60 bytes).
 * The kernel checks no TCP flag here: the rule's `--tcp-flags SYN,RST SYN` is what limits it to SYNs.
 */
function mangleMss(data: TcpmssData, ctx: EvalContext): Explanation {
  const pkt = ctx.pkt;
  if (pkt.fragment) return say('tcpmss.fragment');
  let mss = data.kind === 'set' ? data.mss : 0;
  if (data.kind === 'clamp') {
    const back = ctx.host.routeDev?.(pkt.src);
    const mtu = Math.min(linkMtu(ctx.outIface), linkMtu(back));
    mss = mtu - HEADERS;
  }
  const old = pkt.tcpOptions?.mss;
  if (old !== undefined) {
    if (old <= mss) return say('tcpmss.kept', { old, mss });
    pkt.tcpOptions = { ...pkt.tcpOptions, mss };
    return say('tcpmss.lowered', { old, mss });
  }
  const header = 20 + tcpOptionsLength(pkt.tcpOptions);
  if (pkt.length > 20 + header) return say('tcpmss.has-data');
  if (header >= 60) return say('tcpmss.header-full');
  const added = Math.min(mss, DEFAULT_MSS);
  pkt.tcpOptions = { ...pkt.tcpOptions, mss: added };
  pkt.length += 4;
  return say('tcpmss.added', { mss: added, wanted: mss });
}
