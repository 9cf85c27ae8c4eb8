// The packet labels every view shows, or none while predicting: a label such as "MySQL SYN (not allowed)" would
// give the answer away, so the header's picker, the Packets tab and the Counters and Conntrack captions fall back
// to the packet's number and tuple then.
import { useLab } from '../../store/index.ts';
import { useScenarioWords } from '../scenario/useScenarioWords.ts';

const NONE: readonly (string | undefined)[] = [];

export function usePacketLabels(): { labels: readonly (string | undefined)[]; hidden: boolean } {
  const words = useScenarioWords().packetLabels;
  const hidden = useLab((s) => s.predicting);
  return { labels: hidden ? NONE : words, hidden };
}
