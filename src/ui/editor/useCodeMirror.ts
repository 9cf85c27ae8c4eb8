// Keeps a CodeMirror view and the store's rules text in step both ways: typing reaches the store after a short
// pause (so a big dump is not re-parsed on every key), and a change from elsewhere (undo, a scenario, an import)
// replaces the document. The store's check result comes back as inline diagnostics.
import { autocompletion, completionKeymap } from '@codemirror/autocomplete';
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { syntaxHighlighting } from '@codemirror/language';
import { lintGutter, lintKeymap, setDiagnostics } from '@codemirror/lint';
import { Annotation, Compartment, EditorState, type Extension, type Text } from '@codemirror/state';
import {
  drawSelection,
  EditorView,
  highlightActiveLine,
  highlightActiveLineGutter,
  keymap,
  lineNumbers,
} from '@codemirror/view';
import { useEffect, useRef, type RefObject } from 'react';
import type { Diagnostic } from '../../engine/index.ts';
import { rulesAreNft } from '../../store/rulesFormat.ts';
import { getLabStore, type LabState } from '../../store/index.ts';
import { iptablesCompletion } from './completion.ts';
import { toEditorDiagnostics } from './diagnostics.ts';
import { fieldDiagnostics } from './textSource.ts';
import { editorTheme, iptablesHighlight } from './editorTheme.ts';
import { iptablesLanguage } from './iptablesLanguage.ts';
import { nftCompletion } from './nftCompletion.ts';
import { nftLanguage } from './nftLanguage.ts';
import { STYLE_NONCE } from '../app/styleNonce.ts';
import { MAX_IMPORT_BYTES } from '../../store/scenarioImport.ts';
import { pasteProblem, type PasteProblem } from './pasteGuard.ts';
import { nextTask } from '../../store/nextTask.ts';
import { SLICED_ABOVE, textInSlices } from './textInSlices.ts';

/** Marks a document change that came from the store, so it is not sent back to it. */
const fromStore = Annotation.define<boolean>();

/** Pause after the last keystroke before the rules are checked and traced again. */
export const TYPING_PAUSE_MS = 300;

/**
 * Which text of the scenario an editor holds: the rules, the iptables-save dump loaded before nftables rules, the
 * `ipset save` text or the `ipvsadm-save -n` text.
 */
export type EditedField = 'rules' | 'iptablesRules' | 'ipsets' | 'ipvs';

type Format = 'nft' | 'iptables' | 'plain';

function languageOf(format: Format): Extension {
  if (format === 'plain') return [];
  return format === 'nft'
    ? [nftLanguage, autocompletion({ override: [nftCompletion], activateOnTyping: true })]
    : [iptablesLanguage, autocompletion({ override: [iptablesCompletion], activateOnTyping: true })];
}

type EditedTexts = { rules: string } & Partial<Record<Exclude<EditedField, 'rules'>, string>>;

/** The store's setter for each edited text. */
const SETTERS = {
  rules: 'setRules',
  iptablesRules: 'setIptablesRules',
  ipsets: 'setIpsets',
  ipvs: 'setIpvs',
} as const satisfies Record<EditedField, string>;

export function useCodeMirror(
  parent: RefObject<HTMLDivElement | null>,
  opts: {
    label: string;
    render: (d: Diagnostic) => string;
    field?: EditedField;
    onPasteRefused: (problem: PasteProblem) => void;
  },
): RefObject<EditorView | null> {
  const field = opts.field ?? 'rules';
  const viewRef = useRef<EditorView | null>(null);
  const renderRef = useRef(opts.render);
  const refusedRef = useRef(opts.onPasteRefused);
  useEffect(() => {
    renderRef.current = opts.render;
    refusedRef.current = opts.onPasteRefused;
  });

  useEffect(() => {
    const host = parent.current;
    if (!host) return;
    const textOf = (s: EditedTexts) => (field === 'rules' ? s.rules : (s[field] ?? ''));
    const text = textOf(getLabStore().getState());
    const editor = prepare(text);
    if (text.length <= SLICED_ABOVE)
      return editor.attach(new EditorView({ parent: host, state: editor.stateOver(text) }));
    // A big dump: each step in a task of its own, the page answering between them (each is tens of milliseconds
    // over 25 MB). First the view, empty and hidden: the first view compiles most of CodeMirror's code and makes
    // its DOM, which costs about as much as showing the dump. Then the document, a slice at a time; then its state;
    // then the view takes that state. The editor appears once it is whole.
    let view: EditorView | null = null;
    let unmount: (() => void) | null = null;
    let cancelled = false;
    void nextTask()
      .then(() => {
        if (cancelled) return null;
        view = new EditorView({ parent: host, state: EditorState.create({ extensions: editor.extensions }) });
        view.dom.style.visibility = 'hidden';
        return nextTask().then(() => textInSlices(text));
      })
      .then(async (doc) => {
        if (!doc || cancelled) return null;
        const state = editor.stateOver(doc);
        await nextTask();
        return state;
      })
      .then((state) => {
        if (!state || !view || cancelled) return;
        view.setState(state);
        view.dom.style.visibility = '';
        unmount = editor.attach(view);
      });
    return () => {
      cancelled = true;
      if (unmount) unmount();
      else view?.destroy();
    };

    /**
     * The editor's extensions for the store's `text`, its state over the document made of that text, and `attach`,
     * which ties a view showing that state to the store and returns the teardown.
     */
    function prepare(text: string): {
      extensions: Extension[];
      stateOver: (doc: string | Text) => EditorState;
      attach: (view: EditorView) => () => void;
    } {
      const store = getLabStore();
      let timer: ReturnType<typeof setTimeout> | null = null;
      const formatOf = (text: string): Format =>
        field === 'ipsets' || field === 'ipvs' ? 'plain' : field === 'rules' && rulesAreNft(text) ? 'nft' : 'iptables';
      let pushed = text;
      // nftables or iptables text, told apart as the engine does; the language follows when it changes.
      const language = new Compartment();
      let format: Format = formatOf(pushed);
      const follow = (view: EditorView, text: string) => {
        const now = formatOf(text);
        if (now === format) return;
        format = now;
        view.dispatch({ effects: language.reconfigure(languageOf(now)) });
      };

      const flush = (view: EditorView) => {
        timer = null;
        pushed = view.state.doc.toString();
        follow(view, pushed);
        store.getState()[SETTERS[field]](pushed);
      };

      const extensions = [
        lineNumbers(),
        highlightActiveLineGutter(),
        history(),
        drawSelection(),
        highlightActiveLine(),
        language.of(languageOf(format)),
        syntaxHighlighting(iptablesHighlight),
        lintGutter(),
        keymap.of([...defaultKeymap, ...historyKeymap, ...completionKeymap, ...lintKeymap]),
        editorTheme,
        EditorView.lineWrapping,
        // CodeMirror injects its theme as <style> elements; the Content-Security-Policy admits them by this nonce.
        EditorView.cspNonce.of(STYLE_NONCE),
        // tabindex 0: axe counts the scroller as keyboard-reachable only through a focusable child; contenteditable alone
        // is not one to it. Tab still leaves the editor (no indentWithTab in the keymap).
        EditorView.contentAttributes.of({ 'aria-label': opts.label, tabindex: '0' }),
        // Too much text, or a line no rule has: refused before CodeMirror lays it out, the document unchanged.
        EditorView.domEventHandlers({
          // Leaving the editor (a click on Export) hands over what was typed at once, not after the pause:
          // an export right after typing must not write the text as it was 300 ms before.
          blur(_event, view) {
            if (timer === null) return false;
            clearTimeout(timer);
            flush(view);
            return false;
          },
          paste(event, view) {
            const text = event.clipboardData?.getData('text/plain') ?? '';
            const { main } = view.state.selection;
            const line = view.state.doc.lineAt(main.from);
            const problem = pasteProblem(text, {
              docLength: view.state.doc.length,
              selectionLength: main.to - main.from,
              line: line.number,
              col: main.from - line.from + 1,
              maxChars: MAX_IMPORT_BYTES,
            });
            if (!problem) return false;
            event.preventDefault();
            refusedRef.current(problem);
            return true;
          },
        }),
        EditorView.updateListener.of((update) => {
          if (!update.docChanged || update.transactions.every((tr) => tr.annotation(fromStore))) return;
          if (timer !== null) clearTimeout(timer);
          timer = setTimeout(() => flush(update.view), TYPING_PAUSE_MS);
        }),
      ];
      return { extensions, stateOver: (doc) => EditorState.create({ doc, extensions }), attach };

      function attach(view: EditorView): () => void {
        viewRef.current = view;

        // The rules' diagnostics come with their check; those of the sets and of IPVS with the trace that read them.
        const showDiagnostics = (state: LabState) => {
          const known = fieldDiagnostics(field, rulesAreNft(state.rules), state.check, state.response);
          const mine = 'diagnostics' in known ? known.diagnostics : [];
          view.dispatch(setDiagnostics(view.state, toEditorDiagnostics(view.state.doc, mine, renderRef.current)));
        };
        const answerOf = (state: LabState) =>
          field === 'rules' || field === 'iptablesRules' ? state.check : state.response;

        const unsubscribe = store.subscribe((state, previous) => {
          const text = textOf(state);
          if (text !== textOf(previous) && text !== pushed) {
            // Undo, another scenario or an import: the store wins over what is being typed.
            if (timer !== null) clearTimeout(timer);
            timer = null;
            pushed = text;
            view.dispatch({
              changes: { from: 0, to: view.state.doc.length, insert: text },
              annotations: fromStore.of(true),
            });
            follow(view, text);
          }
          // A check answers for the rules the store held when it was asked; show it only if the editor still holds
          // them: nothing typed since the last hand-over (no pending timer), which spares a toString of a big dump.
          if (answerOf(state) !== answerOf(previous) && timer === null && text === pushed) showDiagnostics(state);
        });
        // The store changed while a big document was being made: it wins, as for any change from elsewhere.
        const now = textOf(store.getState());
        if (now !== pushed) {
          pushed = now;
          view.dispatch({
            changes: { from: 0, to: view.state.doc.length, insert: now },
            annotations: fromStore.of(true),
          });
          follow(view, now);
        }
        // A new view shows no diagnostics: an empty list is not dispatched (10 ms over a 25 MB document).
        const first = store.getState();
        const answer = answerOf(first);
        if (answer && ('errors' in answer || answer.diagnostics.length > 0)) showDiagnostics(first);

        // The tab is being hidden or closed: hand what was typed to the store now, before autosave's own pagehide
        // listener saves (capture listeners run first), or the last keystrokes would be lost.
        const handOver = () => {
          if (timer === null) return;
          clearTimeout(timer);
          flush(view);
        };
        window.addEventListener('pagehide', handOver, { capture: true });
        document.addEventListener('visibilitychange', handOver, { capture: true });

        return () => {
          window.removeEventListener('pagehide', handOver, { capture: true });
          document.removeEventListener('visibilitychange', handOver, { capture: true });
          unsubscribe();
          if (timer !== null) flush(view);
          view.destroy();
          viewRef.current = null;
        };
      }
    }
    // The view is made once per mount; the label is fixed for the session.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [parent]);

  return viewRef;
}
