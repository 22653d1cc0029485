import { useEffect, useRef } from 'react';
import { closeBrackets, closeBracketsKeymap } from '@codemirror/autocomplete';
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { json } from '@codemirror/lang-json';
import { markdown } from '@codemirror/lang-markdown';
import { bracketMatching, foldGutter, foldKeymap, HighlightStyle, indentOnInput, syntaxHighlighting } from '@codemirror/language';
import { linter, lintGutter, type Diagnostic } from '@codemirror/lint';
import { highlightSelectionMatches, searchKeymap } from '@codemirror/search';
import { Annotation, Compartment, EditorState, type Extension } from '@codemirror/state';
import { drawSelection, EditorView, highlightActiveLine, highlightActiveLineGutter, keymap, lineNumbers, placeholder as placeholderText } from '@codemirror/view';
import { tags as t } from '@lezer/highlight';
import { useFieldProps } from './Field.tsx';
import { CSP_NONCE } from './nonce.ts';

/** A problem in the text, shown as a squiggle and a gutter mark (and, by the caller, in words under the editor). */
export interface CodeProblem {
  from: number;
  to: number;
  message: string;
  severity?: 'error' | 'warning';
}

export interface CodeEditorProps {
  value: string;
  onChange?: (value: string) => void;
  language?: 'markdown' | 'json' | 'text';
  /** The accessible name of the text area. */
  label: string;
  readOnly?: boolean;
  /** Problems in the current text; called as the text changes. */
  lint?: (text: string) => readonly CodeProblem[];
  placeholder?: string;
  /** Height limits of the editing area in pixels; it grows with its text between them. */
  minHeight?: number;
  maxHeight?: number;
  /** Line numbers and folding (on by default for JSON). */
  gutters?: boolean;
}

// Colours come from the design tokens, so the editor follows the theme without being rebuilt.
const highlight = HighlightStyle.define([
  { tag: [t.propertyName], color: 'var(--code-property)' },
  { tag: [t.string, t.special(t.string)], color: 'var(--code-string)' },
  { tag: [t.number, t.bool, t.null, t.atom], color: 'var(--code-literal)' },
  { tag: [t.keyword, t.operator], color: 'var(--code-keyword)' },
  { tag: [t.comment, t.meta], color: 'var(--text-muted)' },
  { tag: t.heading, fontWeight: '600', color: 'var(--code-heading)' },
  { tag: t.strong, fontWeight: '600' },
  { tag: t.emphasis, fontStyle: 'italic' },
  { tag: [t.link, t.url], color: 'var(--accent-text)' },
  { tag: t.monospace, color: 'var(--code-string)' },
  { tag: [t.processingInstruction, t.list, t.quote], color: 'var(--code-keyword)' },
]);

/** Marks a change that came from the `value` prop, so it is not echoed back through onChange. */
const external = Annotation.define<boolean>();

const languageOf = (language: CodeEditorProps['language']): Extension => (language === 'json' ? json() : language === 'markdown' ? markdown() : []);

/**
 * A code editor (CodeMirror 6) bound like an input: `value` in, `onChange` out. Tab moves focus on
 * (it is not captured for indentation), so the editor never traps keyboard users.
 */
export function CodeEditor({ value, onChange, language = 'text', label, readOnly, lint, placeholder, minHeight = 120, maxHeight = 480, gutters = language === 'json' }: CodeEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const field = useFieldProps();
  // The latest callbacks, read by the editor's listeners (which are made once).
  const onChangeRef = useRef(onChange);
  const lintRef = useRef(lint);
  useEffect(() => {
    onChangeRef.current = onChange;
    lintRef.current = lint;
  });
  const editable = useRef(new Compartment());
  const attrs = useRef(new Compartment());

  useEffect(() => {
    const extensions: Extension[] = [
      EditorView.cspNonce.of(CSP_NONCE ?? ''),
      history(),
      drawSelection(),
      indentOnInput(),
      bracketMatching(),
      closeBrackets(),
      highlightActiveLine(),
      highlightSelectionMatches(),
      syntaxHighlighting(highlight),
      keymap.of([...closeBracketsKeymap, ...defaultKeymap, ...searchKeymap, ...historyKeymap, ...foldKeymap]),
      languageOf(language),
      EditorView.lineWrapping,
      EditorView.theme({
        '&': { minHeight: `${minHeight}px`, maxHeight: `${maxHeight}px` },
        '.cm-scroller': { overflow: 'auto', minHeight: `${minHeight}px` },
      }),
      EditorView.updateListener.of((u) => {
        if (u.docChanged && !u.transactions.some((tr) => tr.annotation(external))) onChangeRef.current?.(u.state.doc.toString());
      }),
      linter((v) => (lintRef.current?.(v.state.doc.toString()) ?? []).map((p): Diagnostic => ({ from: p.from, to: Math.max(p.to, p.from), message: p.message, severity: p.severity ?? 'error' })), { delay: 120 }),
      editable.current.of(EditorState.readOnly.of(Boolean(readOnly))),
      attrs.current.of([]),
    ];
    if (gutters) extensions.push(lineNumbers(), highlightActiveLineGutter(), foldGutter(), lintGutter());
    if (placeholder) extensions.push(placeholderText(placeholder));
    const v = new EditorView({ parent: host.current!, state: EditorState.create({ doc: value, extensions }) });
    view.current = v;
    return () => {
      v.destroy();
      view.current = null;
    };
    // The editor is made once per language; value, readOnly and labels are passed in by the effects below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [language, gutters]);

  useEffect(() => {
    const v = view.current;
    if (v && v.state.doc.toString() !== value) v.dispatch({ changes: { from: 0, to: v.state.doc.length, insert: value }, annotations: external.of(true) });
  }, [value]);

  const { id: fieldId, 'aria-describedby': describedBy, 'aria-invalid': invalid } = field;
  useEffect(() => {
    view.current?.dispatch({
      effects: [
        editable.current.reconfigure(EditorState.readOnly.of(Boolean(readOnly))),
        attrs.current.reconfigure(
          EditorView.contentAttributes.of({
            'aria-label': label,
            'aria-multiline': 'true',
            ...(fieldId ? { id: fieldId } : {}),
            ...(describedBy ? { 'aria-describedby': describedBy } : {}),
            ...(invalid ? { 'aria-invalid': 'true' } : {}),
            ...(readOnly ? { 'aria-readonly': 'true' } : {}),
          }),
        ),
      ],
    });
    // language and gutters: a new editor gets its attributes again.
  }, [readOnly, label, fieldId, describedBy, invalid, language, gutters]);

  return <div ref={host} className={['code-editor', readOnly && 'code-editor-readonly', invalid && 'code-editor-invalid'].filter(Boolean).join(' ')} />;
}
