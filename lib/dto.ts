import type { FieldVerdict, JsonLine } from '@/lib/envoy/cluster-view';
import type { DumpSummary } from '@/lib/envoy/config-dump';
import type { AppError } from '@/lib/errors';

// Plain data shapes that cross from server to browser. No credentials, no client-node types.

export interface KgatewayDetectionDto {
  version?: string;
  source: 'controller' | 'proxy' | 'crd' | 'none';
  detail: string;
}

export interface ClusterInfoDto {
  context: string;
  server: string;
  user: string;
  kubernetesVersion: string;
  kgateway: KgatewayDetectionDto;
}

export interface ServicePortDto {
  name?: string;
  port: number;
  targetPort?: string | number;
  appProtocol?: string;
  protocol?: string;
}

export interface ServiceDto {
  namespace: string;
  name: string;
  type: string;
  labels: Record<string, string>;
  ports: ServicePortDto[];
}

export interface TargetRefDto { group: string; kind: string; name: string }
export interface TargetSelectorDto { group: string; kind: string; matchLabels: Record<string, string> }

export interface ConditionDto {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  observedGeneration?: number;
  lastTransitionTime?: string;
}

export interface PolicyAncestorDto {
  ref: string;
  controllerName: string;
  conditions: ConditionDto[];
}

export interface PolicyDto {
  namespace: string;
  name: string;
  creationTimestamp: string;
  generation: number;
  resourceVersion: string;
  /** The whole spec as stored, including fields the dashboard does not edit. */
  spec: Record<string, unknown>;
  ancestors: PolicyAncestorDto[];
  /** Who last wrote the object, other than its status (from managedFields), newest first. */
  managers: { manager: string; operation: string; time?: string }[];
}

export interface PermissionDto {
  allowed: boolean;
  /** `create backendconfigpolicies.gateway.kgateway.dev in namespace httpbin` */
  permission: string;
  /** The command that shows the same answer. */
  command: string;
  reason?: string;
}

export interface ReplicaView {
  pod: string;
  error?: AppError;
  dumpBytes?: number;
  summary?: DumpSummary;
  clusterName?: string;
  versionInfo?: string;
  lastUpdated?: string;
  verdicts?: FieldVerdict[];
  /** The cluster's JSON, the only part of the dump the browser receives. */
  lines?: JsonLine[];
}

