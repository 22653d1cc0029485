// Answer a custom tool call as the tool: the call's input laid out by the tool's input schema (each
// property with its description, what the agent passed), and the result to send back as
// `user.custom_tool_result`, optionally marked as an error.
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { Send } from 'lucide-react';
import { Button, Switch, TextArea } from '../../ui/index.ts';
import type { Session } from '../../data/index.ts';
import { firstFocus, typingElsewhere, useAnswer } from './answer.ts';
import type { ToolUseEvent } from '../timeline/index.ts';

type Property = { description?: string; type?: string | string[]; enum?: unknown[] };

/** The properties of the tool's input schema, in schema order, then any input the schema does not name. */
function fieldsOf(session: Session, call: ToolUseEvent): { name: string; schema: Property; required: boolean }[] {
  const tool = session.agent.tools.find((t) => t.type === 'custom' && t.name === call.name);
  const schema = tool?.type === 'custom' ? tool.input_schema : undefined;
  const props = (schema?.properties ?? {}) as Record<string, Property>;
  const required = new Set(schema?.required ?? []);
  const names = [...Object.keys(props), ...Object.keys(call.input).filter((k) => !(k in props))];
  return names.map((name) => ({ name, schema: props[name] ?? {}, required: required.has(name) }));
}

const shown = (v: unknown) => (v === undefined ? '(not given)' : typeof v === 'string' ? v : JSON.stringify(v, null, 2));

export function CustomToolForm({ session, call }: { session: Session; call: ToolUseEvent }) {
  const { busy, error, send } = useAnswer(session.id);
  const [result, setResult] = useState('');
  const [isError, setIsError] = useState(false);
  const resultRef = useRef<HTMLTextAreaElement>(null);
  const resultId = useId();
  const fields = fieldsOf(session, call);

  useEffect(() => {
    if (firstFocus(call.id) && !typingElsewhere()) resultRef.current?.focus({ preventScroll: true });
  }, [call.id]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void send('result', [{ type: 'user.custom_tool_result', custom_tool_use_id: call.id, is_error: isError, content: [{ type: 'text', text: result }] }]);
  };

  return (
    <form className="approval" aria-label={`Answer ${call.name}`} onSubmit={submit}>
      <p className="approval-title">
        The agent called your tool <code>{call.name}</code>. Run it your way and send back what it returns.
      </p>
      {fields.length > 0 && (
        <dl className="custom-input">
          {fields.map((f) => (
            <div key={f.name} className="custom-input-field">
              <dt>
                <code>{f.name}</code>
                {f.schema.type && <span className="muted"> {[f.schema.type].flat().join(' | ')}</span>}
                {f.required && <span className="muted"> (required)</span>}
              </dt>
              {f.schema.description && <dd className="muted">{f.schema.description}</dd>}
              <dd>
                <pre className="code-block">{shown(call.input[f.name])}</pre>
              </dd>
            </div>
          ))}
        </dl>
      )}
      <label className="field-label" htmlFor={resultId}>
        Result for the agent
      </label>
      <TextArea ref={resultRef} id={resultId} rows={3} value={result} required onChange={(e) => setResult(e.target.value)} />
      <div className="approval-row">
        <Switch checked={isError} onChange={setIsError} label="Report it as an error" />
        <Button type="submit" variant="primary" icon={Send} busy={busy === 'result'} disabled={!!busy || !result.trim()}>
          Send result
        </Button>
      </div>
      {error && (
        <p className="field-error" role="alert">
          Could not send the result: {error.message}
        </p>
      )}
    </form>
  );
}
