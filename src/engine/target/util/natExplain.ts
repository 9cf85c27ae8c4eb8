// The sentences the NAT targets add for their ports and for --random, --random-fully and --persistent.
import type { Explanation, NatRange } from '../../ext/types.ts';
import { say } from './messages.ts';
import { formatPorts } from './natRange.ts';

/** What --to-ports does to the port: one port, or a choice within a range. Nothing when no port is given. */
export function portExplanations(range: NatRange): Explanation[] {
  if (range.minPort === undefined) return [];
  if (range.maxPort === undefined || range.maxPort === range.minPort) return [say('nat.port', { port: range.minPort })];
  return [say('nat.ports', { ports: formatPorts(range) })];
}

export function natFlagExplanations(flags: {
  random?: boolean;
  randomFully?: boolean;
  persistent?: boolean;
}): Explanation[] {
  const out: Explanation[] = [];
  if (flags.random) out.push(say('nat.random'));
  if (flags.randomFully) out.push(say('nat.random-fully'));
  if (flags.persistent) out.push(say('nat.persistent'));
  return out;
}
