import { SegmentNotFound } from '@/components/ui/segment-states';

export default function NotFound() {
  return <SegmentNotFound what="this policy" back="/policies" backLabel="Back to the policies" />;
}
