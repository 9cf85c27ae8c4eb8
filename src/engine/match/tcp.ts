// tcp: iptables-extensions(8) "tcp". --sport/--dport take a port, a service name or a range a:b (`:b`, `a:`, `:`);
// --tcp-flags MASK COMP compares (flags & MASK) with COMP; --syn is `--tcp-flags FIN,SYN,RST,ACK SYN`;
// --tcp-option N matches when option kind N is present. The kernel loads it only for `-p tcp`.
import type { Explanation, MatchModule, ParsedOption } from '../ext/types.ts';
import { TCP_FLAG, tcpOptionKinds } from '../model/packet.ts';
import { say } from './util/explain.ts';
import { explainPort, listPort, savePort, type PortTest } from './portMatch.ts';
import { parseUnsigned } from '../ext/numbers.ts';
import { MatchProblem, arg, canonicalName, checkOptions, fail, joinSaved, ok, refuse } from './util/options.ts';
import { parsePortRange } from './util/ports.ts';
import { portWords, words } from '../translate/words.ts';

/** The flag names the tcp match knows, in the order iptables-save prints them (libxt_tcp's table). */
const FLAG_NAMES = [
  ['FIN', TCP_FLAG.FIN],
  ['SYN', TCP_FLAG.SYN],
  ['RST', TCP_FLAG.RST],
  ['PSH', TCP_FLAG.PSH],
  ['ACK', TCP_FLAG.ACK],
  ['URG', TCP_FLAG.URG],
] as const;
const ALL = 0x3f;

/** printf("0x%02X"), as libxt_tcp prints flag masks in a numeric listing. */
function upperHex2(bits: number): string {
  return '0x' + bits.toString(16).toUpperCase().padStart(2, '0');
}

export interface TcpFlagsTest {
  negated: boolean;
  mask: number;
  comp: number;
}

export interface TcpData {
  sport?: PortTest;
  dport?: PortTest;
  flags?: TcpFlagsTest;
  option?: { negated: boolean; kind: number };
}

const ALIASES = { '--source-port': '--sport', '--destination-port': '--dport', '--syn': '--tcp-flags' };

/** `SYN,ACK`, `ALL`, `NONE` → bits; the problem with an unknown name. */
export function parseTcpFlags(text: string): number | MatchProblem {
  let bits = 0;
  for (const word of text.split(',')) {
    const upper = word.toUpperCase();
    if (upper === 'ALL') bits |= ALL;
    else if (upper === 'NONE') continue;
    else {
      const found = FLAG_NAMES.find(([name]) => name === upper);
      if (!found) return new MatchProblem('tcp-unknown-flag', { value: word });
      bits |= found[1];
    }
  }
  return bits;
}

/** Bits → `FIN,SYN,…` in iptables' order, `NONE` for none. */
export function formatTcpFlags(bits: number): string {
  const names = FLAG_NAMES.filter(([, bit]) => (bits & bit) !== 0).map(([name]) => name);
  return names.length ? names.join(',') : 'NONE';
}

/** Any TCP flag bits (also ECE/CWR) for a sentence about the packet. */
function describePacketFlags(bits: number): string {
  const names = Object.entries(TCP_FLAG)
    .filter(([, bit]) => (bits & bit) !== 0)
    .map(([name]) => name);
  return names.length ? names.join(',') : 'NONE';
}

function portTest(option: ParsedOption, proto: string): PortTest | MatchProblem {
  const range = parsePortRange(arg(option), proto);
  return range instanceof MatchProblem ? range : { negated: option.negated, range };
}

export const tcpMatch: MatchModule<TcpData> = {
  name: 'tcp',
  // libxt_tcp.txlate: `tcp sport 53 tcp dport 1020-1023`, flags as `syn / fin,syn,rst,ack`, `tcp option 23 exists`;
  // a port test of 0-65535 is not written; no flag set is `0x0` (iptables 1.8.9: `--tcp-flags ALL NONE` →
  // `tcp flags 0x0 / fin,syn,rst,psh,ack,urg`).
  translate(data) {
    const flag = (bits: number) => (bits === 0 ? '0x0' : formatTcpFlags(bits).toLowerCase());
    return words(
      portWords('tcp sport', data.sport),
      portWords('tcp dport', data.dport),
      data.option &&
        (data.option.kind !== 0 || data.option.negated) &&
        `tcp option ${data.option.kind} ${data.option.negated ? 'missing' : 'exists'}`,
      data.flags &&
        (data.flags.mask !== 0 || data.flags.negated) &&
        `tcp flags ${data.flags.negated ? '!= ' : ''}${flag(data.flags.comp)} / ${flag(data.flags.mask)}`,
    );
  },
  options: {
    '--sport': { args: 1, negatable: true },
    '--source-port': { args: 1, negatable: true },
    '--dport': { args: 1, negatable: true },
    '--destination-port': { args: 1, negatable: true },
    '--tcp-flags': { args: 2, negatable: true },
    '--syn': { args: 0, negatable: true },
    '--tcp-option': { args: 1, negatable: true },
  },
  parse(options, ctx) {
    if (ctx.proto !== 6) return fail('tcp-needs-proto', {}, options[0]);
    const problem = checkOptions('tcp', options, this.options, ALIASES);
    if (problem) return problem;
    const data: TcpData = {};
    for (const option of options) {
      switch (canonicalName(option.name, ALIASES)) {
        case '--sport':
        case '--dport': {
          const test = portTest(option, 'tcp');
          if (test instanceof MatchProblem) return refuse(test, option);
          if (canonicalName(option.name, ALIASES) === '--sport') data.sport = test;
          else data.dport = test;
          break;
        }
        case '--tcp-flags': {
          if (option.name === '--syn') {
            data.flags = {
              negated: option.negated,
              mask: TCP_FLAG.FIN | TCP_FLAG.SYN | TCP_FLAG.RST | TCP_FLAG.ACK,
              comp: TCP_FLAG.SYN,
            };
            break;
          }
          const mask = parseTcpFlags(arg(option, 0));
          if (mask instanceof MatchProblem) return refuse(mask, option);
          const comp = parseTcpFlags(arg(option, 1));
          if (comp instanceof MatchProblem) return refuse(comp, option);
          data.flags = { negated: option.negated, mask, comp };
          break;
        }
        case '--tcp-option': {
          const kind = parseUnsigned(arg(option), 0, 255);
          if (kind === undefined) return fail('tcp-bad-option-number', { value: arg(option) }, option);
          data.option = { negated: option.negated, kind };
          break;
        }
      }
    }
    return ok(data);
  },
  save(data) {
    // libxt_tcp prints sport, dport, tcp-option, tcp-flags in that order.
    return joinSaved([
      savePort('--sport', data.sport),
      savePort('--dport', data.dport),
      // Option kind 0 means "no option test" to the kernel: saved only when negated, as libxt_tcp does.
      data.option &&
        (data.option.kind !== 0 || data.option.negated) &&
        `${data.option.negated ? '! ' : ''}--tcp-option ${data.option.kind}`,
      data.flags &&
        (data.flags.mask !== 0 || data.flags.negated) &&
        `${data.flags.negated ? '! ' : ''}--tcp-flags ${formatTcpFlags(data.flags.mask)} ${formatTcpFlags(data.flags.comp)}`,
    ]);
  },
  list(data) {
    // libxt_tcp tcp_print with numeric on: ports, then " option=N", then " flags:0xMM/0xCC" (two hex digits).
    const option =
      data.option && (data.option.kind !== 0 || data.option.negated)
        ? ` option=${data.option.negated ? '!' : ''}${data.option.kind}`
        : '';
    const flags =
      data.flags && (data.flags.mask !== 0 || data.flags.negated)
        ? ` flags:${data.flags.negated ? '!' : ''}${upperHex2(data.flags.mask)}/${upperHex2(data.flags.comp)}`
        : '';
    return ` tcp${listPort('spt', data.sport)}${listPort('dpt', data.dport)}${option}${flags}`;
  },
  evaluate(data, ctx) {
    const { pkt } = ctx;
    // A non-first fragment carries no TCP header: the kernel's tcp match never matches it.
    if (pkt.fragment) return { matched: false, explain: [say('match.tcp.fragment', false)] };
    const explain: Explanation[] = [];
    if (data.sport) explain.push(explainPort('tcp', 'sport', data.sport, pkt.sport ?? 0));
    if (data.dport) explain.push(explainPort('tcp', 'dport', data.dport, pkt.dport ?? 0));
    if (data.option && data.option.kind !== 0) {
      const present = tcpOptionKinds(pkt.tcpOptions).includes(data.option.kind);
      explain.push(
        say(present ? 'match.tcp.option.present' : 'match.tcp.option.absent', present !== data.option.negated, {
          kind: data.option.kind,
          negated: data.option.negated,
        }),
      );
    }
    if (data.flags) {
      const flags = pkt.tcpFlags ?? 0;
      const equal = (flags & data.flags.mask) === data.flags.comp;
      explain.push(
        say(equal ? 'match.tcp.flags.equal' : 'match.tcp.flags.differ', equal !== data.flags.negated, {
          flags: describePacketFlags(flags),
          mask: formatTcpFlags(data.flags.mask),
          comp: formatTcpFlags(data.flags.comp),
          seen: formatTcpFlags(flags & data.flags.mask),
          negated: data.flags.negated,
        }),
      );
    }
    if (explain.length === 0) explain.push(say('match.tcp.any', true));
    return { matched: explain.every((e) => e.matched), explain };
  },
};
