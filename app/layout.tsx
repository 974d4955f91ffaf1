import type { Metadata } from 'next';
import { Suspense, type ReactNode } from 'react';
import { connection } from 'next/server';
import { listContexts } from '@/lib/k8s/client';
import { getPerson } from '@/lib/k8s/session';
import { env } from '@/lib/config/env';
import { AppHeader } from '@/components/ui/app-header';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'kgateway policy dashboard', template: '%s · kgateway policy dashboard' },
  description: 'Write, apply and verify kgateway BackendConfigPolicies against the live Envoy config.',
};

function contexts() {
  try {
    return listContexts().map(({ name, current }) => ({ name, current }));
  } catch {
    return []; // no kubeconfig: the page itself explains
  }
}

/** Where the authenticating proxy signs people out, in proxy mode; it ends the provider's session too. */
function proxySignOut(): string | undefined {
  const e = env();
  return e.DASHBOARD_AUTH === 'proxy' ? `${e.DASHBOARD_PROXY_SIGN_OUT}?rd=${encodeURIComponent('/auth/signed-out')}` : undefined;
}

export default async function RootLayout({ children }: { children: ReactNode }) {
  await connection(); // the kubeconfig is read per request, never baked in at build time
  const person = await getPerson(); // its name and groups only: the tokens stay here
  return (
    <html lang="en">
      <body>
        <Suspense>
          <AppHeader
            contexts={contexts()}
            person={person && { display: person.display, username: person.username, groups: person.groups }}
            signOutAt={proxySignOut()}
          />
        </Suspense>
        <main className="page">{children}</main>
      </body>
    </html>
  );
}
