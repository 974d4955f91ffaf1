import { describe, expect, it } from 'vitest';
import { refreshKindsFor } from './kinds';

describe('refreshKindsFor', () => {
  it('re-renders lists and the guide on the kinds they show', () => {
    expect(refreshKindsFor('/services')).toContain('backendconfigpolicies');
    // Services update their own rows from the event, without a re-render.
    expect(refreshKindsFor('/services')).not.toContain('services');
    expect(refreshKindsFor('/gateways/kgateway-system/http')).toEqual(['pods']);
    expect(refreshKindsFor('/guide')).toHaveLength(3);
  });

  it('never re-renders a form or a dump under the user', () => {
    expect(refreshKindsFor('/policies/new')).toEqual([]);
    expect(refreshKindsFor('/policies/httpbin/httpbin-keepalive')).toEqual([]);
    expect(refreshKindsFor('/dumps')).toEqual([]);
  });

  it('reads the page inside its cluster prefix', () => {
    expect(refreshKindsFor('/c/admin/services')).toEqual(refreshKindsFor('/services'));
    expect(refreshKindsFor('/c/arn%3Aaws%3Aeks%2Fprod/gateways/kgateway-system/http')).toEqual(['pods']);
    expect(refreshKindsFor('/c/admin/policies/new')).toEqual([]);
  });
});
