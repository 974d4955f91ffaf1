import { describe, expect, it } from 'vitest';
import { buildServiceRows } from '@/lib/policy/service-rows';
import type { ServiceDto } from '@/lib/wire/dto';
import { firstRows } from './service-rows';

// The scale data's shape (e2e/stack/scale-data.sh): namespaces of ten Services, labelled by app and team.
const apps = ['api', 'web', 'worker', 'cache', 'search', 'auth', 'billing', 'orders', 'media', 'events'];
const services: ServiceDto[] = Array.from({ length: 30 }, (_, n) =>
  apps.map((app, s) => ({
    namespace: `scale-${String(n).padStart(4, '0')}`,
    name: `${app}-${String(s).padStart(2, '0')}`,
    type: 'ClusterIP',
    labels: { app, team: `team-${n % 37}` },
    ports: [{ name: 'http', port: 8000 + s, targetPort: 8080 }],
  })),
).flat();
const rows = buildServiceRows(services, [], 'oldest-wins');

describe('firstRows', () => {
  it('carries the first 100 rows, in list order, and counts all of them', () => {
    const first = firstRows(rows, '', []);
    expect(first.matching).toBe(300);
    expect(first.rows).toHaveLength(100);
    expect(first.rows).toEqual(rows.slice(0, 100));
  });

  it("picks what the address's search and namespaces pick, before cutting", () => {
    const first = firstRows(rows, 'app=billing', ['scale-0003', 'scale-0029']);
    expect(first.matching).toBe(2);
    expect(first.rows.map((r) => `${r.namespace}/${r.name}`)).toEqual(['scale-0003/billing-06', 'scale-0029/billing-06']);
    // Matches past the first 100 rows of the list are found and counted too.
    const late = firstRows(rows, 'worker', []);
    expect(late.matching).toBe(30);
    expect(late.rows.at(-1)).toMatchObject({ namespace: 'scale-0029', name: 'worker-02' });
  });

  it('an address that picks nothing gets no rows, and says so by its count', () => {
    expect(firstRows(rows, 'no-such-service', [])).toEqual({ rows: [], matching: 0 });
    expect(firstRows(rows, '', ['no-such-namespace'])).toEqual({ rows: [], matching: 0 });
  });
});
