import { useState } from 'react';

interface SecretOnceProps {
  label: string;
  secret: string;
  onDone: () => void;
}

/**
 * Shows a freshly issued secret exactly once. It lives only in this component's state: dismissing
 * it (or leaving the page) drops it for good, because Bulwark stores only a hash.
 */
export function SecretOnce({ label, secret, onDone }: SecretOnceProps) {
  const [copied, setCopied] = useState<'no' | 'yes' | 'failed'>('no');
  const copy = () => {
    navigator.clipboard.writeText(secret).then(
      () => setCopied('yes'),
      () => setCopied('failed'),
    );
  };
  return (
    <section className="secret" aria-label="New secret">
      <output className="warning">
        <strong>Copy the {label} now.</strong> It is shown only this once: Bulwark keeps just a hash, so
        nobody can show it again. If it is lost, rotate the secret.
      </output>
      <div className="secret-row">
        <input
          readOnly
          value={secret}
          data-testid="client-secret"
          aria-label={label}
          onFocus={(e) => e.currentTarget.select()}
        />
        <button type="button" onClick={copy}>
          Copy
        </button>
      </div>
      {copied === 'yes' ? <p className="ok">Copied to the clipboard.</p> : null}
      {copied === 'failed' ? (
        <p className="warning">The browser refused the clipboard; select the text and copy it.</p>
      ) : null}
      <button type="button" onClick={onDone}>
        I have stored it
      </button>
    </section>
  );
}
