// What a user may import (open a file or paste): a scenario file this app exported, a share link, or a
// ruleset (iptables-save or iptables commands). Changes nothing: the slice decides what to replace only when this
// succeeds. A link is read by `decodeLink` (in a page: a worker), never on the page's own thread.
import { validateScenario } from '../scenarios/validate.ts';
import type { ShareError, SharedState, SharedView } from '../share/codec.ts';
import { decodeLink as workerDecodeLink, type DecodeLink } from '../worker/shareDecoder.ts';
import {
  DEFAULT_HOST,
  inferListingTable,
  isNftText,
  splitIpvsBundle,
  splitMixedRuleset,
  type HostSpec,
  type TableName,
} from '../engine/index.ts';

export const SCENARIO_FILE_FORMAT = 'netfilter-lab-scenario';
export const SCENARIO_FILE_VERSION = 1;

/** Bigger than any real dump the lab is meant for (a 10,000-service kube-proxy dump is about 15 MB). */
export const MAX_IMPORT_BYTES = 32 * 1024 * 1024;

export type ImportFailure =
  | 'empty'
  | 'too-big'
  | 'binary'
  | 'bad-link'
  | 'bad-scenario-file'
  | 'not-rules'
  /** An `iptables -S` listing of one table that several tables fit: `candidates` says which. */
  | 'which-table';

export type ParsedImport =
  | { ok: true; kind: 'scenario'; state: SharedState }
  /** `table`: the one table an `iptables -S` listing (which names none) can belong to, marked with `# table:`. */
  | { ok: true; kind: 'rules'; rules: string; table?: TableName; iptablesRules?: string; ipvsNode?: IpvsNode }
  | { ok: false; reason: Exclude<ImportFailure, 'which-table'>; link?: LinkFailure }
  | { ok: false; reason: 'which-table'; candidates: TableName[] };

/**
 * What `nflab gen-kube --mode ipvs` prints besides the iptables rules (its `rules`): the host's IPVS virtual servers,
 * its sets, and the addresses kube-proxy puts on the kube-ipvs0 dummy interface.
 */
export interface IpvsNode {
  ipvs: string;
  ipsets: string;
  kubeIpvs0: string[];
}

/**
 * The scenario's texts and host for an imported IPVS node: its virtual servers and sets replace the tabs' texts, and
 * its service addresses go on kube-ipvs0 (they must be local for IPVS to take the packets at LOCAL_IN), in the host
 * the scenario had (the engine's default host when it had none).
 */
export function ipvsNodeFields(
  node: IpvsNode,
  host: HostSpec | undefined,
): { ipvs: string | undefined; ipsets: string | undefined; host?: HostSpec } {
  const fields = { ipvs: node.ipvs || undefined, ipsets: node.ipsets || undefined };
  if (node.kubeIpvs0.length === 0) return fields;
  const base = host ?? DEFAULT_HOST;
  const others = base.interfaces.filter((i) => i.name !== 'kube-ipvs0');
  return { ...fields, host: { ...base, interfaces: [...others, { name: 'kube-ipvs0', addresses: node.kubeIpvs0 }] } };
}

/** Why a share link could not be read (for 'bad-link'): the same reasons as a link opened in the address bar. */
export interface LinkFailure {
  error: ShareError;
  detail?: string;
}

const FIRST_VIEW: SharedView = { packetIndex: 0, stepIndex: 0, tableOrder: 'nft' };

/** A file the app writes for "Export scenario": the same content as a share link, readable. */
export function scenarioFileText(state: SharedState): string {
  return `${JSON.stringify({ format: SCENARIO_FILE_FORMAT, version: SCENARIO_FILE_VERSION, ...state }, null, 2)}\n`;
}

/** Lines an iptables ruleset is made of: a table header, a chain line, a rule, COMMIT, or an iptables command. */
const RULES_LINE =
  /^\s*(\*[a-z]+\s*$|:[^\s]+\s+\S+|-[AIDRNXEPFZ]\s|--(append|insert|new-chain|policy)\s|COMMIT\s*$|(sudo\s+)?(iptables|ip6tables)(-legacy|-nft)?\s)/m;

/** The first statement of `nft list ruleset` output or an `nft -f` file. */
const NFT_START = /^\s*(table|add|insert|create|flush|define|delete|destroy)\s/m;

/** NUL and the C0 controls other than tab, newline, form feed, carriage return and escape never appear in a ruleset. */
function looksBinary(text: string): boolean {
  const head = Math.min(text.length, 65536);
  for (let i = 0; i < head; i++) {
    const c = text.charCodeAt(i);
    if (c < 9 || (c > 13 && c < 27) || (c > 27 && c < 32)) return true;
  }
  return false;
}

/** libnftables JSON (`nft -j list ruleset`, libnftables-json(5)): one object whose first key is "nftables". */
const NFT_JSON_START = /^\{\s*"nftables"\s*:/;

export async function parseImport(text: string, decodeLink: DecodeLink = workerDecodeLink): Promise<ParsedImport> {
  if (text.length > MAX_IMPORT_BYTES) return { ok: false, reason: 'too-big' };
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false, reason: 'empty' };
  if (looksBinary(text)) return { ok: false, reason: 'binary' };

  const link = /#(v\d+\.[A-Za-z0-9_.-]*)\s*$/.exec(trimmed) ?? /^(v\d+\.[A-Za-z0-9_.-]+)$/.exec(trimmed);
  if (link && !trimmed.includes('\n')) {
    const decoded = await decodeLink(link[1] ?? '');
    if (decoded.ok) return { ok: true, kind: 'scenario', state: decoded.state };
    const failure: LinkFailure = { error: decoded.error };
    if (decoded.detail !== undefined) failure.detail = decoded.detail;
    return { ok: false, reason: 'bad-link', link: failure };
  }

  // `nft -j list ruleset` is JSON too, but rules: the engine reads it (and places its errors in the JSON).
  if (NFT_JSON_START.test(trimmed)) return { ok: true, kind: 'rules', rules: text.endsWith('\n') ? text : `${text}\n` };
  if (trimmed.startsWith('{')) {
    let data: unknown;
    try {
      data = JSON.parse(trimmed);
    } catch {
      return { ok: false, reason: 'bad-scenario-file' };
    }
    const o = (typeof data === 'object' && data !== null ? data : {}) as Record<string, unknown>;
    // Our own export, or a bare scenario object (as in src/scenarios/*/scenario.json plus rules).
    const scenario = validateScenario(o.format === SCENARIO_FILE_FORMAT ? o.scenario : o);
    if (!scenario.ok) return { ok: false, reason: 'bad-scenario-file' };
    const v = o.view as Partial<SharedView> | undefined;
    const view: SharedView =
      v &&
      Number.isInteger(v.packetIndex) &&
      Number.isInteger(v.stepIndex) &&
      (v.tableOrder === 'nft' || v.tableOrder === 'legacy')
        ? { packetIndex: v.packetIndex as number, stepIndex: v.stepIndex as number, tableOrder: v.tableOrder }
        : FIRST_VIEW;
    return { ok: true, kind: 'scenario', state: { scenario: scenario.value, view } };
  }

  // A kube-proxy IPVS-mode node in one file (ipvsadm-save, ipset save, iptables-save sections): each to its own tab.
  const bundle = splitIpvsBundle(text);
  if (bundle) {
    const ipvsNode = { ipvs: bundle.ipvs.text, ipsets: bundle.ipsets.text, kubeIpvs0: bundle.kubeIpvs0 };
    return { ok: true, kind: 'rules', rules: bundle.iptables.text, ipvsNode };
  }

  // nftables text, alone or pasted together with an iptables-save dump (a host that has both).
  const mixed = splitMixedRuleset(text);
  if (mixed) return { ok: true, kind: 'rules', rules: mixed.nft, iptablesRules: mixed.iptables };
  if (NFT_START.test(text) && isNftText(text))
    return { ok: true, kind: 'rules', rules: text.endsWith('\n') ? text : `${text}\n` };
  if (!RULES_LINE.test(text)) return { ok: false, reason: 'not-rules' };
  const rules = text.endsWith('\n') ? text : `${text}\n`;
  // `iptables -t nat -S` prints no table name: loaded as it is, it would land in filter, full of errors.
  const listing = inferListingTable(rules);
  if (listing.kind === 'ambiguous') return { ok: false, reason: 'which-table', candidates: listing.candidates };
  if (listing.kind === 'one' && listing.table !== 'filter')
    return { ok: true, kind: 'rules', rules: `# table: ${listing.table}\n${rules}`, table: listing.table };
  return { ok: true, kind: 'rules', rules };
}
