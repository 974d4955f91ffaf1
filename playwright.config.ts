import { defineConfig } from '@playwright/test';
import { resolve } from 'node:path';
import { ports, PROXY_SECRET, urls } from './e2e/support/urls';
import { writeBadTokenKubeconfig } from './e2e/support/kubeconfigs';

// The dashboard runs as a production build (`next build` first) against the local control
// plane's admin kubeconfig; a second instance points at an API server that is not there.
const repo = import.meta.dirname;
// The team replicas: sign-in through the stack's Keycloak; the kubeconfig gives only the cluster.
const team = {
  KUBECONFIG: resolve(repo, '.stack/kubeconfig'),
  DASHBOARD_AUTH: 'oidc',
  DASHBOARD_OIDC_ISSUER: 'https://127.0.0.1:18443/realms/kgateway',
  DASHBOARD_OIDC_CLIENT_ID: 'dashboard',
  DASHBOARD_OIDC_USERNAME_PREFIX: 'oidc:',
  DASHBOARD_SESSION_SECRET: 'playwright-only-session-secret-0123456789abcdef',
  NODE_EXTRA_CA_CERTS: resolve(repo, '.stack/run/pki/oidc-ca.crt'),
  // Live walkthroughs in Leases, so a follower on one replica follows a presenter on the other.
  DASHBOARD_WALKTHROUGH_NAMESPACE: 'kgateway-dashboard',
  // The load balancer passes the Host people use on to the replicas.
  DASHBOARD_ALLOWED_HOSTS: `127.0.0.1:${ports.teamLb}`,
};
// Behind oauth2-proxy: identity only from it (its secret header), the person from the ID token it passes.
const proxied = {
  KUBECONFIG: resolve(repo, '.stack/kubeconfig'),
  DASHBOARD_AUTH: 'proxy',
  DASHBOARD_OIDC_ISSUER: team.DASHBOARD_OIDC_ISSUER,
  DASHBOARD_OIDC_CLIENT_ID: 'dashboard-proxy',
  DASHBOARD_OIDC_USERNAME_PREFIX: 'oidc:',
  DASHBOARD_PROXY_SECRET: PROXY_SECRET,
  NODE_EXTRA_CA_CERTS: team.NODE_EXTRA_CA_CERTS,
  DASHBOARD_WALKTHROUGH_NAMESPACE: 'kgateway-dashboard',
  DASHBOARD_ALLOWED_HOSTS: `127.0.0.1:${ports.oauth2Proxy}`,
};
const badToken = writeBadTokenKubeconfig(resolve(repo, '.stack/kubeconfig'), resolve(repo, '.stack/kubeconfig-bad-token'));

export default defineConfig({
  testDir: './e2e/specs',
  timeout: 120_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  forbidOnly: !!process.env.CI,
  reporter: [['list'], ['json', { outputFile: 'test-reports/e2e.json' }]],
  use: {
    baseURL: urls.dashboard,
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  webServer: [
    {
      command: `next start --hostname 127.0.0.1 --port ${ports.dashboard}`,
      url: `${urls.dashboard}/api/health`,
      env: { KUBECONFIG: resolve(repo, '.stack/kubeconfig') },
      reuseExistingServer: false,
      timeout: 60_000,
    },
    {
      command: `next start --hostname 127.0.0.1 --port ${ports.unreachable}`,
      url: `${urls.unreachable}/api/health`,
      // Its bounds are set low, so the security suite can reach them.
      env: {
        KUBECONFIG: resolve(repo, 'e2e/fixtures/unreachable.kubeconfig'),
        DASHBOARD_API_TIMEOUT_MS: '3000',
        DASHBOARD_MAX_WALKTHROUGHS: '1',
      },
      reuseExistingServer: false,
      timeout: 60_000,
    },
    {
      command: `next start --hostname 127.0.0.1 --port ${ports.replica}`,
      url: `${urls.replica}/api/health`,
      // Its Services pages carry 3 rows, so that the rest follow from the rows route even here.
      env: { KUBECONFIG: resolve(repo, '.stack/kubeconfig'), DASHBOARD_FIRST_ROWS: '3' },
      reuseExistingServer: false,
      timeout: 60_000,
    },
    {
      command: `next start --hostname 127.0.0.1 --port ${ports.badToken}`,
      url: `${urls.badToken}/api/health`,
      env: { KUBECONFIG: badToken },
      reuseExistingServer: false,
      timeout: 60_000,
    },
    ...[ports.team, ports.teamReplica].map((port) => ({
      command: `next start --hostname 127.0.0.1 --port ${port}`,
      url: `http://127.0.0.1:${port}/api/health`,
      env: team,
      reuseExistingServer: false,
      timeout: 60_000,
    })),
    {
      command: `next start --hostname 127.0.0.1 --port ${ports.proxied}`,
      url: `${urls.proxied}/api/health`,
      env: proxied,
      reuseExistingServer: false,
      timeout: 60_000,
    },
    {
      command: `bash e2e/support/oauth2-proxy.sh ${ports.oauth2Proxy} ${ports.proxied}`,
      url: `${urls.oauth2Proxy}/ping`,
      env: { DASHBOARD_PROXY_SECRET: PROXY_SECRET },
      reuseExistingServer: false,
      timeout: 600_000, // builds oauth2-proxy first on a machine that has not cached it
    },
    {
      command: `bash e2e/support/lb.sh ${ports.teamLb} ${ports.team} ${ports.teamReplica}`,
      url: `${urls.teamLb}/api/health`,
      reuseExistingServer: false,
      timeout: 120_000,
    },
  ],
});
