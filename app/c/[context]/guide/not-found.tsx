import { SegmentNotFound } from '@/components/ui/segment-states';

export default function NotFound() {
  return <SegmentNotFound what="the walkthrough" back="/guide" backLabel="Start the walkthrough again" />;
}
