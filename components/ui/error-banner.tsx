import { errorTitles, type AppError } from '@/lib/wire/errors';

export function ErrorBanner({ error, title }: { error: AppError; title?: string }) {
  return (
    <div role="alert" aria-label={title ?? errorTitles[error.kind]} className="card card-error" data-testid="error-banner">
      <strong>{title ?? errorTitles[error.kind]}</strong>
      <p>{error.message}</p>
      {error.missingPermission && (
        <p className="small">
          Missing permission: <code>{error.missingPermission}</code>
        </p>
      )}
    </div>
  );
}
