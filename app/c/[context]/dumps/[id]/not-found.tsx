import { SegmentNotFound } from '@/components/ui/segment-states';

export default function NotFound() {
  return <SegmentNotFound what="this config dump" back="/gateways" backLabel="Back to the Gateways" />;
}
