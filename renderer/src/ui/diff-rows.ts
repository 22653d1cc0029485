import { diffLines } from 'diff';

/** One row of a side-by-side diff: a line on either side, or on one side only. */
export interface DiffRow {
  kind: 'same' | 'changed' | 'removed' | 'added';
  left?: { n: number; text: string };
  right?: { n: number; text: string };
}

const splitLines = (value: string) => {
  const lines = value.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines;
};

/** Lines of `before` and `after` aligned side by side: a removed run and the added run after it share rows. */
export function diffRows(before: string, after: string): DiffRow[] {
  const rows: DiffRow[] = [];
  let l = 1;
  let r = 1;
  // A last line without its newline would otherwise differ from the same line with one.
  const changes = diffLines(before.endsWith('\n') ? before : `${before}\n`, after.endsWith('\n') ? after : `${after}\n`);
  for (let i = 0; i < changes.length; i++) {
    const c = changes[i]!;
    const lines = splitLines(c.value);
    if (!c.added && !c.removed) {
      for (const text of lines) rows.push({ kind: 'same', left: { n: l++, text }, right: { n: r++, text } });
    } else if (c.removed && changes[i + 1]?.added) {
      const added = splitLines(changes[++i]!.value);
      for (let k = 0; k < Math.max(lines.length, added.length); k++) {
        const left = k < lines.length ? { n: l++, text: lines[k]! } : undefined;
        const right = k < added.length ? { n: r++, text: added[k]! } : undefined;
        rows.push({ kind: left && right ? 'changed' : left ? 'removed' : 'added', left, right });
      }
    } else if (c.removed) {
      for (const text of lines) rows.push({ kind: 'removed', left: { n: l++, text } });
    } else {
      for (const text of lines) rows.push({ kind: 'added', right: { n: r++, text } });
    }
  }
  return rows;
}
