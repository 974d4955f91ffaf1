import { describe, expect, it } from 'vitest';
import { admitVersion } from './walkthrough-leases';

// The order the first read, the watch and a replica's own write answer in is not the order the
// Lease changed in; followers must never be moved back.
describe('which Lease version may move followers', () => {
  it('takes the first version it hears, and each newer one', () => {
    expect(admitVersion(undefined, '41', false)).toEqual({ deliver: true, seen: 41n });
    expect(admitVersion(41n, '57', false)).toEqual({ deliver: true, seen: 57n });
  });

  it('drops a version it delivered already (the watch echoing this replica’s own write)', () => {
    expect(admitVersion(57n, '57', false)).toEqual({ deliver: false, seen: 57n });
  });

  it('drops an older version that answered late: a slow first read never undoes a later move', () => {
    expect(admitVersion(57n, '41', false).deliver).toBe(false);
    expect(admitVersion(57n, '41', true).deliver).toBe(false);
  });

  it('gives a newcomer the current version without counting it, so the watch still moves everyone', () => {
    expect(admitVersion(57n, '57', true)).toEqual({ deliver: true, seen: 57n });
    const first = admitVersion(57n, '60', true);
    expect(first).toEqual({ deliver: true, seen: 57n });
    expect(admitVersion(first.seen, '60', false)).toEqual({ deliver: true, seen: 60n });
  });

  it('compares beyond 2^53, as etcd revisions may grow', () => {
    expect(admitVersion(9007199254740993n, '9007199254740992', false).deliver).toBe(false);
  });

  it('delivers a version that is not an integer as it comes, and remembers nothing from it', () => {
    expect(admitVersion(57n, 'abc', false)).toEqual({ deliver: true, seen: 57n });
    expect(admitVersion(undefined, undefined, false)).toEqual({ deliver: true, seen: undefined });
  });
});
