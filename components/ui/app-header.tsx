import Link from 'next/link';
import { ContextSwitcher } from './context-switcher';
import { LiveUpdates } from './live-updates';

export function AppHeader({ contexts }: { contexts: { name: string; current: boolean }[] }) {
  return (
    <header className="app-header">
      <Link href="/" className="brand">
        <span className="brand-mark" aria-hidden="true">
          ◆
        </span>{' '}
        kgateway policy dashboard
      </Link>
      <nav aria-label="Main">
        <Link prefetch={false} href="/">
          Cluster
        </Link>
        <Link prefetch={false} href="/services">
          Services
        </Link>
        <Link prefetch={false} href="/policies">
          Policies
        </Link>
        <Link prefetch={false} href="/gateways">
          Gateways
        </Link>
        <Link prefetch={false} href="/guide">
          Guide
        </Link>
        <Link prefetch={false} href="/dumps">
          Open dump
        </Link>
        <Link prefetch={false} href="/snapshots">
          Snapshots
        </Link>
      </nav>
      <LiveUpdates />
      <ContextSwitcher contexts={contexts} />
    </header>
  );
}
