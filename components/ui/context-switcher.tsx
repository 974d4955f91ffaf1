'use client';

import { usePathname, useRouter } from 'next/navigation';
import { clusterPath, parseClusterPath } from '@/lib/nav/cluster-path';

/** Sections with a page of their own in every cluster. */
const SECTIONS = ['services', 'policies', 'gateways', 'guide'];

/** Picks a context of the server's kubeconfig; the choice is the `/c/<context>/` of the address. */
export function ContextSwitcher({ contexts }: { contexts: { name: string; current: boolean }[] }) {
  const router = useRouter();
  const pathname = usePathname() ?? '/';
  if (contexts.length < 2) return null;
  const here = parseClusterPath(pathname);
  const active = here?.context ?? contexts.find((c) => c.current)?.name ?? '';
  return (
    <label className="context-switcher">
      Context{' '}
      <select
        value={active}
        onChange={(e) => {
          // The same section in the other cluster; names, ids and lines may not exist there.
          const section = here?.rest.split('/')[1] ?? '';
          router.push(clusterPath(e.target.value, SECTIONS.includes(section) ? `/${section}` : ''));
        }}
      >
        {contexts.map((c) => (
          <option key={c.name} value={c.name}>
            {c.name}
          </option>
        ))}
      </select>
    </label>
  );
}
