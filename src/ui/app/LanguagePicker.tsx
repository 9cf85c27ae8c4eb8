// The viewer's language, in the header. Each option is the language's own name, and the picker is named in every
// language the lab speaks, so someone who landed in a language they cannot read still finds the way back.
// The choice is kept in this browser (localStorage), never in share links: the same link shows the same trace
// to a class reading English, Chinese or Japanese.
import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import { languages, setLanguage } from '../../i18n/index.ts';
import { htmlLang, languageName } from '../../i18n/language.ts';

// Memoised (no props): the header re-renders as each trace starts and ends, with nothing new for this to show.
export const LanguagePicker = memo(function LanguagePicker() {
  const { t, i18n } = useTranslation('ui');
  const name = [...new Set(languages.map((lng) => t('header.language', { lng })))].join(' · ');
  if (languages.length < 2) return null;
  return (
    <select
      data-testid="language-picker"
      aria-label={name}
      title={name}
      value={i18n.language}
      onChange={(e) => void setLanguage(e.target.value)}
      className="rounded border border-slate-400 bg-white px-1 py-1 text-[14px] text-slate-900"
    >
      {languages.map((lng) => (
        <option key={lng} value={lng} lang={htmlLang(lng)}>
          {languageName(lng)}
        </option>
      ))}
    </select>
  );
});
