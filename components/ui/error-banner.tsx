import { errorTitles, type AppError } from '@/lib/errors';

export function ErrorBanner({ error }: { error: AppError }) {
  return (
    <div role="alert" aria-label={errorTitles[error.kind]} className="card card-error" data-testid="error-banner">
      <strong>{errorTitles[error.kind]}</strong>
      <p>{error.message}</p>
      {error.missingPermission && <p className="small">Missing permission: <code>{error.missingPermission}</code></p>}
    </div>
  );
}
