// Copies a text to the clipboard and says so; without clipboard access (an insecure origin) it downloads the text.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { BUTTON } from '../scenario/styles.ts';
import { downloadText } from '../scenario/download.ts';

export function CopyButton({ text, fileName, testId }: { text: string; fileName: string; testId: string }) {
  const { t } = useTranslation('teach');
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setCopied(true);
      setTimeout(() => setCopied(false), 1500);
    } catch {
      downloadText(fileName, text);
    }
  };
  return (
    <>
      <button type="button" className={BUTTON} data-testid={testId} onClick={() => void copy()}>
        {t('common.copy')}
      </button>
      <button
        type="button"
        className={BUTTON}
        data-testid={`${testId}-download`}
        onClick={() => downloadText(fileName, text)}
      >
        {t('common.download')}
      </button>
      <span role="status" className="text-[12px] text-slate-700">
        {copied ? t('common.copied') : ''}
      </span>
    </>
  );
}
