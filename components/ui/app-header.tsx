'use client';

import Link from 'next/link';
import { ContextSwitcher } from './context-switcher';
import { LiveUpdates } from './live-updates';
import { ClusterLink } from './page-frame';
import { SignedInAs, type SignedInPerson } from './signed-in-as';
import { useClusterContext } from './use-cluster';

const CLUSTER_PAGES = [
  ['', 'Cluster'],
  ['/services', 'Services'],
  ['/policies', 'Policies'],
  ['/gateways', 'Gateways'],
  ['/guide', 'Guide'],
] as const;

/** Links stay in the page's cluster: they are built from its address, never passed around. */
export function AppHeader({
  contexts,
  person,
  signOutAt,
}: {
  contexts: { name: string; current: boolean }[];
  person?: SignedInPerson;
  signOutAt?: string;
}) {
  const context = useClusterContext();
  return (
    <header className="app-header">
      <ClusterLink path="" className="brand">
        <span className="brand-mark" aria-hidden="true">
          ◆
        </span>{' '}
        kgateway policy dashboard
      </ClusterLink>
      <nav aria-label="Main">
        {CLUSTER_PAGES.map(([path, label]) => (
          <ClusterLink key={label} path={path}>
            {label}
          </ClusterLink>
        ))}
        <Link prefetch={false} href="/dumps">
          Open dump
        </Link>
        <Link prefetch={false} href="/snapshots">
          Snapshots
        </Link>
      </nav>
      {context && <LiveUpdates />}
      <ContextSwitcher contexts={contexts} />
      {person && <SignedInAs person={person} signOutAt={signOutAt} />}
    </header>
  );
}
