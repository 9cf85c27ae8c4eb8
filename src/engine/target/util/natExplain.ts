// The sentences the NAT targets add for --random, --random-fully and --persistent.
import type { Explanation } from '../../ext/types.ts';
import { say } from './messages.ts';

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
