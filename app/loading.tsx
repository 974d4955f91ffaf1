export default function Loading() {
  return (
    <p role="status" className="muted">
      Asking the API server…
    </p>
  );
}
