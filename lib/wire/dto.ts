import type { JsonLine } from '@/lib/envoy/cluster-view';
import type { Difference } from '@/lib/envoy/compare';
import type { FieldCheck } from '@/lib/envoy/field-verdicts';
import type { FieldNode } from '@/lib/policy/crd-model';
import type { EnvoyTcpKeepalive } from '@/lib/envoy/config-dump';
import type { ReplicaSummary } from '@/lib/envoy/cluster-read';
import type { AppError } from '@/lib/wire/errors';
import type { FieldDifference } from '@/lib/envoy/xds-proto';
import type { Finding } from '@/lib/inspect/findings';
import type { GatewaySync } from '@/lib/inspect/sync';

// Plain data shapes that cross from server to browser. No credentials, no client-node types.

/** A BackendConfigPolicy's `spec.tcpKeepalive`, as the CRD writes it. */
export interface TcpKeepalive {
  keepAliveProbes?: number;
  keepAliveTime?: string;
  keepAliveInterval?: string;
}

export interface KgatewayDetectionDto {
  version?: string;
  source: 'controller' | 'proxy' | 'crd' | 'none';
  detail: string;
}

/** Which BackendConfigPolicy CRD judges the form, and the field model of its spec (lib/policy/crd-model.ts). */
export interface PolicySchemaDto {
  /** The fixture CRD chosen: `v2.4.x`, `main`, … */
  crd: string;
  /** The kgateway version detected, if any. */
  kgatewayVersion?: string;
  /** Why this CRD, in the user's words. */
  why: string;
  model: FieldNode;
}

export interface ClusterInfoDto {
  context: string;
  server: string;
  user: string;
  kubernetesVersion: string;
  kgateway: KgatewayDetectionDto;
  /** When the server asked (ms since the epoch). */
  checkedAt: number;
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

export interface TargetRefDto {
  group: string;
  kind: string;
  name: string;
}
export interface TargetSelectorDto {
  group: string;
  kind: string;
  matchLabels: Record<string, string>;
}

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
  /** Bytes Envoy sent for this view: the clusters shown, their endpoints, the node and counts; never the whole dump. */
  readBytes?: number;
  /** The whole dump's size: only in snapshots saved before views read just their clusters. */
  dumpBytes?: number;
  /** The server's handle on what was read, for comparing with the replica's next read. */
  dumpId?: string;
  fetchedAt?: string;
  /** The same pod's read of the same clusters before this one, while the server still keeps it. */
  previousDumpId?: string;
  summary?: ReplicaSummary;
  /** Endpoints Envoy holds for the cluster (its ClusterLoadAssignment), when it has one. */
  endpoints?: number;
  clusterName?: string;
  versionInfo?: string;
  lastUpdated?: string;
  /** Every policy field, keepalive included, judged one way; `from` names the policy. */
  fieldChecks?: (FieldCheck & { from: string })[];
  /** The cluster's JSON, the only part of the dump the browser receives. */
  lines?: JsonLine[];
  /** What kgateway means to send for this cluster against what this Envoy holds. */
  desiredVsActual?: DesiredVsActualDto;
}

/**
 * The cluster in kgateway's snapshot against the one in the replica's dump, both read with
 * go-control-plane's descriptors, every `Any` decoded (never compared as bytes).
 */
export interface DesiredVsActualDto {
  /** Leaves compared; differences lists the ones that differ. */
  compared?: number;
  differences?: FieldDifference[];
  /** Why no comparison could be made (kgateway unreachable, no such cluster in its snapshot, …). */
  unavailable?: string;
}

/** One Service port as every replica of a Gateway sees it, against what its policies ask. */
export interface ServiceOnGatewayDto {
  service: { namespace: string; name: string; port: number };
  policy?: { name: string; asked: TcpKeepalive; overridden: string[] };
  /** Every policy that targets the Service, for links to their status. */
  targeting: string[];
  expected?: EnvoyTcpKeepalive;
  replicas: ReplicaView[];
  /** The first readable replica's cluster against each other replica's, field by field. */
  comparisons: { left: string; right: string; differences: Difference[] }[];
  /** Why the Service's policies are or are not in effect. */
  findings?: Finding[];
  /** The Gateway's replicas against what kgateway sends. */
  sync?: GatewaySync;
  /**
   * The replicas' sync state was still being read when the clusters were: the findings that need
   * it follow in a second answer (on a large Envoy, its stats take longer than the cluster).
   */
  syncPending?: boolean;
}

/** One Gateway's replicas for one Service port the policy targets. */
export interface VerifyCheckDto {
  gateway: string;
  service: string;
  port: number;
  replicas: number;
  inEffect: number;
  problems: string[];
}

/** "Is the policy in effect on every replica of every Gateway?" — one round. */
export interface VerificationDto {
  checks: VerifyCheckDto[];
  allInEffect: boolean;
}
