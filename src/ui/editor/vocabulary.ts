// The words of the iptables language the editor highlights and completes. The extensions (matches, targets, their
// options and one-line descriptions) come from the engine's registries, so a new module needs no edit here; the rest
// (tables, chains, commands, generic options, common values) is the language itself, as iptables(8) lists it. Data
// only: the engine (in the worker) remains the judge of what a rule means.
import { BUILTIN_CHAINS, extensionVocabulary, TABLES } from '../../store/engineFacts.ts';
import type { ExtensionWords, TableName } from '../../engine/index.ts';

export const TABLE_NAMES: readonly TableName[] = TABLES;

export const BUILTIN_CHAIN_NAMES = ['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING'] as const;

export function builtinChainsOf(table: TableName): readonly string[] {
  return BUILTIN_CHAINS[table];
}

const extensions = extensionVocabulary();

export const STANDARD_TARGETS: readonly string[] = extensions.standardTargets;

const byName = (list: readonly ExtensionWords[]): ReadonlyMap<string, ExtensionWords> =>
  new Map(list.map((e) => [e.name, e]));

/** Target extensions by name (`-j NAME`), with their options and description id. */
export const TARGETS: ReadonlyMap<string, ExtensionWords> = byName(extensions.targets);

/** Match extensions by name (`-m name`), with their options and description id. */
export const MATCHES: ReadonlyMap<string, ExtensionWords> = byName(extensions.matches);

/** Options every rule may use (iptables(8), "PARAMETERS"). */
export const GENERIC_OPTIONS = [
  '-p',
  '-s',
  '-d',
  '-i',
  '-o',
  '-f',
  '-m',
  '-j',
  '-g',
  '-c',
  '--protocol',
  '--source',
  '--destination',
  '--in-interface',
  '--out-interface',
  '--fragment',
  '--match',
  '--jump',
  '--goto',
] as const;

/** Commands followed by a chain name (iptables(8), "COMMANDS"): the editor completes and colours that word. */
export const CHAIN_COMMANDS = [
  '-A',
  '-I',
  '-D',
  '-R',
  '-N',
  '-X',
  '-E',
  '-P',
  '-F',
  '-Z',
  '-S',
  '-L',
  '--append',
  '--insert',
  '--delete',
  '--replace',
  '--new-chain',
  '--delete-chain',
  '--rename-chain',
  '--policy',
  '--flush',
  '--zero',
  '--list-rules',
  '--list',
] as const;

/** Commands of an iptables script and of iptables-save lines (iptables(8), "COMMANDS"), and -t to pick a table. */
export const COMMANDS = [...CHAIN_COMMANDS, '-t', '--table'] as const;

/** Values some options take, for completion after the option. */
export const OPTION_VALUES: Record<string, readonly string[]> = {
  '-p': ['tcp', 'udp', 'icmp', 'all'],
  '--protocol': ['tcp', 'udp', 'icmp', 'all'],
  '--ctstate': [
    'NEW',
    'ESTABLISHED',
    'RELATED',
    'INVALID',
    'UNTRACKED',
    'SNAT',
    'DNAT',
    'NEW,ESTABLISHED',
    'RELATED,ESTABLISHED',
  ],
  '--state': ['NEW', 'ESTABLISHED', 'RELATED', 'INVALID', 'UNTRACKED', 'RELATED,ESTABLISHED'],
  '--ctstatus': ['NONE', 'EXPECTED', 'SEEN_REPLY', 'ASSURED', 'CONFIRMED'],
  '--ctdir': ['ORIGINAL', 'REPLY'],
  '--src-type': ['LOCAL', 'UNICAST', 'BROADCAST', 'MULTICAST', 'ANYCAST', 'BLACKHOLE', 'UNREACHABLE', 'PROHIBIT'],
  '--dst-type': ['LOCAL', 'UNICAST', 'BROADCAST', 'MULTICAST', 'ANYCAST', 'BLACKHOLE', 'UNREACHABLE', 'PROHIBIT'],
  '--reject-with': [
    'icmp-port-unreachable',
    'icmp-net-unreachable',
    'icmp-host-unreachable',
    'icmp-proto-unreachable',
    'icmp-net-prohibited',
    'icmp-host-prohibited',
    'icmp-admin-prohibited',
    'tcp-reset',
  ],
  '--icmp-type': ['echo-request', 'echo-reply', 'destination-unreachable', 'port-unreachable', 'time-exceeded', 'any'],
  '--tcp-flags': ['SYN,ACK,FIN,RST SYN', 'ALL NONE', 'ALL ALL'],
  '--mode': ['random', 'nth'],
};
