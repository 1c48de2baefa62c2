/**
 * The admin API key lives in sessionStorage only: it is gone when the tab closes, is not shared with
 * other tabs, and is never written to the long-lived localStorage on disk where it would outlive
 * the operator's session. It is never put in a cookie either, so the browser never sends it on its own.
 */
export const SESSION_KEY_NAME = 'bulwark.console.apiKey';

type KeyStore = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

export function readSessionKey(storage: KeyStore): string | undefined {
  const value = storage.getItem(SESSION_KEY_NAME);
  return value && value.trim().length > 0 ? value : undefined;
}

export function saveSessionKey(storage: KeyStore, key: string): void {
  storage.setItem(SESSION_KEY_NAME, key.trim());
}

export function clearSessionKey(storage: KeyStore): void {
  storage.removeItem(SESSION_KEY_NAME);
}

/** A first check before any network call: the shape of a Bulwark key or token, nothing else. */
export function keyInputProblem(input: string): string | undefined {
  const key = input.trim();
  if (key.length === 0) return 'Paste an admin API key (bwk_…).';
  if (/\s/.test(key)) return 'An API key has no spaces or line breaks.';
  if (!key.startsWith('bwk_')) return 'Bulwark API keys start with "bwk_".';
  return undefined;
}
