import { Fragment, useMemo, useState, type ReactNode } from 'react';
import { diffWordsWithSpace } from 'diff';
import { diffRows, type DiffRow } from './diff-rows.ts';

/** A changed line with the words that differ marked. */
function Words({ text, other, side }: { text: string; other: string; side: 'left' | 'right' }) {
  const parts = side === 'left' ? diffWordsWithSpace(text, other) : diffWordsWithSpace(other, text);
  return (
    <>
      {parts.map((p, i) => {
        if (side === 'left' && p.added) return null;
        if (side === 'right' && p.removed) return null;
        if (p.removed) return <del key={i}>{p.value}</del>;
        if (p.added) return <ins key={i}>{p.value}</ins>;
        return <Fragment key={i}>{p.value}</Fragment>;
      })}
    </>
  );
}

type Block = { type: 'rows'; rows: DiffRow[] } | { type: 'fold'; rows: DiffRow[]; at: number };

/** Keeps `context` unchanged lines around each change and folds longer unchanged runs. */
function blocks(rows: DiffRow[], context: number, open: ReadonlySet<number>): Block[] {
  const near = new Array<boolean>(rows.length).fill(false);
  rows.forEach((row, i) => {
    if (row.kind === 'same') return;
    for (let k = Math.max(0, i - context); k <= Math.min(rows.length - 1, i + context); k++) near[k] = true;
  });
  const out: Block[] = [];
  let i = 0;
  while (i < rows.length) {
    const start = i;
    const keep = near[i]!;
    while (i < rows.length && near[i] === keep) i++;
    const run = rows.slice(start, i);
    // Folding fewer than 4 lines saves nothing.
    if (keep || run.length < 4 || open.has(start)) out.push({ type: 'rows', rows: run });
    else out.push({ type: 'fold', rows: run, at: start });
  }
  return out;
}

function Side({ row, side }: { row: DiffRow; side: 'left' | 'right' }) {
  const line = row[side];
  const other = row[side === 'left' ? 'right' : 'left'];
  const mark = row.kind === 'same' ? '' : side === 'left' ? 'del' : 'ins';
  return (
    <>
      <td className="diff-n tabular" aria-hidden="true">
        {line?.n}
      </td>
      <td className={line ? `diff-text ${mark && `diff-${mark}`}` : 'diff-text diff-empty'}>
        {line && mark && <span className="visually-hidden">{side === 'left' ? 'removed: ' : 'added: '}</span>}
        {line ? row.kind === 'changed' && other ? <Words text={line.text} other={other.text} side={side} /> : line.text || '\u200b' : null}
      </td>
    </>
  );
}

/**
 * Two texts side by side, the changed lines marked and the changed words within them; long unchanged
 * stretches fold away (a button opens them).
 */
export function DiffView({ before, after, beforeLabel, afterLabel, context = 3, label }: { before: string; after: string; beforeLabel: ReactNode; afterLabel: ReactNode; context?: number; label: string }) {
  const rows = useMemo(() => diffRows(before, after), [before, after]);
  const [open, setOpen] = useState<ReadonlySet<number>>(new Set());
  const added = rows.filter((r) => r.right && r.kind !== 'same').length;
  const removed = rows.filter((r) => r.left && r.kind !== 'same').length;
  if (!added && !removed) return <p className="diff-none">No differences.</p>;
  return (
    <div className="diff">
      <p className="diff-summary tabular">
        <span className="diff-count-ins">+{added}</span> <span className="diff-count-del">−{removed}</span> {added + removed === 1 ? 'line' : 'lines'}
      </p>
      {/* Scrolls on its own, so it takes the focus for keyboard scrolling. */}
      <div className="diff-scroll" tabIndex={0} role="region" aria-label={label}>
        <table className="diff-table" aria-label={label}>
          <colgroup>
            <col className="diff-col-n" />
            <col />
            <col className="diff-col-n" />
            <col />
          </colgroup>
          <thead>
            <tr>
              <th colSpan={2} scope="colgroup">
                {beforeLabel}
              </th>
              <th colSpan={2} scope="colgroup">
                {afterLabel}
              </th>
            </tr>
          </thead>
          <tbody>
            {blocks(rows, context, open).map((b) =>
              b.type === 'fold' ? (
                <tr key={`fold-${b.at}`} className="diff-fold">
                  <td colSpan={4}>
                    <button type="button" className="btn btn-ghost btn-sm" onClick={() => setOpen((s) => new Set(s).add(b.at))}>
                      Show {b.rows.length} unchanged lines
                    </button>
                  </td>
                </tr>
              ) : (
                b.rows.map((row) => (
                  <tr key={`${row.left?.n ?? ''}-${row.right?.n ?? ''}`} className={`diff-row diff-row-${row.kind}`}>
                    <Side row={row} side="left" />
                    <Side row={row} side="right" />
                  </tr>
                ))
              ),
            )}
          </tbody>
        </table>
      </div>
    </div>
  );
}
