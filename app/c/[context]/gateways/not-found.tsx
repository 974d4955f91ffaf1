import { SegmentNotFound } from '@/components/ui/segment-states';

export default function NotFound() {
  return <SegmentNotFound what="the Gateways" back="/gateways" backLabel="Back to the Gateways" />;
}
