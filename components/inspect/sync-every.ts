/** How often the panel and the badges ask again: sync state changes within seconds of a write. */
export const SYNC_EVERY_MS = 5_000;
