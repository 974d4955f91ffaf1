'use client';

// A failure outside a cluster's pages, or in the cluster layout itself.
export { default } from '@/components/ui/segment-error';
