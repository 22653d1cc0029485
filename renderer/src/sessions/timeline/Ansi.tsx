// Tool output with its ANSI colours kept (anser parses the escapes into spans with classes the theme
// colours), folded past a few lines with "Show all".
import { useMemo, useState } from 'react';
import Anser from 'anser';

const FOLD_LINES = 16;

function AnsiText({ text }: { text: string }) {
  const parts = useMemo(() => Anser.ansiToJson(text, { use_classes: true, remove_empty: true }), [text]);
  return (
    <>
      {parts.map((p, i) => {
        const classes = [p.fg && `${p.fg}-fg`, p.bg && `${p.bg}-bg`, ...p.decorations.map((d) => `ansi-${d}`)].filter(Boolean).join(' ');
        const style = p.fg_truecolor || p.bg_truecolor ? { color: p.fg_truecolor ? `rgb(${p.fg_truecolor})` : undefined, background: p.bg_truecolor ? `rgb(${p.bg_truecolor})` : undefined } : undefined;
        return classes || style ? (
          <span key={i} className={classes || undefined} style={style}>
            {p.content}
          </span>
        ) : (
          p.content
        );
      })}
    </>
  );
}

/** Output as a terminal showed it; long output shows its first lines and a button for the rest. */
export function AnsiOutput({ text: raw, label, error }: { text: string; label: string; error?: boolean }) {
  const text = raw.endsWith('\n') ? raw.slice(0, -1) : raw;
  const [all, setAll] = useState(false);
  const lines = useMemo(() => text.split('\n'), [text]);
  const folded = !all && lines.length > FOLD_LINES + 2;
  return (
    <div className={error ? 'tool-output tool-output-error' : 'tool-output'}>
      <pre className="code-block" aria-label={label} tabIndex={0}>
        <AnsiText text={folded ? lines.slice(0, FOLD_LINES).join('\n') : text} />
      </pre>
      {folded && (
        <button type="button" className="link-button" onClick={() => setAll(true)}>
          Show all {lines.length.toLocaleString('en-US')} lines
        </button>
      )}
    </div>
  );
}
