import type { ClusterInfoDto } from '@/lib/wire/dto';
import { LocalTime } from '@/components/ui/local-time';

const sourceText: Record<ClusterInfoDto['kgateway']['source'], string> = {
  controller: 'from the controller',
  proxy: 'from the gateway proxies',
  crd: 'CRDs installed',
  none: 'not detected',
};

export function ClusterSummary({ info, checkedAt }: { info: ClusterInfoDto; checkedAt: number }) {
  const kgw = info.kgateway;
  return (
    <section aria-labelledby="cluster-title" className="card">
      <h1 id="cluster-title">Connected cluster</h1>
      <dl className="facts">
        <dt>Context</dt>
        <dd data-testid="context">{info.context}</dd>
        <dt>API server</dt>
        <dd data-testid="server">
          <code>{info.server}</code>
        </dd>
        <dt>User</dt>
        <dd>{info.user || '—'}</dd>
        <dt>Kubernetes</dt>
        <dd data-testid="kubernetes-version">{info.kubernetesVersion}</dd>
        <dt>kgateway</dt>
        <dd data-testid="kgateway-version">
          {kgw.version ?? (kgw.source === 'none' ? 'not installed' : 'version unknown')}
          <span className="muted"> · {sourceText[kgw.source]}</span>
          <div className="muted small">{kgw.detail}</div>
        </dd>
      </dl>
      <p className="muted small">
        Checked <LocalTime at={checkedAt} /> · refreshes every 15 s
      </p>
    </section>
  );
}
