import type { Metadata } from 'next';
import { CompareDumps } from '@/components/dumps/compare-dumps';
import { OfflineDump } from '@/components/dumps/offline-dump';

// Inspecting a saved config dump needs no cluster: everything happens in the browser.
export const metadata: Metadata = { title: 'Open a saved dump' };

export default function DumpsPage() {
  return (
    <>
      <h1>Open a saved config dump</h1>
      <p className="muted">
        A file from <code>curl -X POST 127.0.0.1:19000/config_dump?include_eds</code>. It stays in your browser; nothing is uploaded.
      </p>
      <OfflineDump />
      <CompareDumps />
    </>
  );
}
