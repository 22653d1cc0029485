// The side-by-side diff's rows (renderer/src/ui/diff-rows.ts, drawn by DiffView): lines aligned, a removed run paired with the
// added run that replaces it, and a last line without its newline not shown as changed.
import { describe, expect, it } from 'vitest';
import { diffRows } from '../../renderer/src/ui/diff-rows.ts';

const kinds = (before: string, after: string) => diffRows(before, after).map((r) => `${r.kind}:${r.left?.text ?? ''}|${r.right?.text ?? ''}`);

describe('diffRows', () => {
  it('aligns unchanged lines and pairs a replaced line with its replacement', () => {
    expect(kinds('a\nb\nc\n', 'a\nB\nc\n')).toEqual(['same:a|a', 'changed:b|B', 'same:c|c']);
  });

  it('shows lines only one side has, numbered on their own side', () => {
    const rows = diffRows('a\nc\n', 'a\nb\nc\nd\n');
    expect(rows.map((r) => r.kind)).toEqual(['same', 'added', 'same', 'added']);
    expect(rows.map((r) => [r.left?.n ?? null, r.right?.n ?? null])).toEqual([
      [1, 1],
      [null, 2],
      [2, 3],
      [null, 4],
    ]);
  });

  it('pairs what it can of a longer replacement and adds the rest', () => {
    expect(kinds('x\n', 'y\nz\n')).toEqual(['changed:x|y', 'added:|z']);
  });

  it('does not mark a last line as changed only because the other side ends with a newline', () => {
    // An appended line: the line before it gains a newline, which is not a change a person made.
    expect(kinds('one\ntwo', 'one\ntwo\nthree')).toEqual(['same:one|one', 'same:two|two', 'added:|three']);
  });
});
