'use client';

import type { PolicyDto, ServiceOnGatewayDto } from '@/lib/wire/dto';
import type { GuideState } from '@/lib/guide/walkthrough';
import { snapshotToHtml } from '@/lib/snapshot/html';
import { buildSnapshot, snapshotFileName, snapshotToJson } from '@/lib/snapshot/model';
import { downloadText } from '@/components/dumps/download';

/** Saves what the walkthrough shows now as one HTML file anyone can open, or JSON to reopen here. */
export function SnapshotButtons({
  state,
  contextName,
  view,
  policies,
}: {
  state: GuideState;
  contextName?: string;
  view: ServiceOnGatewayDto;
  policies: PolicyDto[];
}) {
  if (!state.gateway) return null;
  const take = () => buildSnapshot({ context: contextName, gateway: state.gateway!, view, policies });
  return (
    <div className="toolbar snapshot-buttons">
      <span className="small">Snapshot of this view:</span>
      <button
        type="button"
        className="secondary"
        onClick={() => {
          const s = take();
          downloadText(snapshotFileName(s, 'html'), snapshotToHtml(s), 'text/html');
        }}
      >
        Save as HTML
      </button>
      <button
        type="button"
        className="secondary"
        onClick={() => {
          const s = take();
          downloadText(snapshotFileName(s, 'json'), snapshotToJson(s));
        }}
      >
        Save as JSON
      </button>
    </div>
  );
}
