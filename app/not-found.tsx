import Link from 'next/link';

export default function NotFound() {
  return (
    <section className="card">
      <h1>Not found</h1>
      <p>
        There is no page at this address. <Link href="/">Back to the cluster overview</Link>.
      </p>
    </section>
  );
}
