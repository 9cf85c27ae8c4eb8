// TCPMSS (iptables-extensions(8)): rewrites the MSS option of TCP SYN packets, so connections through a link with
// a smaller MTU do not stall. The kernel registers it for TCP only (xt_TCPMSS.c `.proto = IPPROTO_TCP`: the rule
// needs `-p tcp`) and allows --clamp-mss-to-pmtu only in FORWARD, OUTPUT and POSTROUTING (tcpmss_tg4_check).
// Under iptables-nft the kernel skips legacy's "needs a --tcp-flags SYN match" check (nft_compat).
import type { OptionSpec, TargetModule } from '../ext/types.ts';
import { IPPROTO, TCP_FLAG } from '../model/packet.ts';
import { say } from './util/messages.ts';
import { parseUnsigned } from '../ext/numbers.ts';
import { arg, checkOptions, exclusive, fail, ok } from './util/options.ts';

export type TcpmssData = { kind: 'set'; mss: number } | { kind: 'clamp' };

/** The lab's links all have the Ethernet MTU; clamping to it leaves MTU − 40 bytes of IPv4 and TCP headers. */
const PATH_MTU = 1500;
const HEADERS = 40;
/** libxt_TCPMSS: --set-mss goes up to 65535 minus the 20-byte IPv4 header. */
const MAX_MSS = 0xffff - 20;

const OPTIONS: Record<string, OptionSpec> = {
  '--set-mss': { args: 1 },
  '--clamp-mss-to-pmtu': { args: 0 },
};

export const tcpmssTarget: TargetModule<TcpmssData> = {
  name: 'TCPMSS',
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
    const mss = data.kind === 'clamp' ? PATH_MTU - HEADERS : data.mss;
    const syn = ((ctx.pkt.tcpFlags ?? 0) & TCP_FLAG.SYN) !== 0;
    const explain = syn
      ? [say(data.kind === 'clamp' ? 'tcpmss.clamp' : 'tcpmss.set', { mss, mtu: PATH_MTU }), say('tcpmss.not-modelled')]
      : [say('tcpmss.not-syn')];
    return { verdict: { kind: 'continue' }, explain };
  },
};
