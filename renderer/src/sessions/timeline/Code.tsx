// A tool call's input, highlighted: JSON through the Lezer JSON parser CodeMirror uses (the classes
// are coloured by the same tokens as the editor), a shell command as a prompt line.
import { useMemo, type ReactNode } from 'react';
import { classHighlighter, highlightCode } from '@lezer/highlight';
import { jsonLanguage } from '@codemirror/lang-json';

export function JsonCode({ value, label }: { value: unknown; label: string }) {
  const nodes = useMemo(() => {
    const code = JSON.stringify(value, null, 2) ?? 'null';
    const out: ReactNode[] = [];
    highlightCode(
      code,
      jsonLanguage.parser.parse(code),
      classHighlighter,
      (text, classes) => out.push(classes ? <span key={out.length} className={classes}>{text}</span> : text),
      () => out.push('\n'),
    );
    return out;
  }, [value]);
  return (
    <pre className="code-block code-json" aria-label={label}>
      {nodes}
    </pre>
  );
}

/** A tool's input: bash's command as a command line (with any other fields as JSON), anything else as JSON. */
export function ToolInput({ name, input }: { name: string; input: Record<string, unknown> }) {
  const { command, ...rest } = input;
  if (name === 'bash' && typeof command === 'string') {
    return (
      <>
        <pre className="code-block code-shell" aria-label="Command">
          <span className="shell-prompt" aria-hidden="true">
            ${' '}
          </span>
          {command}
        </pre>
        {Object.keys(rest).length > 0 && <JsonCode value={rest} label="Other input" />}
      </>
    );
  }
  return <JsonCode value={input} label="Input" />;
}
