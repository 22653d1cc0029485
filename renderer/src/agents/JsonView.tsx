import { Banner, Button } from '../ui/index.ts';
import { CodeEditor, type CodeProblem } from '../ui/CodeEditor.tsx';
import { DiffView } from '../ui/DiffView.tsx';
import type { Agent } from '../data/index.ts';
import { configOf, configText, parseConfig, type Problem } from './draft.ts';

const lint = (text: string): CodeProblem[] => {
  const r = parseConfig(text);
  if (!('error' in r)) return [];
  const at = Math.min(r.at ?? 0, text.length);
  return [{ from: at, to: Math.min(text.length, at + 1), message: r.error }];
};

export interface JsonViewProps {
  text: string | null;
  onChange: (text: string) => void;
  error: string | null;
  /** Parts of the form that cannot be written as JSON yet (e.g. a schema that does not parse). */
  blocked: readonly Problem[];
  readOnly: boolean;
  onDiscard: () => void;
  onShowForm: () => void;
  /** Merging by hand after a conflict: their version, shown beside yours. */
  merge: Agent | null;
  onEndMerge: () => void;
}

/** The agent as the API takes it, editable; the form follows every valid edit. */
export function JsonView({ text, onChange, error, blocked, readOnly, onDiscard, onShowForm, merge, onEndMerge }: JsonViewProps) {
  if (text === null)
    return (
      <Banner tone="warning" title="The form has something JSON cannot hold yet" actions={<Button size="sm" onClick={onShowForm}>Go to the form</Button>}>
        <ul className="problem-list">
          {blocked.map((p, i) => (
            <li key={i}>{p.message}</li>
          ))}
        </ul>
      </Banner>
    );
  const editor = <CodeEditor language="json" label="Agent configuration as JSON" value={text} onChange={onChange} lint={lint} readOnly={readOnly} minHeight={320} maxHeight={merge ? 560 : 100_000} />;
  return (
    <div className="json-view">
      {error && (
        <Banner tone="danger" title="This JSON cannot be used yet" actions={<Button size="sm" onClick={onDiscard}>Discard JSON edits</Button>}>
          {/[.!?]$/.test(error) ? error : `${error}.`} The form keeps the last version that worked; your text stays here until you fix it or discard it.
        </Banner>
      )}
      {merge ? (
        <>
          <Banner tone="info" title={`Merging with v${merge.version}`} actions={<Button size="sm" onClick={onEndMerge}>Done merging</Button>}>
            Their version is on the left, yours on the right: bring what you want to keep into yours and save. Saving now replaces v{merge.version}.
          </Banner>
          <div className="merge-panes">
            <section aria-label={`Their version, v${merge.version}`}>
              <h3 className="merge-pane-title">Theirs · v{merge.version}</h3>
              <CodeEditor language="json" label={`Their version, v${merge.version} (read only)`} value={configText(configOf(merge))} readOnly minHeight={320} maxHeight={560} />
            </section>
            <section aria-label="Your version">
              <h3 className="merge-pane-title">Yours</h3>
              {editor}
            </section>
          </div>
          <DiffView label="Differences between theirs and yours" before={configText(configOf(merge))} after={text} beforeLabel={`Theirs · v${merge.version}`} afterLabel="Yours" />
        </>
      ) : (
        editor
      )}
    </div>
  );
}
