import type { Metadata } from 'next';
import { SnapshotViewer } from '@/components/snapshots/snapshot-viewer';

// Reopens a saved walkthrough snapshot (JSON or HTML) in the browser, with no cluster at all.
export const metadata: Metadata = { title: 'Open a snapshot' };

export default function SnapshotsPage() {
  return (
    <>
      <h1>Open a snapshot</h1>
      <p className="muted">A file saved from the guided walkthrough. It stays in your browser; nothing is uploaded.</p>
      <SnapshotViewer />
    </>
  );
}
