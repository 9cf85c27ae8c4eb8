// The words of the iptables language the editor highlights and completes: tables, built-in chains, targets,
// match extensions and their options, as iptables(8) and iptables-extensions(8) list them. Data only: the
// engine (in the worker) remains the judge of what a rule means.
import { BUILTIN_CHAINS, TABLES } from '../../store/engineFacts.ts';
import type { TableName } from '../../engine/index.ts';

export const TABLE_NAMES: readonly TableName[] = TABLES;

export const BUILTIN_CHAIN_NAMES = ['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING'] as const;

export function builtinChainsOf(table: TableName): readonly string[] {
  return BUILTIN_CHAINS[table];
}

export const STANDARD_TARGETS = ['ACCEPT', 'DROP', 'RETURN', 'QUEUE'] as const;

/** Target extensions with their options (iptables-extensions(8), "TARGET EXTENSIONS"). */
export const TARGET_OPTIONS: Record<string, readonly string[]> = {
  CONNMARK: [
    '--set-xmark',
    '--set-mark',
    '--save-mark',
    '--restore-mark',
    '--and-mark',
    '--or-mark',
    '--xor-mark',
    '--nfmask',
    '--ctmask',
    '--mask',
  ],
  CT: ['--notrack', '--zone', '--zone-orig', '--zone-reply', '--helper', '--ctevents', '--expevents', '--timeout'],
  DNAT: ['--to-destination', '--random', '--persistent'],
  DSCP: ['--set-dscp', '--set-dscp-class'],
  LOG: ['--log-level', '--log-prefix', '--log-tcp-sequence', '--log-tcp-options', '--log-ip-options', '--log-uid'],
  MARK: ['--set-xmark', '--set-mark', '--and-mark', '--or-mark', '--xor-mark'],
  MASQUERADE: ['--to-ports', '--random', '--random-fully'],
  NETMAP: ['--to'],
  NFLOG: ['--nflog-group', '--nflog-prefix', '--nflog-range', '--nflog-size', '--nflog-threshold'],
  NFQUEUE: ['--queue-num', '--queue-balance', '--queue-bypass', '--queue-cpu-fanout'],
  NOTRACK: [],
  REDIRECT: ['--to-ports', '--random'],
  REJECT: ['--reject-with'],
  SNAT: ['--to-source', '--random', '--random-fully', '--persistent'],
  TCPMSS: ['--set-mss', '--clamp-mss-to-pmtu'],
  TOS: ['--set-tos', '--and-tos', '--or-tos', '--xor-tos'],
  TRACE: [],
};

/** Match extensions with their options (iptables-extensions(8), "MATCH EXTENSIONS"). */
export const MATCH_OPTIONS: Record<string, readonly string[]> = {
  addrtype: ['--src-type', '--dst-type', '--limit-iface-in', '--limit-iface-out'],
  comment: ['--comment'],
  connmark: ['--mark'],
  conntrack: [
    '--ctstate',
    '--ctproto',
    '--ctorigsrc',
    '--ctorigdst',
    '--ctreplsrc',
    '--ctrepldst',
    '--ctorigsrcport',
    '--ctorigdstport',
    '--ctreplsrcport',
    '--ctrepldstport',
    '--ctstatus',
    '--ctexpire',
    '--ctdir',
  ],
  dscp: ['--dscp', '--dscp-class'],
  icmp: ['--icmp-type'],
  iprange: ['--src-range', '--dst-range'],
  length: ['--length'],
  limit: ['--limit', '--limit-burst'],
  mac: ['--mac-source'],
  mark: ['--mark'],
  multiport: ['--sports', '--dports', '--ports', '--source-ports', '--destination-ports'],
  owner: ['--uid-owner', '--gid-owner', '--socket-exists', '--suppl-groups'],
  physdev: ['--physdev-in', '--physdev-out', '--physdev-is-in', '--physdev-is-out', '--physdev-is-bridged'],
  recent: [
    '--name',
    '--set',
    '--rsource',
    '--rdest',
    '--mask',
    '--rcheck',
    '--update',
    '--remove',
    '--seconds',
    '--reap',
    '--hitcount',
    '--rttl',
  ],
  set: ['--match-set', '--return-nomatch', '--update-counters', '--update-subcounters', '--packets-eq', '--bytes-eq'],
  state: ['--state'],
  statistic: ['--mode', '--probability', '--every', '--packet'],
  tcp: ['--sport', '--source-port', '--dport', '--destination-port', '--tcp-flags', '--syn', '--tcp-option'],
  tos: ['--tos'],
  ttl: ['--ttl-eq', '--ttl-gt', '--ttl-lt'],
  udp: ['--sport', '--source-port', '--dport', '--destination-port'],
};

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
