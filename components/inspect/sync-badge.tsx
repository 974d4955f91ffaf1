import type { SyncState } from '@/lib/inspect/sync';

export function SyncBadge({ state, label }: { state: SyncState; label?: string }) {
  return (
    <span className={`sync-badge sync-${state.toLowerCase()}`} data-testid="sync-badge" data-state={state}>
      {label ? `${label}: ` : ''}
      {state}
    </span>
  );
}
