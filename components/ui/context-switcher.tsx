'use client';

import { usePathname, useRouter, useSearchParams } from 'next/navigation';

/** Picks a context of the server's kubeconfig; the choice lives in the URL (?context=). */
export function ContextSwitcher({ contexts }: { contexts: { name: string; current: boolean }[] }) {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  if (contexts.length < 2) return null;
  const active = params.get('context') ?? contexts.find((c) => c.current)?.name ?? '';
  return (
    <label className="context-switcher">
      Context{' '}
      <select
        value={active}
        onChange={(e) => {
          const next = new URLSearchParams(params.toString());
          next.set('context', e.target.value);
          router.push(`${pathname}?${next.toString()}`);
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
