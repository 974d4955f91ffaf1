import type { ErrorKind } from '@/lib/wire/errors';
import { errorTitles } from '@/lib/wire/errors';

/** Shown instead of the dashboard when the API server cannot be used; says what to try next. */
export function Unreachable({ message, kind = 'unavailable' }: { message: string; kind?: ErrorKind }) {
  const title = kind === 'unavailable' ? 'Cannot reach the API server' : errorTitles[kind];
  return (
    <section role="alert" aria-labelledby="unreachable-title" className="card card-error">
      <h1 id="unreachable-title">{title}</h1>
      <p data-testid="unreachable-message">{message}</p>
      <h2>What to try</h2>
      <ul>
        <li>
          Check the same context from a shell: <code>kubectl cluster-info</code>
        </li>
        <li>
          For the local demo cluster: <code>npm run stack:up</code>, then reload
        </li>
        <li>
          Point the dashboard at another cluster: set <code>KUBECONFIG</code> or <code>DASHBOARD_KUBE_CONTEXT</code> and restart it
        </li>
      </ul>
    </section>
  );
}
