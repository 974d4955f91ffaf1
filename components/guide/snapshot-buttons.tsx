'use client';

import type { PolicyDto, ServiceOnGatewayDto } from '@/lib/wire/dto';
import type { GuideState } from '@/lib/guide/walkthrough';
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
  // The snapshot writers (and the YAML library they use) load at the click, not with the guide.
  const take = async () => {
    const [model, html] = await Promise.all([import('@/lib/snapshot/model'), import('@/lib/snapshot/html')]);
    return { model, html, s: model.buildSnapshot({ context: contextName, gateway: state.gateway!, view, policies }) };
  };
  return (
    <div className="toolbar snapshot-buttons">
      <span className="small">Snapshot of this view:</span>
      <button
        type="button"
        className="secondary"
        onClick={async () => {
          const { model, html, s } = await take();
          downloadText(model.snapshotFileName(s, 'html'), html.snapshotToHtml(s), 'text/html');
        }}
      >
        Save as HTML
      </button>
      <button
        type="button"
        className="secondary"
        onClick={async () => {
          const { model, s } = await take();
          downloadText(model.snapshotFileName(s, 'json'), model.snapshotToJson(s));
        }}
      >
        Save as JSON
      </button>
    </div>
  );
}
