// `nflab trace --rules FILE [--host FILE] [--ipsets FILE] [--ipvs FILE] [--seed N] [--explore] (--packet JSON | --packets FILE) [--json]`
// Walks packets through a ruleset and prints, for each, the kernel-style walk and its fate (or the JSON response).
import fs from 'node:fs';
import { runTrace, type TraceRequest, type TraceResponse } from '../engine/index.ts';
import type { Explanation } from '../engine/ext/types.ts';
import type { HostSpec, Outcome, PacketSpec, TraceResult } from '../engine/trace/types.ts';
import traceCatalog from '../i18n/en/trace.json' with { type: 'json' };
import matchCatalog from '../i18n/en/match.json' with { type: 'json' };
import targetCatalog from '../i18n/en/target.json' with { type: 'json' };
import { readRulesFile } from './check.ts';

const USAGE = `usage: nflab trace --rules FILE [--host FILE] [--ipsets FILE] [--ipvs FILE] [--seed N] [--explore]
                   (--packet JSON | --packets FILE) [--json]
  --rules FILE     an iptables-save dump or a script of iptables commands ("-" for stdin)
  --host FILE      the host as JSON (interfaces, routes, forwarding, conntrack, routeLocalnet); default: a router
  --ipsets FILE    \`ipset save\` output
  --ipvs FILE      IPVS services: \`ipvsadm-save -n\` (or \`ipvsadm -Ln\`) output
  --seed N         seed for statistic --mode random (default 1)
  --explore        every outcome of the random rules, with its probability
  --packet JSON    one packet, e.g. '{"in":"eth0","proto":"tcp","src":"10.0.1.2","dst":"10.0.1.1","dport":22}'
  --packets FILE   a JSON array of packets, traced in order (they share the connection table)
  --json           print the JSON response of the batch contract
`;

type Catalog = { [key: string]: string | Catalog };
const CATALOGS: Record<string, Catalog> = { trace: traceCatalog, match: matchCatalog, target: targetCatalog };

/** The catalog sentence of an explanation, with its parameters filled in (the id itself when the catalog lacks it). */
export function renderExplanation(e: Explanation): string {
  const [ns, ...path] = e.id.split('.');
  let node: string | Catalog | undefined = ns ? CATALOGS[ns] : undefined;
  for (const part of path) node = typeof node === 'object' ? node[part] : undefined;
  if (typeof node !== 'string') return e.id;
  return node.replace(/\{\{\s*(\w+)\s*\}\}/g, (_m, key: string) => String(e.params[key] ?? ''));
}

function readJson(file: string, what: string): { value: unknown } | { error: string } {
  try {
    return { value: JSON.parse(fs.readFileSync(file, 'utf8')) as unknown };
  } catch (e) {
    return { error: `${what} ${file}: ${e instanceof Error ? e.message : String(e)}` };
  }
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

function buildRequest(args: Args): { req: TraceRequest } | { error: string } {
  const rules = readRulesFile(args.rules!);
  if ('error' in rules) return rules;
  const req: TraceRequest = { rules: rules.text, packets: [], explore: args.explore };
  if (args.seed !== undefined) req.seed = args.seed;
  if (args.host) {
    const host = readJson(args.host, 'host');
    if ('error' in host) return host;
    req.host = host.value as HostSpec;
  }
  if (args.ipsets) {
    try {
      req.ipsets = fs.readFileSync(args.ipsets, 'utf8');
    } catch (e) {
      return { error: `ipsets ${args.ipsets}: ${e instanceof Error ? e.message : String(e)}` };
    }
  }
  if (args.ipvs) {
    try {
      req.ipvs = fs.readFileSync(args.ipvs, 'utf8');
    } catch (e) {
      return { error: `ipvs ${args.ipvs}: ${e instanceof Error ? e.message : String(e)}` };
    }
  }
  if (args.packet) {
    try {
      req.packets = [JSON.parse(args.packet) as PacketSpec];
    } catch {
      return { error: '--packet is not valid JSON' };
    }
  } else {
    const list = readJson(args.packets!, 'packets');
    if ('error' in list) return list;
    if (!Array.isArray(list.value)) return { error: `packets ${args.packets}: expected a JSON array of packets` };
    req.packets = list.value as PacketSpec[];
  }
  return { req };
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
    out.push(`${indent}  ${w.hook.padEnd(11)} ${w.table}:${w.chain}:${rule} → ${w.verdict}`);
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

function printHuman(resp: TraceResponse, packets: PacketSpec[]): string {
  if (!resp.ok)
    return resp.errors.map((e) => (e.line ? `${e.line}:${e.col}: ${e.message}` : e.message)).join('\n') + '\n';
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

export async function traceCommand(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  if ('help' in args) {
    process.stdout.write(USAGE);
    return 0;
  }
  if ('error' in args) {
    process.stderr.write(`nflab trace: ${args.error}\n${USAGE}`);
    return 2;
  }
  const built = buildRequest(args);
  if ('error' in built) {
    process.stderr.write(`nflab trace: ${built.error}\n`);
    return 2;
  }
  const resp = runTrace(built.req);
  process.stdout.write(args.json ? JSON.stringify(resp) + '\n' : printHuman(resp, built.req.packets));
  return resp.ok ? 0 : 1;
}
