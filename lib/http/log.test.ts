import { describe, expect, it } from 'vitest';
import { requestLogLine } from './log';

describe('requestLogLine', () => {
  it('is one JSON object with the request id, what was asked and what the boundary decided', () => {
    const line = requestLogLine(
      { requestId: 'r-1', method: 'POST', path: '/c/admin/policies/new', context: 'admin', status: 403, reason: 'origin' },
      new Date('2026-12-02T07:00:00Z'),
    );
    expect(line).not.toContain('\n');
    expect(JSON.parse(line)).toEqual({
      time: '2026-12-02T07:00:00.000Z',
      level: 'warn',
      msg: 'request',
      requestId: 'r-1',
      method: 'POST',
      path: '/c/admin/policies/new',
      context: 'admin',
      status: 403,
      reason: 'origin',
    });
  });

  it('cuts an overlong path, and is info when nothing was refused', () => {
    const parsed = JSON.parse(requestLogLine({ requestId: 'r-2', method: 'GET', path: `/${'a'.repeat(2000)}` })) as {
      path: string;
      level: string;
    };
    expect(parsed.path.length).toBe(513);
    expect(parsed.level).toBe('info');
  });

  it('names the person as the API server knows them, and nothing of their credentials', () => {
    const line = requestLogLine({ requestId: 'r-2', method: 'GET', path: '/c/admin/services', user: 'oidc:alice' });
    expect(JSON.parse(line)).toMatchObject({ user: 'oidc:alice', level: 'info' });
    expect(Object.keys(JSON.parse(line))).not.toContain('cookie');
  });
});
