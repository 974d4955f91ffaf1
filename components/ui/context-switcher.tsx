'use client';

import { usePathname, useRouter } from 'next/navigation';
import { clusterPath, parseClusterPath } from '@/lib/nav/cluster-path';

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
          // The same page in the other cluster; its query (names, lines) may not apply there.
          router.push(clusterPath(e.target.value, here?.rest.split('/').slice(0, 2).join('/') ?? ''));
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
