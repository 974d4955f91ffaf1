'use client';

import type { ComponentProps } from 'react';
import { GatewayInspector } from '@/components/gateways/gateway-inspector';
import { QueryProvider } from '@/components/providers';

/** The walkthrough's replica reading (steps 4 to 6), with the query client it needs; loaded with its step. */
export function GuideInspector(props: ComponentProps<typeof GatewayInspector>) {
  return (
    <QueryProvider>
      <GatewayInspector {...props} />
    </QueryProvider>
  );
}
