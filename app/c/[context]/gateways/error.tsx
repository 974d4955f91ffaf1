'use client';

import { SegmentError } from '@/components/ui/segment-states';

export default function SegmentErrorPage(props: { error: Error & { digest?: string }; reset: () => void }) {
  return <SegmentError what="the Gateways" {...props} />;
}
