import Link from 'next/link';

export const metadata = { title: 'Signed out' };

export default function SignedOut() {
  return (
    <section className="card">
      <h1>Signed out</h1>
      <p>You are signed out of the dashboard and of the sign-in provider.</p>
      <p>
        <Link href="/auth/login?back=/">Sign in again</Link>
      </p>
    </section>
  );
}
