'use client';

import Link from 'next/link';
import { usePathname, useSearchParams } from 'next/navigation';

/** Narrows the gateway view to one replica (`?pod=`), or widens it back to every replica. */
export function OnlyLink({ pod, only }: { pod: string; only: 'this' | 'all' }) {
  const params = useSearchParams();
  const pathname = usePathname();
  const next = new URLSearchParams(params.toString());
  if (only === 'all') next.set('pod', pod);
  else next.delete('pod');
  next.delete('lines');
  return (
    <Link className="small" href={`${pathname}?${next.toString()}`}>
      {only === 'all' ? 'Read only this replica' : 'Read every replica'}
    </Link>
  );
}
