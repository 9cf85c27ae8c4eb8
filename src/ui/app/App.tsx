import { useTranslation } from 'react-i18next';

export function App() {
  const { t } = useTranslation('ui');
  return (
    <main className="flex h-full flex-col bg-slate-50 text-slate-900">
      <header className="border-b border-slate-300 bg-slate-900 px-4 py-2 text-white">
        <h1 className="text-lg font-semibold">{t('app.title')}</h1>
        <p className="text-sm text-slate-300">{t('app.tagline')}</p>
      </header>
    </main>
  );
}
