import 'server-only';
import { z } from 'zod';

// The only reader of process.env. Validated once, on first use.
const schema = z.object({
  /**
   * Who the dashboard acts as. `kubeconfig` (the only mode so far): the server's kubeconfig, for
   * one person on this machine, loopback only. Sign-in modes for teams (oidc, proxy) come next.
   */
  DASHBOARD_AUTH: z
    .enum(['kubeconfig'], { error: 'only DASHBOARD_AUTH=kubeconfig exists so far (sign-in modes are not built yet)' })
    .default('kubeconfig'),
  /** Standard kubeconfig lookup: $KUBECONFIG (colon-separated), else ~/.kube/config, else in-cluster. */
  KUBECONFIG: z.string().optional(),
  /** Use this kubeconfig context instead of the current one. */
  DASHBOARD_KUBE_CONTEXT: z.string().min(1).optional(),
  /** Milliseconds before a call to the API server is abandoned. */
  DASHBOARD_API_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  /** Largest config dump the server will read from a proxy, in MB. */
  DASHBOARD_DUMP_MAX_MB: z.coerce.number().int().min(1).max(4096).default(512),
  /** Dump text the server keeps for slices, viewing and before/after comparison, in MB. */
  DASHBOARD_DUMP_KEEP_MB: z.coerce.number().int().min(0).max(16384).default(1024),
  /** More names the dashboard answers to, besides loopback at its port: `host` or `host:port`, comma-separated. */
  DASHBOARD_ALLOWED_HOSTS: z.string().max(4096).optional(),
  /** Port-forwards to gateway pods open at once, for everyone together. */
  DASHBOARD_MAX_PORT_FORWARDS: z.coerce.number().int().min(1).max(256).default(8),
  /** Live-update streams open at once, in all and per browser. */
  DASHBOARD_MAX_STREAMS: z.coerce.number().int().min(1).max(10_000).default(200),
  DASHBOARD_MAX_STREAMS_PER_BROWSER: z.coerce.number().int().min(1).max(1000).default(8),
  /** Live walkthroughs held at once. */
  DASHBOARD_MAX_WALKTHROUGHS: z.coerce.number().int().min(1).max(10_000).default(100),
  /** The port the server listens on; Next sets it. */
  PORT: z
    .string()
    .regex(/^\d{1,5}$/)
    .optional(),
  NODE_ENV: z.string().optional(),
});

export type DashboardEnv = z.infer<typeof schema>;

let cached: DashboardEnv | undefined;

export function env(): DashboardEnv {
  if (!cached) {
    const parsed = schema.safeParse(process.env);
    if (!parsed.success) {
      const detail = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
      throw new Error(`Invalid dashboard configuration in the environment: ${detail}`);
    }
    cached = parsed.data;
  }
  return cached;
}
