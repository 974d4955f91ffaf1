import 'server-only';
import { AuthorizationV1Api } from '@kubernetes/client-node';
import type { PermissionDto } from '@/lib/wire/dto';
import { callOptions } from './client';
import type { Session } from './session';
import { describePermission } from './errors';

/** Asks the API server whether the current user may do this (SelfSubjectAccessReview). */
export async function can(session: Session, verb: string, resource: string, group: string, namespace?: string): Promise<PermissionDto> {
  const permission = describePermission({ verb, resource, group, namespace });
  const command = `kubectl auth can-i ${verb} ${group ? `${resource}.${group}` : resource}${namespace ? ` -n ${namespace}` : ' --all-namespaces'}`;
  try {
    const review = await session.kc.makeApiClient(AuthorizationV1Api).createSelfSubjectAccessReview(
      {
        body: { spec: { resourceAttributes: { verb, resource, group, namespace } } },
      },
      callOptions,
    );
    return { allowed: review.status?.allowed === true, permission, command, reason: review.status?.reason || undefined };
  } catch (e) {
    // Cannot even ask: treat as not allowed, and say why.
    return { allowed: false, permission, command, reason: e instanceof Error ? e.message : String(e) };
  }
}
