// The one registry of match extensions: the parser finds modules here by `-m` name (and by `-p` protocol for the
// implicit tcp/udp/icmp match), the tracer evaluates them through the same objects.
import type { MatchModule } from '../ext/types.ts';
import { tcpMatch } from './tcp.ts';
import { udpMatch } from './udp.ts';

export const matchModules: MatchModule[] = [tcpMatch, udpMatch] as MatchModule[];

const byName = new Map(matchModules.map((m) => [m.name, m]));

export function findMatch(name: string): MatchModule | undefined {
  return byName.get(name);
}
