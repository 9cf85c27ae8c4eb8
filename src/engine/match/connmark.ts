// connmark: iptables-extensions(8) "connmark". [!] --mark value[/mask] matches when (ctmark & mask) == value; a
// packet without a conntrack entry (conntrack off, UNTRACKED or INVALID) never matches.
import type { MatchModule } from '../ext/types.ts';
import { markTestModule, type MarkTestData } from './util/marks.ts';

export type ConnmarkData = MarkTestData;

export const connmarkMatch: MatchModule<ConnmarkData> = markTestModule(
  'connmark',
  (ctx) => (!ctx.ct || ctx.ct.state === 'UNTRACKED' || ctx.ct.state === 'INVALID' ? null : ctx.ct.mark),
  { needsConntrack: true },
);
