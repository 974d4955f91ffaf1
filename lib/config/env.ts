import 'server-only';
import { z } from 'zod';

// The only reader of process.env. Validated once, on first use.
const schema = z.object({
  /**
   * Who the dashboard acts as. `kubeconfig`: the server's kubeconfig, for one person on this
   * machine, loopback only. `oidc`: each person signs in with an OpenID Connect provider and the
   * API server sees their ID token. `proxy`: an authenticating proxy in front says who it is.
   */
  DASHBOARD_AUTH: z
    .enum(['kubeconfig', 'oidc', 'proxy'], { error: 'DASHBOARD_AUTH is one of kubeconfig, oidc, proxy' })
    .default('kubeconfig'),
  /** oidc, proxy: the provider's issuer URL (https), the same one the API server trusts. */
  DASHBOARD_OIDC_ISSUER: z.url({ protocol: /^https$/, error: 'DASHBOARD_OIDC_ISSUER must be an https URL' }).optional(),
  /** oidc: the dashboard's client. proxy: the proxy's client, the audience its ID tokens must carry. */
  DASHBOARD_OIDC_CLIENT_ID: z.string().min(1).max(256).optional(),
  /** oidc: only for a confidential client; a public client uses PKCE alone. */
  DASHBOARD_OIDC_CLIENT_SECRET: z.string().min(1).max(1024).optional(),
  DASHBOARD_OIDC_SCOPES: z.string().max(1024).default('openid profile email'),
  /** oidc: the claim that names the person (the API server's claimMappings.username must match). */
  DASHBOARD_OIDC_USERNAME_CLAIM: z.string().min(1).max(64).default('preferred_username'),
  DASHBOARD_OIDC_GROUPS_CLAIM: z.string().min(1).max(64).default('groups'),
  /** oidc: the prefix the API server puts before usernames and groups (its claimMappings prefix). */
  DASHBOARD_OIDC_USERNAME_PREFIX: z.string().max(64).default(''),
  /** oidc: the address people open, when TLS ends in front of the dashboard (https://dash.example). */
  DASHBOARD_PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** oidc: encrypts the session cookie. At least 32 characters; the same on every replica. */
  DASHBOARD_SESSION_SECRET: z.string().min(32, { error: 'DASHBOARD_SESSION_SECRET needs at least 32 characters' }).max(4096).optional(),
  /**
   * proxy: the secret the authenticating proxy adds to every request it passes on (oauth2-proxy:
   * injectRequestHeaders with a secretSource). Without it, a request did not come through the proxy.
   */
  DASHBOARD_PROXY_SECRET: z.string().min(32, { error: 'DASHBOARD_PROXY_SECRET needs at least 32 characters' }).max(4096).optional(),
  DASHBOARD_PROXY_SECRET_HEADER: z
    .string()
    .regex(/^[A-Za-z0-9-]{1,64}$/, { error: 'DASHBOARD_PROXY_SECRET_HEADER must be a header name' })
    .default('X-Dashboard-Proxy-Secret'),
  /** proxy: where the proxy signs people out (oauth2-proxy: /oauth2/sign_out). A local path. */
  DASHBOARD_PROXY_SIGN_OUT: z
    .string()
    .regex(/^\/[A-Za-z0-9/_.-]*$/, { error: 'DASHBOARD_PROXY_SIGN_OUT must be a local path' })
    .default('/oauth2/sign_out'),
  /** oidc: hours a sign-in lasts at most, refreshes included. */
  DASHBOARD_SESSION_MAX_HOURS: z.coerce.number().int().min(1).max(720).default(12),
  /**
   * Keep live walkthroughs in Leases of this namespace (written with the dashboard's own
   * identity), so every replica behind a load balancer shares them. Unset: in this process.
   */
  DASHBOARD_WALKTHROUGH_NAMESPACE: z
    .string()
    .regex(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, { error: 'DASHBOARD_WALKTHROUGH_NAMESPACE must be a namespace name' })
    .optional(),
  /** Standard kubeconfig lookup: $KUBECONFIG (colon-separated), else ~/.kube/config, else in-cluster. */
  KUBECONFIG: z.string().optional(),
  /**
   * In-cluster: the directory that stands for `/` when looking for the pod's ServiceAccount files
   * (`var/run/secrets/kubernetes.io/serviceaccount/{token,ca.crt,namespace}`). Unset in a pod;
   * the tests set it to start the server exactly as a pod would, outside one.
   */
  DASHBOARD_SERVICEACCOUNT_ROOT: z.string().min(1).optional(),
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
  /** Informers (a list kept current by a watch) per kind, context and person, at once; a page beyond it lists from the API server. */
  DASHBOARD_MAX_WATCHES: z.coerce.number().int().min(1).max(10_000).default(300),
  /** Objects one informer keeps; a kind with more is listed from the API server on each page view. */
  DASHBOARD_CACHE_MAX_OBJECTS: z.coerce.number().int().min(1).max(10_000_000).default(200_000),
  /** Services rows a Services page carries; the browser fetches the rest in one request. */
  DASHBOARD_FIRST_ROWS: z.coerce.number().int().min(1).max(10_000).default(100),
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
    const missing = missingForMode(parsed.data);
    if (missing.length)
      throw new Error(
        `Invalid dashboard configuration in the environment: DASHBOARD_AUTH=${parsed.data.DASHBOARD_AUTH} needs ${missing.join(', ')}`,
      );
    cached = parsed.data;
  }
  return cached;
}

/** The settings a sign-in mode cannot run without. */
export function missingForMode(e: DashboardEnv): string[] {
  const needed = {
    kubeconfig: [],
    oidc: ['DASHBOARD_OIDC_ISSUER', 'DASHBOARD_OIDC_CLIENT_ID', 'DASHBOARD_SESSION_SECRET'],
    proxy: ['DASHBOARD_OIDC_ISSUER', 'DASHBOARD_OIDC_CLIENT_ID', 'DASHBOARD_PROXY_SECRET'],
  } as const;
  return needed[e.DASHBOARD_AUTH].filter((k) => !e[k]);
}
