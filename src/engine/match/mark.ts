// mark: iptables-extensions(8) "mark". [!] --mark value[/mask] matches when (nfmark & mask) == value.
import type { MatchModule } from '../ext/types.ts';
import { markTestModule, type MarkTestData } from './util/marks.ts';

export type MarkData = MarkTestData;

export const markMatch: MatchModule<MarkData> = markTestModule('mark', (ctx) => ctx.pkt.mark);
