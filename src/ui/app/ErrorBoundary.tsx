// A part of the page that fails to render (a bug, or a code chunk that could not be fetched) shows a message in
// its place instead of React unmounting the whole lab into a white screen. The scenario is autosaved as it is
// edited, so reloading brings the user's work back.
import { Component, type ErrorInfo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

interface Props {
  /** What to show instead: 'page' for the whole lab, 'panel' for one tab's content. */
  scope: 'page' | 'panel';
  children: ReactNode;
}

interface State {
  error: Error | null;
}

export class ErrorBoundary extends Component<Props, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: unknown): State {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    // For whoever opens the console to report it; the user sees the message below.
    console.error(error, info.componentStack);
  }

  override render(): ReactNode {
    const { error } = this.state;
    if (!error) return this.props.children;
    return <Failure scope={this.props.scope} detail={error.message} />;
  }
}

/** Reloading is the one remedy offered: it also fetches again a code chunk that failed to arrive. */
function Failure({ scope, detail }: { scope: Props['scope']; detail: string }) {
  const { t } = useTranslation('ui');
  return (
    <div
      role="alert"
      data-testid={`failure-${scope}`}
      className={`flex flex-col items-start gap-2 bg-amber-50 p-4 text-[15px] text-slate-900 ${
        scope === 'page' ? 'h-full justify-center' : ''
      }`}
    >
      <p className="font-bold">{t(scope === 'page' ? 'failure.page' : 'failure.panel')}</p>
      <p>{t('failure.workKept')}</p>
      <p className="font-mono text-[13px] text-slate-700">{detail}</p>
      <button
        type="button"
        onClick={() => window.location.reload()}
        className="rounded border border-slate-500 bg-white px-3 py-1"
      >
        {t('failure.reload')}
      </button>
    </div>
  );
}
