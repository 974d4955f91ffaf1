import 'server-only';
import type { AddressInfo, Server } from 'node:net';
import { env } from '@/lib/config/env';

// In `kubeconfig` mode the dashboard acts with the server's own kubeconfig for whoever reaches it,
// so it must be reachable from this machine only: once the server listens, any address outside
// 127.0.0.0/8 and ::1 stops it, with the reason. (Next does not tell the app where it listens, so
// the listening sockets are looked at directly.)

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;
const LOOK_EVERY_MS = 100;
const LOOK_FOR_MS = 60_000;

function listeningAddresses(): string[] {
  const handles = (process as unknown as { _getActiveHandles(): unknown[] })._getActiveHandles();
  return handles
    .filter((h): h is Server => !!h && typeof (h as Server).address === 'function' && (h as Server).listening === true)
    .map((s) => s.address())
    .filter((a): a is AddressInfo => !!a && typeof a === 'object')
    .map((a) => a.address);
}

export function nonLoopback(addresses: string[]): string[] {
  return addresses.filter((a) => !LOOPBACK.test(a));
}

/** Called once at start (instrumentation.ts). Throws for a configuration it cannot run safely. */
export function guardListening() {
  const { DASHBOARD_AUTH } = env();
  if (DASHBOARD_AUTH !== 'kubeconfig') return;
  const started = Date.now();
  const timer = setInterval(() => {
    const wide = nonLoopback(listeningAddresses());
    if (wide.length > 0) {
      console.error(
        `kgateway-dashboard: refusing to serve on ${wide.join(', ')} in DASHBOARD_AUTH=kubeconfig mode: it would act with this kubeconfig for anyone who reaches it. Listen on 127.0.0.1 (next start --hostname 127.0.0.1), or deploy it for a team with sign-in.`,
      );
      process.exit(78); // EX_CONFIG
    }
    if (Date.now() - started > LOOK_FOR_MS) clearInterval(timer);
  }, LOOK_EVERY_MS);
  timer.unref();
}
