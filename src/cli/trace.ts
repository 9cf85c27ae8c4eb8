// `nflab trace --rules FILE [--host FILE] [--ipsets FILE] [--ipvs FILE] [--seed N] [--explore] (--packet JSON | --packets FILE) [--json]`
// Walks packets through a ruleset and prints, for each, the kernel-style walk and its fate (or the JSON response).
import { createSession, type TraceRequest, type TraceResponse } from '../engine/index.ts';
import { parseTree } from 'jsonc-parser';
import type { Diagnostic, Explanation, HostSpec, Outcome, PacketSpec, TraceResult } from '../engine/index.ts';
import { englishT, explanationText } from '../i18n/catalogText.ts';
import { readRulesFile, usageError } from './check.ts';
import { displayName, lineColAt, parseJson, readInput } from './input.ts';

const USAGE = `usage: nflab trace --rules FILE [--host FILE] [--ipsets FILE] [--ipvs FILE] [--seed N] [--explore]
                   (--packet JSON | --packets FILE) [--json]
  --rules FILE     an iptables-save dump, a script of iptables commands or an nftables ruleset ("-" for stdin)
  --host FILE      the host as JSON (interfaces, routes, forwarding, conntrack, routeLocalnet); default: a router
  --ipsets FILE    \`ipset save\` output
  --ipvs FILE      IPVS services: \`ipvsadm-save -n\` (or \`ipvsadm -Ln\`) output
  --seed N         seed for statistic --mode random (default 1)
  --explore        every outcome of the random rules, with its probability
  --packet JSON    one packet, e.g. '{"in":"eth0","proto":"tcp","src":"10.0.1.2","dst":"10.0.1.1","dport":22}'
  --packets FILE   a JSON array of packets, traced in order (they share the connection table)
  --json           print the JSON response of the batch contract
`;

/** The English sentence of an explanation, by the renderer the UI uses (the id itself when no catalog has it). */
export function renderExplanation(e: Explanation): string {
  return explanationText(englishT(), e);
}

function readJson(file: string): { value: unknown } | { error: string } {
  const read = readInput(file);
  return 'error' in read ? read : parseJson(read.text, displayName(file));
}

interface Args {
  rules?: string;
  host?: string;
  ipsets?: string;
  ipvs?: string;
  seed?: number;
  explore: boolean;
  packet?: string;
  packets?: string;
  json: boolean;
}

function parseArgs(argv: string[]): Args | { error: string } | { help: true } {
  const args: Args = { explore: false, json: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = () => argv[++i];
    switch (a) {
      case '--rules':
        args.rules = value();
        break;
      case '--host':
        args.host = value();
        break;
      case '--ipsets':
        args.ipsets = value();
        break;
      case '--ipvs':
        args.ipvs = value();
        break;
      case '--seed': {
        const n = Number(value());
        if (!Number.isInteger(n)) return { error: '--seed needs an integer' };
        args.seed = n;
        break;
      }
      case '--explore':
        args.explore = true;
        break;
      case '--packet':
        args.packet = value();
        break;
      case '--packets':
        args.packets = value();
        break;
      case '--json':
        args.json = true;
        break;
      case '--help':
      case '-h':
        return { help: true };
      default:
        return { error: `unknown option ${a}` };
    }
  }
  if (!args.rules) return { error: '--rules FILE is required' };
  if (!args.packet === !args.packets) return { error: 'give exactly one of --packet JSON or --packets FILE' };
  return args;
}

interface Built {
  req: TraceRequest;
  /** The text of --packets FILE, to point at the packet an error is about. */
  packetsText?: string;
}

function buildRequest(args: Args): Built | { error: string } {
  const rules = readRulesFile(args.rules!);
  if ('error' in rules) return rules;
  const req: TraceRequest = { rules: rules.text, packets: [], explore: args.explore };
  if (args.seed !== undefined) req.seed = args.seed;
  if (args.host) {
    const host = readJson(args.host);
    if ('error' in host) return host;
    req.host = host.value as HostSpec;
  }
  if (args.ipsets) {
    const ipsets = readInput(args.ipsets);
    if ('error' in ipsets) return ipsets;
    req.ipsets = ipsets.text;
  }
  if (args.ipvs) {
    const ipvs = readInput(args.ipvs);
    if ('error' in ipvs) return ipvs;
    req.ipvs = ipvs.text;
  }
  if (args.packet) {
    const packet = parseJson(args.packet, '--packet');
    if ('error' in packet) return packet;
    req.packets = [packet.value as PacketSpec];
    return { req };
  }
  const read = readInput(args.packets!);
  if ('error' in read) return read;
  const list = parseJson(read.text, displayName(args.packets!));
  if ('error' in list) return list;
  if (!Array.isArray(list.value))
    return { error: `${displayName(args.packets!)}:1:1: expected a JSON array of packets` };
  req.packets = list.value as PacketSpec[];
  return { req, packetsText: read.text };
}

function describePacket(r: TraceResult): string {
  const p = r.packet;
  const ports = p.sport !== undefined ? `:${p.sport} → ${p.dst}:${p.dport}` : ` → ${p.dst}`;
  return `${p.proto} ${p.src}${ports}${p.mark ? ` mark 0x${p.mark.toString(16)}` : ''}`;
}

/** A CLI line from the catalog (trace.cli.*). */
function say(key: string, params: Explanation['params'] = {}): string {
  return renderExplanation({ id: `trace.cli.${key}`, params, matched: true });
}

function printResult(r: TraceResult, indent: string, out: string[]): void {
  // The walk is netfilter's own notation (as `nft monitor trace` prints it), not a sentence.
  for (const w of r.walk) {
    const rule = w.rule === 'policy' ? 'policy' : `rule ${w.rule}`;
    const family = w.family ? `${w.family} ` : '';
    out.push(`${indent}  ${w.hook.padEnd(11)} ${family}${w.table}:${w.chain}:${rule} → ${w.verdict}`);
  }
  // IPVS stops between the tables: where, what it did, and why (the scheduler's choice).
  for (const s of r.steps) {
    if (s.kind !== 'ipvs') continue;
    out.push(`${indent}  ${s.hook.padEnd(11)} ipvs:${s.priority} → ${s.action}`);
    for (const e of s.explain) out.push(`${indent}    ${renderExplanation(e)}`);
  }
  const exit = r.outIface ? say('exit', { iface: r.outIface }) : '';
  const state = r.ctstate ? ` [${r.ctstate}]` : '';
  out.push(`${indent}  ${say('fate', { fate: r.fate, exit, packet: describePacket(r), state })}`);
  if (r.reason) out.push(`${indent}    ${renderExplanation(r.reason)}`);
  if (r.reply) {
    out.push(`${indent}  ${say('reply')}`);
    printResult(r.reply, `${indent}    `, out);
  }
}

/** The input an error of the answer is about, as `FILE:LINE:COL: message` (an editor jumps there). */
function locate(e: Diagnostic, args: Args, packetsText: string | undefined): string {
  const at = (file: string, line: number, col: number) => `${file}:${line}:${col}: ${e.message}`;
  switch (e.code) {
    case 'bad-ipset':
      return at(displayName(args.ipsets ?? ''), e.line || 1, e.col || 1);
    case 'bad-host':
      return at(displayName(args.host ?? '--host'), 1, 1);
    case 'bad-packet': {
      if (packetsText === undefined) return at('--packet', 1, 1);
      // "Packet N: …": the engine counts from 1; the error points at that element of the array.
      const n = Number(/^Packet (\d+):/.exec(e.message)?.[1] ?? 1);
      const element = parseTree(packetsText)?.children?.[n - 1];
      const pos = lineColAt(packetsText, element?.offset ?? 0);
      return at(displayName(args.packets ?? ''), pos.line, pos.col);
    }
    case 'internal':
      return `nflab trace: ${e.message}`;
    default:
      return at(displayName(args.rules ?? ''), e.line || 1, e.col || 1);
  }
}

function printHuman(resp: TraceResponse, args: Args, built: Built): string {
  if (!resp.ok) return resp.errors.map((e) => locate(e, args, built.packetsText)).join('\n') + '\n';
  const packets = built.req.packets;
  const out: string[] = [];
  if ('outcomes' in resp) {
    resp.outcomes.forEach((o: Outcome, i) => {
      out.push(say('outcome', { n: i + 1, probability: o.probability.toFixed(6) }));
      printResult(o, '', out);
    });
  } else {
    resp.results.forEach((r, i) => {
      const spec = packets[i];
      out.push(spec?.local ? say('packet-local', { n: i + 1 }) : say('packet-in', { n: i + 1, iface: spec?.in ?? '' }));
      printResult(r, '', out);
    });
  }
  return out.join('\n') + '\n';
}

/** The request through an engine session, as the lab and `nflab batch` trace: load the rules, then trace by id. */
async function traceInSession(req: TraceRequest): Promise<TraceResponse> {
  const { rules, iptablesRules, ipsets, ...options } = req;
  const session = createSession({ keepRulesets: 1, keepTraces: 1 });
  const { rulesetId } = session.load({
    text: rules,
    ...(ipsets !== undefined ? { ipsets } : {}),
    ...(iptablesRules !== undefined ? { iptablesRules } : {}),
  });
  const head = await session.trace({ ...options, rulesetId, chunk: Number.POSITIVE_INFINITY });
  return head.response;
}

export async function traceCommand(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  if ('help' in args) {
    process.stdout.write(USAGE);
    return 0;
  }
  if ('error' in args) {
    process.stderr.write(usageError(USAGE, args.error));
    return 2;
  }
  const built = buildRequest(args);
  if ('error' in built) {
    process.stderr.write(`${built.error}\n`);
    return 1;
  }
  const resp = await traceInSession(built.req);
  process.stdout.write(args.json ? JSON.stringify(resp) + '\n' : printHuman(resp, args, built));
  return resp.ok ? 0 : 1;
}
