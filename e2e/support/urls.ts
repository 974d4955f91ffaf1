// Where the Playwright web servers listen (see playwright.config.ts).
const port = Number(process.env.DASHBOARD_TEST_PORT ?? 3100);

export const urls = {
  dashboard: `http://127.0.0.1:${port}`,
  unreachable: `http://127.0.0.1:${port + 1}`,
  badToken: `http://127.0.0.1:${port + 2}`,
  /** A second replica of the dashboard, same kubeconfig: what a load balancer's other backend is. */
  replica: `http://127.0.0.1:${port + 3}`,
  /** Two replicas in DASHBOARD_AUTH=oidc mode, signing people in with the stack's Keycloak. */
  team: `http://127.0.0.1:${port + 4}`,
  teamReplica: `http://127.0.0.1:${port + 5}`,
  /** nginx, round robin over the two team replicas. */
  teamLb: `http://127.0.0.1:${port + 6}`,
  /** A replica in DASHBOARD_AUTH=proxy mode, and oauth2-proxy in front of it (what people open). */
  proxied: `http://127.0.0.1:${port + 7}`,
  oauth2Proxy: `http://127.0.0.1:${port + 8}`,
};
export const ports = {
  dashboard: port,
  unreachable: port + 1,
  badToken: port + 2,
  replica: port + 3,
  team: port + 4,
  teamReplica: port + 5,
  teamLb: port + 6,
  proxied: port + 7,
  oauth2Proxy: port + 8,
};

/** What oauth2-proxy sends the proxy-mode replica to prove a request came through it. Tests only. */
export const PROXY_SECRET = 'playwright-only-proxy-secret-0123456789abcdef';
