import { SegmentNotFound } from '@/components/ui/segment-states';

export default function NotFound() {
  return <SegmentNotFound what="the cluster" back="" backLabel="Back to the cluster overview" />;
}
