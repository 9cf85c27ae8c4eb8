import { useTranslation } from 'react-i18next';
import { getLabStore, useLab } from '../../store/index.ts';
import type { TableOrder } from '../../engine/index.ts';
import { useRuns } from './selectors.ts';
import { ScenarioPicker } from '../scenario/ScenarioPicker.tsx';
import { ShareButton } from '../scenario/ShareButton.tsx';
import { LanguagePicker } from './LanguagePicker.tsx';
import { PredictToggle } from '../predict/PredictToggle.tsx';
import { usePacketLabels } from '../predict/usePacketLabels.ts';
import { PLAYBACK_ID, focusPlayback } from '../panels/PlaybackControls.tsx';

function PacketPicker() {
  const { t } = useTranslation('ui');
  const runs = useRuns();
  const packetIndex = useLab((s) => s.packetIndex);
  const explore = useLab((s) => Boolean(s.response?.ok && 'outcomes' in s.response));
  // Packet labels in the viewer's language; none while predicting (the bare tuple instead).
  const { labels } = usePacketLabels();
  const exploredPacket = useLab((s) => s.exploredPacket);
  const packets = useLab((s) => s.packets);
  // While exploring, even a single outcome is worth showing: it says which packet is explored, with p = 1.
  if (runs.length < (explore ? 1 : 2)) return null;
  const explored = packets[exploredPacket];
  const options = runs.map((run, i) => {
    const first = run.steps[0]?.packet;
    return (
      <option key={i} value={i}>
        {explore && 'probability' in run
          ? t('header.outcomeOption', {
              n: i + 1,
              // The fate in words ("Sent out of eth0"), not the engine's id ("sent").
              fate: t(`fate.${run.fate}`, { iface: run.outIface ?? '' }),
              dst: run.packet.dport === undefined ? run.packet.dst : `${run.packet.dst}:${run.packet.dport}`,
              probability: (run as { probability: number }).probability.toFixed(3),
            })
          : labels[i]
            ? t('header.packetLabel', { n: i + 1, label: labels[i] })
            : t('header.packetOption', {
                n: i + 1,
                proto: first?.proto ?? '',
                src: first?.src ?? '',
                dst: first?.dst ?? '',
              })}
      </option>
    );
  });
  return (
    <label className="flex min-w-0 items-center gap-2 text-[14px]">
      <span className="sr-only 2xl:not-sr-only 2xl:whitespace-nowrap">{t('header.packet')}</span>
      <select
        data-testid="packet-picker"
        value={packetIndex}
        onChange={(e) => getLabStore().getState().selectPacket(Number(e.target.value))}
        className="max-w-[9rem] min-w-0 rounded 2xl:max-w-[16rem] border border-slate-400 bg-white px-2 py-1 text-slate-900"
      >
        {explore && explored ? (
          <optgroup
            label={t('header.exploredPacket', { n: exploredPacket + 1, label: labels[exploredPacket] ?? explored.dst })}
          >
            {options}
          </optgroup>
        ) : (
          options
        )}
      </select>
    </label>
  );
}

export function Header() {
  const { t } = useTranslation('ui');
  const tableOrder = useLab((s) => s.tableOrder);
  const running = useLab((s) => s.traceStatus === 'running');
  const explore = useLab((s) => s.explore);
  const predicting = useLab((s) => s.predicting);
  return (
    // Below 1536 px the header must hold on one line at 1280 px in every language (e2e/i18n.spec.ts measures it):
    // the pickers' widths and the gaps are what is left once the buttons have their words.
    <header className="flex flex-wrap items-center gap-x-2 2xl:flex-nowrap 2xl:gap-x-3 gap-y-1 border-b border-slate-700 bg-slate-900 px-4 py-2 text-white">
      {/* The first Tab stop: past the graph's many blocks, straight to step and play. */}
      <a
        href={`#${PLAYBACK_ID}`}
        onClick={(e) => {
          e.preventDefault();
          focusPlayback();
        }}
        className="sr-only rounded bg-amber-300 px-3 py-1 text-[15px] font-bold text-slate-950 focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:z-50"
      >
        {t('controls.skip')}
      </a>
      {/* The tagline as the title's tooltip only: on the one-line header at 1920 px, with the predict controls, it
          was cut short in Chinese and Japanese, and a truncated sentence teaches nothing. */}
      <h1 className="mr-2 text-[20px] leading-tight font-bold whitespace-nowrap" title={t('app.tagline')}>
        {t('app.title')}
      </h1>
      <ScenarioPicker />
      <PacketPicker />
      <button
        type="button"
        data-testid="send"
        title={t('header.sendHint')}
        disabled={running}
        onClick={() => void getLabStore().getState().requestTrace({ autoplay: true })}
        className="rounded-md border-2 border-amber-300 bg-amber-400 px-4 py-1 text-[15px] font-bold whitespace-nowrap text-slate-950 hover:bg-amber-300 disabled:opacity-50"
      >
        ▶ {t('header.send')}
      </button>
      <label className="flex items-center gap-2 text-[14px] whitespace-nowrap">
        <span className="sr-only 2xl:not-sr-only 2xl:whitespace-nowrap">{t('header.tableOrder')}</span>
        <select
          value={tableOrder}
          onChange={(e) =>
            getLabStore()
              .getState()
              .setTableOrder(e.target.value as TableOrder)
          }
          className="rounded border border-slate-400 bg-white px-2 py-1 text-slate-900"
        >
          <option value="nft">{t('header.tableOrderNft')}</option>
          <option value="legacy">{t('header.tableOrderLegacy')}</option>
        </select>
      </label>
      <label className="flex items-center gap-1 text-[14px] whitespace-nowrap" title={t('header.exploreHint')}>
        <input
          type="checkbox"
          data-testid="explore"
          checked={explore}
          disabled={predicting}
          onChange={(e) => getLabStore().getState().setExplore(e.target.checked)}
        />
        {t('header.explore')}
      </label>
      <PredictToggle />
      <ShareButton />
      <button
        type="button"
        data-testid="present"
        title={t('present.hint')}
        onClick={() => getLabStore().getState().togglePresenting()}
        className="rounded-md border-2 border-slate-300 px-3 py-1 text-[14px] font-semibold whitespace-nowrap text-white hover:bg-slate-700"
      >
        {/* The word is always shown: "▣" alone told nobody what the button does. */}
        <span aria-hidden>▣</span> {t('present.enter')}
      </button>
      {/* The counts of the rules are in the status strip under the header, always in full: here, at 1920 px, they
          were cut short beside the predict controls. */}
      <div className="ml-auto">
        <LanguagePicker />
      </div>
    </header>
  );
}
