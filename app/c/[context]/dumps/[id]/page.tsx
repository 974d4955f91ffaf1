import type { Metadata } from 'next';
import { LiveDump } from '@/components/dumps/live-dump';
import { firstParam, type SearchParams } from '@/lib/nav/search-params';

export const metadata: Metadata = { title: 'Config dump' };

// A dump the server fetched from a proxy: browsed by slices, viewed whole on request.
export default async function LiveDumpPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<SearchParams>;
}) {
  const [{ id }, sp] = await Promise.all([params, searchParams]);
  const one = (k: string) => firstParam(sp, k);
  return (
    <LiveDump
      key={id}
      id={id}
      initial={{
        kind: one('kind'),
        name: one('name') ?? one('cluster'),
        q: one('q'),
        gateway: one('gateway'),
        pod: one('pod'),
        vl: one('vl'),
      }}
    />
  );
}
