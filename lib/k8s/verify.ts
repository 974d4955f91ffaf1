import 'server-only';
import type { VerificationDto as Verification, VerifyCheckDto as VerifyCheck } from '@/lib/wire/dto';
import { ok, type Result } from '@/lib/wire/errors';
import { replicaInEffect, replicaProblems } from '@/lib/inspect/replica-verdict';
import { howPolicyTargets } from '@/lib/policy/model';
import { inspectGateway } from './gateway-inspect';
import { listGateways } from './gateways';
import { getPolicy } from './policies';
import { listServices } from './services';
import type { Session } from './session';

/**
 * Checks every replica of every Gateway for each Service port the policy targets: is what the
 * policy asks for what Envoy shows? One round; the page asks again until all agree.
 */
export async function verifyPolicy(session: Session, namespace: string, name: string, signal?: AbortSignal): Promise<Result<Verification>> {
  const [policy, services, gateways] = await Promise.all([
    getPolicy(session, namespace, name),
    listServices(session, namespace),
    listGateways(session),
  ]);
  if (!policy.ok) return policy;
  if (!services.ok) return services;
  if (!gateways.ok) return gateways;
  const targets = services.value
    .filter((s) => howPolicyTargets(policy.value, s))
    .flatMap((service) => service.ports.map(({ port }) => ({ service, port })));
  const checks: VerifyCheck[] = [];
  for (const gw of gateways.value) {
    if (signal?.aborted) break;
    const views = await inspectGateway(session, gw, targets, { signal });
    if (!views.ok) return views;
    for (const view of views.value.views) {
      checks.push({
        gateway: `${gw.namespace}/${gw.name}`,
        service: `${namespace}/${view.service.name}`,
        port: view.service.port,
        replicas: view.replicas.length,
        inEffect: view.replicas.filter(replicaInEffect).length,
        problems: view.replicas.flatMap(replicaProblems),
      });
    }
  }
  return ok({ checks, allInEffect: checks.length > 0 && checks.every((x) => x.replicas > 0 && x.inEffect === x.replicas) });
}
