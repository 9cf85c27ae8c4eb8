// The "Rules editor" tab: the ruleset in CodeMirror with highlighting, completion and the engine's diagnostics
// inline, plus import (file or paste) and export (iptables-save, shell script), undo/redo and reset.
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { linkErrorParams } from '../scenario/linkNotice.ts';
import { useDiagnosticText } from '../app/useExplain.ts';
import { getLabStore, useLab } from '../../store/index.ts';
import { MAX_IMPORT_BYTES } from '../../store/scenarioImport.ts';
import type { ImportResult } from '../../store/scenarioSlice.ts';
import { downloadText, fileStem } from '../scenario/download.ts';
import { EditorToolbar } from '../scenario/EditorToolbar.tsx';
import { BUTTON } from '../scenario/styles.ts';
import { saveToScript } from './exportScript.ts';
import { useCodeMirror, type EditedField } from './useCodeMirror.ts';
import { rulesAreNft } from '../../store/rulesFormat.ts';
import type { PasteProblem } from './pasteGuard.ts';
import { fieldDiagnostics, sourceOfField } from './textSource.ts';

type Notice = { tone: 'ok' | 'error' | 'pending'; text: string } | null;

/** Rules just imported, waiting for the engine's check of them: the notice says "Imported" only if it finds no error. */
type PendingCheck = { before: unknown; kind: 'scenario' | 'rules' | 'ipvs-node' } | null;

function AutosaveNote() {
  const { t } = useTranslation('scenario');
  const note = useLab((s) => s.autosaveNote);
  if (!note) return null;
  return (
    <p role="status" data-testid="autosave-note" className="shrink-0 text-[13px] font-semibold text-amber-900">
      {t(`autosave.${note}`)}
    </p>
  );
}

/** Under the editor: what the tool that loads this tab's text (iptables-restore, nft, ipset, ipvsadm) would say. */
function DiagnosticsSummary({ field }: { field: EditedField }) {
  const { t } = useTranslation('scenario');
  const words = useTranslation('editorstatus').t;
  const nft = useLab((s) => rulesAreNft(s.rules));
  const check = useLab((s) => s.check);
  const response = useLab((s) => s.response);
  const text = useDiagnosticText();
  const known = fieldDiagnostics(field, nft, check, response);
  if ('waitsForRules' in known) {
    if (!known.waitsForRules)
      return field === 'ipsets' || field === 'ipvs' ? <Summary text={words('checking')} /> : null;
    return <Summary text={words(`waitsForRules.${field as 'ipsets' | 'ipvs'}`)} />;
  }
  const { diagnostics } = known;
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.filter((d) => d.severity === 'warning').length;
  const first = diagnostics.find((d) => d.severity === 'error') ?? diagnostics.find((d) => d.severity === 'warning');
  return (
    <Summary
      text={
        errors === 0 && warnings === 0
          ? `✓ ${words(`accepts.${sourceOfField(field, nft)}`)}`
          : `${errors > 0 ? '✗' : '⚠'} ${t('editor.problems', { errors, warnings })}`
      }
      detail={first && t('editor.firstProblem', { line: first.line, col: first.col, message: text(first) })}
    />
  );
}

function Summary({ text, detail }: { text: string; detail?: string | undefined }) {
  return (
    <p
      data-testid="editor-diagnostics"
      className="truncate text-[13px] text-slate-700"
      title={detail ? `${text} ${detail}` : text}
    >
      {text}
      {detail && <span className="ml-2 text-slate-600">{detail}</span>}
    </p>
  );
}

function PasteDialog({ onClose, onImport }: { onClose: () => void; onImport: (text: string) => void }) {
  const { t } = useTranslation('scenario');
  const [text, setText] = useState('');
  return (
    <div
      className="flex flex-col gap-2 border-b border-slate-300 bg-slate-50 p-2"
      role="dialog"
      aria-label={t('editor.pasteTitle')}
    >
      <label className="text-[13px] font-semibold" htmlFor="paste-import">
        {t('editor.pasteTitle')}
      </label>
      <textarea
        id="paste-import"
        data-testid="paste-text"
        value={text}
        onChange={(e) => setText(e.target.value)}
        rows={5}
        placeholder={t('editor.pastePlaceholder')}
        className="w-full rounded border border-slate-400 p-1 font-mono text-[13px]"
      />
      <div className="flex gap-2">
        <button type="button" data-testid="paste-import" className={BUTTON} onClick={() => onImport(text)}>
          {t('editor.importButton')}
        </button>
        <button type="button" className={BUTTON} onClick={onClose}>
          {t('editor.cancel')}
        </button>
      </div>
    </div>
  );
}

/** One CodeMirror editor over one text of the scenario (remounted when the other text is chosen). */
function EditorSurface({
  field,
  onPasteRefused,
}: {
  field: EditedField;
  onPasteRefused: (problem: PasteProblem) => void;
}) {
  const { t } = useTranslation('scenario');
  const host = useRef<HTMLDivElement>(null);
  // The editor's inline messages in the reader's language (the engine's English is the CLI's).
  const render = useDiagnosticText();
  const label = {
    rules: t('editor.label'),
    iptablesRules: t('nftlab:editor.iptablesLabel'),
    ipsets: t('ipvsui:editor.ipsetsLabel'),
    ipvs: t('ipvsui:editor.ipvsLabel'),
  }[field];
  useCodeMirror(host, { label, render, field, onPasteRefused });
  return (
    <div
      ref={host}
      data-testid={
        field === 'rules' ? 'rules-editor' : field === 'iptablesRules' ? 'iptables-editor' : `${field}-editor`
      }
      className="min-h-0 flex-1 overflow-hidden"
    />
  );
}

/**
 * The texts of the host, one tab each over the editor: with nftables rules, the iptables-save dump loaded first (as
 * iptables-nft-restore would); always, `ipset save` and `ipvsadm-save -n`.
 */
function TextTabs({
  field,
  onPick,
  fields,
}: {
  field: EditedField;
  onPick: (f: EditedField) => void;
  fields: EditedField[];
}) {
  const { t } = useTranslation('nftlab');
  const tab = (f: EditedField, label: string) => (
    <button
      key={f}
      type="button"
      role="tab"
      aria-selected={field === f}
      data-testid={`edit-${f}`}
      onClick={() => onPick(f)}
      className={`rounded-t border border-b-0 px-2 py-0.5 text-[13px] ${field === f ? 'border-slate-400 bg-white font-semibold' : 'border-transparent text-slate-700'}`}
    >
      {label}
    </button>
  );
  return (
    <div
      role="tablist"
      aria-label={t('editor.texts')}
      className="flex gap-1 border-b border-slate-300 bg-slate-50 px-2 pt-1"
    >
      {fields.map((f) =>
        tab(
          f,
          {
            rules: fields.includes('iptablesRules') ? t('editor.nftTab') : t('ipvsui:editor.rulesTab'),
            iptablesRules: t('editor.iptablesTab'),
            ipsets: t('ipvsui:editor.ipsetsTab'),
            ipvs: t('ipvsui:editor.ipvsTab'),
          }[f],
        ),
      )}
    </div>
  );
}

export function RulesEditor() {
  const { t } = useTranslation('scenario');
  const diagnosticText = useDiagnosticText();
  const fileInput = useRef<HTMLInputElement>(null);
  const [notice, setNotice] = useState<Notice>(null);
  const [pasting, setPasting] = useState(false);
  const [pending, setPending] = useState<PendingCheck>(null);
  /** An `iptables -S` listing several tables fit: the text and the tables to choose from. */
  const [ask, setAsk] = useState<{ text: string; candidates: string[] } | null>(null);
  const check = useLab((s) => s.check);
  // Once the engine has checked what was imported, the notice says how it went.
  let shown = notice;
  if (notice?.tone === 'pending' && pending && check && check !== pending.before) {
    const errors = check.diagnostics.filter((d) => d.severity === 'error').length;
    shown =
      errors > 0
        ? { tone: 'error', text: t('import.withErrors', { count: errors }) }
        : {
            tone: 'ok',
            text: pending.kind === 'ipvs-node' ? t('editorstatus:importedNode') : t(`import.ok.${pending.kind}`),
          };
  }
  const nft = useLab((s) => rulesAreNft(s.rules));
  const hasIptables = useLab((s) => (s.iptablesRules ?? '') !== '');
  // The sets (`-m set`) and IPVS's virtual services are the host's too: their tabs are always there, so a student
  // can add IPVS or a set to any scenario, not only to one that arrived with them.
  const [picked, setPicked] = useState<EditedField>('rules');
  const fields: EditedField[] = [
    'rules',
    ...(nft || hasIptables ? (['iptablesRules'] as const) : []),
    'ipsets',
    'ipvs',
  ];
  const field: EditedField = fields.includes(picked) ? picked : 'rules';
  const huge = useTranslation('huge').t;
  const onPasteRefused = (problem: PasteProblem) => {
    const mb = (chars: number) => (chars / 1048576).toFixed(1);
    const text =
      problem.kind === 'too-big'
        ? huge('paste.tooBig', { size: mb(problem.size), max: mb(problem.max), line: problem.line, col: problem.col })
        : huge('paste.longLine', problem);
    setNotice({ tone: 'error', text });
  };

  const report = (result: ImportResult, before: unknown) => {
    setAsk(null);
    if (result.ok) {
      // Said only once the engine has checked what was imported: an import with errors never reads as a success.
      setNotice({ tone: 'pending', text: t('import.checking') });
      setPending({ before, kind: result.kind });
    } else if (result.reason !== 'which-table' && result.link) {
      // A pasted link says what is wrong with it, as one opened in the address bar does.
      const why = linkErrorParams({ ...result.link, kept: 'pasted', serial: 0 });
      const text = `${t(`share.linkError.${result.link.error}`, why)} ${t('share.linkKept.pasted')}`;
      setNotice({ tone: 'error', text });
    } else setNotice({ tone: 'error', text: t(`import.failed.${result.reason}`) });
    return result.ok;
  };

  const importText = async (text: string) => {
    const state = getLabStore().getState();
    const before = state.check;
    const rulesBefore = state.rules;
    const result = await state.importText(text);
    const ok = report(result, before);
    // The same rules again: no new check will come, the current one answers.
    if (result.ok && getLabStore().getState().rules === rulesBefore)
      setPending({ before: undefined, kind: result.kind });
    if (!result.ok && result.reason === 'which-table') setAsk({ text, candidates: result.candidates });
    return ok;
  };

  const openFile = async (file: File | undefined) => {
    if (!file) return;
    if (file.size > MAX_IMPORT_BYTES) {
      report({ ok: false, reason: 'too-big' }, null);
      return;
    }
    await importText(await file.text());
  };

  const exportAs = async (kind: 'save' | 'script') => {
    const state = getLabStore().getState();
    const saved = await state.saveRules();
    if (!saved.ok) {
      setNotice({ tone: 'error', text: t('editor.exportRefused') });
      return;
    }
    const stem = fileStem(state.scenarioId);
    if (kind === 'save') downloadText(`${stem}.rules`, saved.text);
    else downloadText(`${stem}.sh`, saveToScript(saved.text), 'application/x-sh');
    setNotice({ tone: 'ok', text: t(kind === 'save' ? 'editor.exportedSave' : 'editor.exportedScript') });
  };

  const exportIpvs = async () => {
    const state = getLabStore().getState();
    const saved = await state.saveIpvs();
    if (!saved.ok) {
      const first = saved.diagnostics.find((d) => d.severity === 'error');
      const why = { line: first?.line ?? 0, message: first ? diagnosticText(first) : '' };
      setNotice({ tone: 'error', text: t('ipvssave:refused', why) });
      return;
    }
    downloadText(`${fileStem(state.scenarioId)}.ipvs`, saved.text);
    setNotice({ tone: 'ok', text: t('ipvssave:exported') });
  };

  return (
    <div className="flex h-full min-h-0 flex-col">
      <EditorToolbar>
        <button type="button" data-testid="import-file" className={BUTTON} onClick={() => fileInput.current?.click()}>
          {t('editor.openFile')}
        </button>
        <input
          ref={fileInput}
          type="file"
          className="hidden"
          data-testid="import-file-input"
          accept=".rules,.txt,.v4,.sh,.json,.iptables,text/plain,application/json"
          onChange={(e) => {
            void openFile(e.target.files?.[0]);
            e.target.value = '';
          }}
        />
        <button type="button" data-testid="import-paste" className={BUTTON} onClick={() => setPasting((p) => !p)}>
          {t('editor.paste')}
        </button>
        <span className="mx-1 h-4 w-px bg-slate-300" aria-hidden />
        <button type="button" data-testid="export-save" className={BUTTON} onClick={() => void exportAs('save')}>
          {t('editor.exportSave')}
        </button>
        <button type="button" data-testid="export-script" className={BUTTON} onClick={() => void exportAs('script')}>
          {t('editor.exportScript')}
        </button>
        {field === 'ipvs' && (
          <button type="button" data-testid="export-ipvs" className={BUTTON} onClick={() => void exportIpvs()}>
            {t('ipvssave:export')}
          </button>
        )}
        {shown && (
          // basis-0: a long notice never wraps the toolbar (which would move the tabs and the editor under a click);
          // it is cut, and its title holds all of it. min-w-32: with undo, redo and reset after it, it still fits
          // beside the Japanese tools at 1280 px.
          <span
            role="status"
            data-testid="editor-notice"
            title={shown.text}
            className={`min-w-32 flex-1 basis-0 truncate text-right text-[13px] ${shown.tone === 'error' ? 'font-semibold text-red-800' : shown.tone === 'ok' ? 'text-emerald-800' : 'text-slate-700'}`}
          >
            {shown.tone === 'error' ? '✗ ' : shown.tone === 'ok' ? '✓ ' : ''}
            {shown.text}
          </span>
        )}
        {ask && (
          <span className="flex items-center gap-1" data-testid="import-which-table">
            {ask.candidates.map((table) => (
              <button
                key={table}
                type="button"
                className={BUTTON}
                data-testid={`import-as-${table}`}
                onClick={() => {
                  void importText(`# table: ${table}\n${ask.text}`).then((ok) => ok && setPasting(false));
                }}
              >
                {t('import.asTable', { table })}
              </button>
            ))}
          </span>
        )}
      </EditorToolbar>
      {pasting && (
        <PasteDialog
          onClose={() => setPasting(false)}
          onImport={(text) => {
            void importText(text).then((ok) => ok && setPasting(false));
          }}
        />
      )}
      {fields.length > 1 && <TextTabs field={field} onPick={setPicked} fields={fields} />}
      <EditorSurface key={field} field={field} onPasteRefused={onPasteRefused} />
      {/* One line, always: the summary that opens under the editor does not shrink it under the pointer. */}
      <div className="flex h-6 shrink-0 items-center gap-3 overflow-hidden border-t border-slate-300 px-2">
        <div className="min-w-0 flex-1">
          <DiagnosticsSummary field={field} />
        </div>
        <AutosaveNote />
      </div>
    </div>
  );
}
