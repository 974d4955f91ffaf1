import Link from 'next/link';

export function AppHeader() {
  return (
    <header className="app-header">
      <Link href="/" className="brand">
        <span className="brand-mark" aria-hidden="true">◆</span> kgateway policy dashboard
      </Link>
      <nav aria-label="Main">
        <Link href="/">Cluster</Link>
      </nav>
    </header>
  );
}
