import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { Providers } from '@/components/providers';
import { AppHeader } from '@/components/ui/app-header';
import './globals.css';

export const metadata: Metadata = {
  title: 'kgateway policy dashboard',
  description: 'Write, apply and verify kgateway BackendConfigPolicies against the live Envoy config.',
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <Providers>
          <AppHeader />
          <main className="page">{children}</main>
        </Providers>
      </body>
    </html>
  );
}
