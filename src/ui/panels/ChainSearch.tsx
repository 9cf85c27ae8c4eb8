// Finding a chain in a big ruleset (issue #11 point 4): a search box over chain names and rule comments, and the
// chains found as a virtual list (an empty-ish query can match tens of thousands of kube-proxy chains). Opening a
// chain shows where the packet met it, or pins it when the packet never did.
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChainFound } from '../../engine/index.ts';
import { getLabStore, useLab } from '../../store/index.ts';

/** Pause after a keystroke before the worker searches (each search reads every chain of a big dump). */
const SEARCH_PAUSE_MS = 150;
const ROW_ESTIMATE = 46;

/** The search box; the results take the rule list's place while the query is not empty (ChainSearchResults). */
export function ChainSearchBox() {
  const { t } = useTranslation('huge');
  const query = useLab((s) => s.chainQuery);
  const rulesetId = useLab((s) => s.check?.rulesetId);
  const [text, setText] = useState(query);
  // Cleared from elsewhere (a chain was opened from the results): the box empties too.
  const [seenQuery, setSeenQuery] = useState(query);
  if (query !== seenQuery) {
    setSeenQuery(query);
    if (query === '') setText('');
  }

  // Typed text reaches the store after a short pause; new rules (another ruleset id) are searched again.
  useEffect(() => {
    const timer = setTimeout(() => void getLabStore().getState().searchChains(text), SEARCH_PAUSE_MS);
    return () => clearTimeout(timer);
  }, [text, rulesetId]);
  return (
    <div className="mt-1 flex items-center gap-1">
      <input
        type="search"
        data-testid="chain-search"
        aria-label={t('search.label')}
        placeholder={t('search.placeholder')}
        value={text}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          // Keys typed here are words, not the lab's playback shortcuts.
          e.stopPropagation();
          if (e.key === 'Escape') setText('');
        }}
        className="min-w-0 flex-1 rounded border border-slate-500 px-2 py-0.5 text-[13px]"
      />
    </div>
  );
}

function ResultRow({ found }: { found: ChainFound }) {
  const { t } = useTranslation('huge');
  return (
    <button
      type="button"
      data-testid="chain-search-result"
      className="flex w-full flex-col items-start rounded px-1 py-0.5 text-left hover:bg-sky-50"
      onClick={() => {
        const store = getLabStore().getState();
        store.openChain(found.table, found.chain);
        void store.searchChains('');
      }}
    >
      <span className="flex w-full items-baseline gap-2">
        <code className="min-w-0 truncate font-mono text-[13px] font-semibold">{found.chain}</code>
        <span className="shrink-0 text-[12px] text-slate-600">
          {found.table} · {t('search.rules', { count: found.ruleCount })}
        </span>
      </span>
      {found.comment !== null && (
        <span className="w-full truncate text-[12px] text-slate-700" title={found.comment}>
          {t('search.comment', { comment: found.comment })}
        </span>
      )}
    </button>
  );
}

export function ChainSearchResults() {
  const { t } = useTranslation('huge');
  const query = useLab((s) => s.chainQuery);
  const search = useLab((s) => s.chainSearch);
  const box = useRef<HTMLDivElement>(null);
  const current = search && search.query === query ? search.result : null;
  const chains = current?.chains ?? [];
  // TanStack Virtual hands back fresh functions on every render by design, so the React Compiler leaves this
  // component unmemoised; nothing here is passed to a memoised child.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: chains.length,
    getScrollElement: () => box.current,
    estimateSize: () => ROW_ESTIMATE,
    overscan: 8,
  });

  let summary: string;
  if (!current) summary = t('search.searching');
  else if (current.total === 0) summary = t('search.none', { query: query.trim() });
  else if (current.total > chains.length) summary = t('search.firstOf', { count: current.total, shown: chains.length });
  else summary = t('search.found', { count: current.total });

  return (
    <div className="flex min-h-0 flex-1 flex-col">
      <p role="status" data-testid="chain-search-summary" className="px-3 py-1 text-[13px] text-slate-700">
        {summary}
      </p>
      <div
        ref={box}
        className="min-h-0 flex-1 overflow-auto px-2"
        tabIndex={0}
        role="region"
        aria-label={t('search.results')}
      >
        <ul className="relative" style={{ height: virtualizer.getTotalSize() }}>
          {virtualizer.getVirtualItems().map((item) => {
            const found = chains[item.index];
            if (!found) return null;
            return (
              <li
                key={`${found.table}:${found.chain}`}
                data-index={item.index}
                ref={virtualizer.measureElement}
                className="absolute left-0 right-0 border-b border-slate-200"
                style={{ transform: `translateY(${item.start}px)` }}
              >
                <ResultRow found={found} />
              </li>
            );
          })}
        </ul>
      </div>
    </div>
  );
}
