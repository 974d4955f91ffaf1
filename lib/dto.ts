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
