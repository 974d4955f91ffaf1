import { diffArrays } from 'diff';
import { err, ok, type Result } from '@/lib/wire/errors';

// A line diff for showing what an apply would change, by jsdiff (Myers' O(ND) algorithm: linear
// in the input when the change is small, as a review's is), with a size cap: past it the review
// says so instead of working through a document no one would read as a diff. Pure.

export interface DiffLine {
  op: ' ' | '+' | '-';
  text: string;
}

/** Lines per side; a BackendConfigPolicy's spec is tens of lines. */
export const MAX_DIFF_LINES = 5_000;

const linesOf = (text: string) => (text === '' ? [] : text.replace(/\n$/, '').split('\n'));

export function diffLines(before: string, after: string): Result<DiffLine[]> {
  const a = linesOf(before);
  const b = linesOf(after);
  if (a.length > MAX_DIFF_LINES || b.length > MAX_DIFF_LINES) {
    return err({
      kind: 'invalid',
      message: `The change is too large to review as a diff (${Math.max(a.length, b.length)} lines, the most is ${MAX_DIFF_LINES}). Compare it with kubectl diff instead.`,
    });
  }
  const out: DiffLine[] = [];
  for (const part of diffArrays(a, b)) {
    const op = part.added ? '+' : part.removed ? '-' : ' ';
    for (const text of part.value) out.push({ op, text });
  }
  return ok(out);
}

export function hasChanges(diff: DiffLine[]): boolean {
  return diff.some((l) => l.op !== ' ');
}
