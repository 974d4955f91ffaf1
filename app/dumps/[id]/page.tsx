import { LiveDump } from '@/components/dumps/live-dump';

// A dump the server fetched from a proxy: browsed by slices, viewed whole on request.
export default async function LiveDumpPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const [{ id }, sp] = await Promise.all([params, searchParams]);
  const one = (k: string) => (Array.isArray(sp[k]) ? sp[k][0] : sp[k]);
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
        context: one('context'),
      }}
    />
  );
}
