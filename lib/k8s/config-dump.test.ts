import { describe, expect, it } from 'vitest';
import { forwardError } from './config-dump';

// client-node rejects a refused port-forward with the WebSocket's ErrorEvent, which carries
// only a message; this is what it said for the stack's viewer user (no pods/portforward).
const refused = (status: number) => ({ type: 'error', message: `Unexpected server response: ${status}` });

describe('forwardError', () => {
  it('names pods/portforward when the user may not port-forward', () => {
    const e = forwardError(refused(403), 'kgateway-system', 'http-1');
    expect(e).toMatchObject({ kind: 'forbidden', missingPermission: 'create pods/portforward in namespace kgateway-system' });
    expect(e.message).toContain('kubectl auth can-i create pods/portforward -n kgateway-system');
  });

  it('says the pod is gone on 404 and unreachable otherwise', () => {
    expect(forwardError(refused(404), 'ns', 'p').kind).toBe('not_found');
    expect(forwardError(new Error('socket hang up'), 'ns', 'p')).toMatchObject({
      kind: 'unavailable',
      message: 'Port-forward to ns/p failed: socket hang up',
    });
  });
});
