import type { PermissionDto, PolicyDto } from '@/lib/wire/dto';
import type { AppError } from '@/lib/wire/errors';
import type { GuideState } from '@/lib/guide/walkthrough';

/** What the guide page hands the walkthrough: the URL's state and what the cluster holds for it. */
export interface GuideProps {
  state: GuideState;
  /** The kubeconfig context the page reads, by name, for the snapshot. */
  contextName: string;
  /** The context to name in kubectl commands: undefined for the kubeconfig's default one. */
  kubectlContext?: string;
  session?: string;
  /** The presenter's secret: only the page that holds it moves the followers. */
  sessionKey?: string;
  follow?: string;
  services: Record<string, { name: string; ports: number[] }[]>;
  gateways: { namespace: string; name: string; pods: string[] }[];
  targeting: PolicyDto[];
  chosen?: PolicyDto;
  policyMissing: boolean;
  policiesError?: AppError;
  backendsByNamespace: Record<string, string[]>;
  permissions?: { write: PermissionDto; remove: PermissionDto };
}

/** Moves the walkthrough: a new state in the URL (pushed, or replaced). */
export type Go = (next: Partial<GuideState>, how?: 'push' | 'replace') => void;
