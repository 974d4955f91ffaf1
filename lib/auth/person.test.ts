import { describe, expect, it } from 'vitest';
import { fieldManagerFor, lastWriter, namePeopleIn, personFromClaims, personOfManager } from './person';

// Claims as the stack's Keycloak puts them in an ID token (docs/notes/keycloak-on-loopback.md).
const alice = { iss: 'https://127.0.0.1:18443/realms/kgateway', aud: 'dashboard', preferred_username: 'alice', groups: ['platform'] };
const carol = { iss: 'https://127.0.0.1:18443/realms/kgateway', aud: 'dashboard', preferred_username: 'carol' };
const mapping = { usernameClaim: 'preferred_username', groupsClaim: 'groups', prefix: 'oidc:' };

describe('personFromClaims', () => {
  it('names the person as the API server does, with its prefix', () => {
    expect(personFromClaims(alice, mapping)).toEqual({ username: 'oidc:alice', groups: ['oidc:platform'], display: 'alice' });
  });
  it('takes a missing groups claim as no group (Keycloak leaves it out)', () => {
    expect(personFromClaims(carol, mapping)).toEqual({ username: 'oidc:carol', groups: [], display: 'carol' });
  });
  it('refuses claims that name no one', () => {
    expect(personFromClaims({ sub: 'x' }, mapping)).toMatch(/no "preferred_username" claim/);
    expect(personFromClaims({ preferred_username: 42 }, mapping)).toMatch(/names no person/);
  });
  it('drops group values that are not names, and bounds their number', () => {
    const many = personFromClaims(
      { preferred_username: 'x', groups: ['a', 7, '', ...Array.from({ length: 300 }, (_, i) => `g${i}`)] },
      mapping,
    );
    expect(typeof many === 'object' && many.groups[0]).toBe('oidc:a');
    expect(typeof many === 'object' && many.groups.length).toBe(256);
  });
});

describe('field managers per person', () => {
  const person = { username: 'oidc:alice', groups: [], display: 'alice' };
  it('names the person, and is the plain manager without one', () => {
    expect(fieldManagerFor('kgateway-dashboard', person)).toBe('kgateway-dashboard:alice');
    expect(fieldManagerFor('kgateway-dashboard', undefined)).toBe('kgateway-dashboard');
    expect(fieldManagerFor('kgateway-dashboard', { ...person, display: 'Ann Lee/ä' })).toBe('kgateway-dashboard:Ann_Lee__');
    expect(fieldManagerFor('kgateway-dashboard', { ...person, display: 'x'.repeat(300) })).toHaveLength(128);
  });
  it('reads the person back out of a manager, and only out of ours', () => {
    expect(personOfManager('kgateway-dashboard', 'kgateway-dashboard:bob')).toBe('bob');
    expect(personOfManager('kgateway-dashboard', 'kgateway-dashboard')).toBeUndefined();
    expect(personOfManager('kgateway-dashboard', 'kubectl-edit')).toBeUndefined();
  });
  it('finds the last writer in managedFields', () => {
    const fields = [
      { manager: 'kgateway-dashboard:alice', operation: 'Apply', time: '2026-12-02T10:00:00Z' },
      { manager: 'kgateway-dashboard:bob', operation: 'Apply', time: '2026-12-02T10:05:00Z' },
      { manager: 'kubectl-client-side-apply', operation: 'Update', time: '2026-12-02T09:00:00Z' },
      { operation: 'Update', time: '2026-12-02T11:00:00Z' },
    ];
    expect(lastWriter(fields, 'kgateway-dashboard')).toEqual({ who: 'bob', person: true, at: new Date('2026-12-02T10:05:00Z') });
    expect(lastWriter([fields[2]!], 'kgateway-dashboard')).toMatchObject({ who: 'kubectl-client-side-apply', person: false });
    expect(lastWriter([], 'kgateway-dashboard')).toBeUndefined();
  });
  it('names people in an apply conflict message', () => {
    const message =
      'Apply failed with 1 conflict: conflict with "kgateway-dashboard:bob" using gateway.kgateway.dev/v1alpha1: .spec.tcpKeepalive.keepAliveProbes';
    expect(namePeopleIn(message, 'kgateway-dashboard')).toContain('conflict with bob (field manager "kgateway-dashboard:bob")');
    expect(namePeopleIn('conflict with "kubectl-edit"', 'kgateway-dashboard')).toBe('conflict with "kubectl-edit"');
  });
});
