import { describe, expect, it } from 'vitest';
import { diffLines, hasChanges } from './diff';
import { toYaml } from './yaml';

describe('diffLines', () => {
  it("shows the guide's edit from 30s to 1m30s as one changed line", () => {
    const before = toYaml({ tcpKeepalive: { keepAliveProbes: 3, keepAliveTime: '30s', keepAliveInterval: '5s' } });
    const after = toYaml({ tcpKeepalive: { keepAliveProbes: 3, keepAliveTime: '1m30s', keepAliveInterval: '5s' } });
    expect(diffLines(before, after)).toEqual([
      { op: ' ', text: 'tcpKeepalive:' },
      { op: ' ', text: '  keepAliveProbes: 3' },
      { op: '-', text: '  keepAliveTime: 30s' },
      { op: '+', text: '  keepAliveTime: 1m30s' },
      { op: ' ', text: '  keepAliveInterval: 5s' },
    ]);
  });

  it('marks everything as added for a new object, and nothing for an unchanged one', () => {
    expect(diffLines('', 'a: 1\nb: 2\n').map((l) => l.op)).toEqual(['+', '+']);
    expect(hasChanges(diffLines('a: 1\n', 'a: 1\n'))).toBe(false);
  });
});
