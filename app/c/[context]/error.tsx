'use client';

// Every page of a cluster fails into this boundary, under the cluster's header. No segment below
// has a layout of its own, so a boundary per segment would keep nothing more on screen and would
// cost a chunk each on first load (issue 13's budget); the words name the page from its address.
export { default } from '@/components/ui/segment-error';
