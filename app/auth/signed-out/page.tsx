import Link from 'next/link';
import { connection } from 'next/server';
import { env } from '@/lib/config/env';

export const metadata = { title: 'Signed out' };

export default async function SignedOut() {
  await connection();
  // Behind an authenticating proxy, any page of the dashboard signs in again through it.
  const again = env().DASHBOARD_AUTH === 'proxy' ? '/' : '/auth/login?back=/';
  return (
    <section className="card">
      <h1>Signed out</h1>
      <p>You are signed out of the dashboard and of the sign-in provider.</p>
      <p>
        <Link href={again} prefetch={false}>
          Sign in again
        </Link>
      </p>
    </section>
  );
}
