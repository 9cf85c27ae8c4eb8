// The traced packet the Counters and Conntrack tabs describe: the one selected in the header, with its label in the
// viewer's language (its number only while predicting).
import { useTranslation } from 'react-i18next';
import { useLab } from '../../store/index.ts';
import { useRuns } from '../app/selectors.ts';
import { usePacketLabels } from '../predict/usePacketLabels.ts';

export function useShownRun() {
  const { t } = useTranslation('teach');
  const runs = useRuns();
  const index = useLab((s) => s.packetIndex);
  const { labels } = usePacketLabels();
  const explore = useLab((s) => s.explore);
  const labelOf = (i: number) => labels[i] ?? t('common.packetNumber', { n: i + 1 });
  const caption = runs.length
    ? explore
      ? t('common.afterOutcome', { n: index + 1, total: runs.length })
      : t('common.afterPacket', { n: index + 1, total: runs.length, label: labelOf(index) })
    : '';
  return { runs, index, run: runs[index], caption, labelOf };
}
