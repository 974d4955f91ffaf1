import { SegmentNotFound } from '@/components/ui/segment-states';

export default function NotFound() {
  return <SegmentNotFound what="the policies" back="/policies" backLabel="Back to the policies" />;
}
