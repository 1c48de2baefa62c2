import { Bulwark } from '@bulwark/sdk';
import { type FormEvent, useState } from 'react';
import { ErrorBanner } from '../components/ErrorBanner.js';
import { consoleClientOptions } from '../lib/proxy-fetch.js';
import { keyInputProblem } from '../lib/session-key.js';

/** Asks for an admin API key and checks it against auth before keeping it for this tab. */
export function SignInPage({ onSignedIn }: { onSignedIn: (key: string) => void }) {
  const [key, setKey] = useState('');
  const [problem, setProblem] = useState<string>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const shapeProblem = keyInputProblem(key);
    setProblem(shapeProblem);
    setError(undefined);
    if (shapeProblem) return;
    setBusy(true);
    const bw = new Bulwark(consoleClientOptions(key.trim(), window.location.origin));
    bw.auth.agents.list({ limit: 1 }).then(
      () => onSignedIn(key.trim()),
      (failure: unknown) => {
        setError(failure);
        setBusy(false);
      },
    );
  };

  return (
    <main className="signin">
      <h1>Bulwark console</h1>
      <form onSubmit={submit}>
        <label>
          Admin API key
          <input
            type="password"
            name="api-key"
            autoComplete="off"
            spellCheck={false}
            value={key}
            onChange={(e) => setKey(e.target.value)}
            placeholder="bwk_…"
          />
        </label>
        <button type="submit" disabled={busy}>
          {busy ? 'Checking…' : 'Sign in'}
        </button>
      </form>
      {problem ? <p className="warning">{problem}</p> : null}
      <ErrorBanner error={error} />
      <p className="muted">
        The key stays in this tab's session storage and is forgotten when the tab closes. On a local{' '}
        <code>npm start</code> the bootstrap key is in <code>.bulwark/admin-key</code>.
      </p>
    </main>
  );
}
