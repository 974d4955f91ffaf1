'use client';

// Every page's failure lands here, inside <main>: the header stays. The cluster layout adds nothing
// on screen, so a boundary of its own (or one per segment) would keep nothing more and would cost
// a chunk on every first load (issue 13's budget); the words name the page from its address.
export { SegmentError as default } from '@/components/ui/page-frame';
