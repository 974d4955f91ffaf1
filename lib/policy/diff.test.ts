import { describe, expect, it } from 'vitest';
import { diffLines, hasChanges, MAX_DIFF_LINES, type DiffLine } from './diff';
import { toYaml } from './yaml';

const lines = (before: string, after: string): DiffLine[] => {
  const r = diffLines(before, after);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};

describe('diffLines', () => {
  it("shows the guide's edit from 30s to 1m30s as one changed line", () => {
    const before = toYaml({ tcpKeepalive: { keepAliveProbes: 3, keepAliveTime: '30s', keepAliveInterval: '5s' } });
    const after = toYaml({ tcpKeepalive: { keepAliveProbes: 3, keepAliveTime: '1m30s', keepAliveInterval: '5s' } });
    expect(lines(before, after)).toEqual([
      { op: ' ', text: 'tcpKeepalive:' },
      { op: ' ', text: '  keepAliveProbes: 3' },
      { op: '-', text: '  keepAliveTime: 30s' },
      { op: '+', text: '  keepAliveTime: 1m30s' },
      { op: ' ', text: '  keepAliveInterval: 5s' },
    ]);
  });

  it('marks everything as added for a new object, and nothing for an unchanged one', () => {
    expect(lines('', 'a: 1\nb: 2\n').map((l) => l.op)).toEqual(['+', '+']);
    expect(hasChanges(lines('a: 1\n', 'a: 1\n'))).toBe(false);
  });

  it('diffs two documents at the cap, every line kept once, and refuses one past it with a message', () => {
    const doc = (n: number, tag: string) => Array.from({ length: n }, (_, i) => (i % 100 === 0 ? `${tag}${i}` : `line ${i}`)).join('\n');
    const d = lines(doc(MAX_DIFF_LINES, 'a'), doc(MAX_DIFF_LINES, 'b'));
    expect(d.filter((l) => l.op !== '+').length).toBe(MAX_DIFF_LINES);
    expect(d.filter((l) => l.op === '-').length).toBe(MAX_DIFF_LINES / 100);
    const over = diffLines(doc(MAX_DIFF_LINES + 1, 'a'), 'x');
    expect(over.ok).toBe(false);
    if (!over.ok) expect(over.error.message).toContain(`the most is ${MAX_DIFF_LINES}`);
  });
});
