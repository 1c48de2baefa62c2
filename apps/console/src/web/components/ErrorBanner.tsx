import { describeError } from '../lib/describe-error.js';

/** One way to show a failure everywhere: message, then code and request id to quote in a bug report. */
export function ErrorBanner({ error }: { error: unknown }) {
  if (error === undefined || error === null) return null;
  const view = describeError(error);
  return (
    <div className="error" role="alert">
      <strong>{view.message}</strong>
      {view.hint ? <div>{view.hint}</div> : null}
      <div className="error-meta">
        code <code>{view.code}</code>
        {view.status ? (
          <>
            {' '}
            · HTTP <code>{view.status}</code>
          </>
        ) : null}
        {view.requestId ? (
          <>
            {' '}
            · request id <code data-testid="request-id">{view.requestId}</code>
          </>
        ) : null}
      </div>
    </div>
  );
}
