import { Bulwark } from '@bulwark/sdk';
import { useEffect, useMemo, useState } from 'react';
import { AgentsPage } from './pages/AgentsPage.js';
import { AuditPage } from './pages/AuditPage.js';
import { SignInPage } from './pages/SignInPage.js';
import { TenantsPage } from './pages/TenantsPage.js';
import { UsagePage } from './pages/UsagePage.js';
import { consoleClientOptions } from './lib/proxy-fetch.js';
import { clearSessionKey, readSessionKey, saveSessionKey } from './lib/session-key.js';

const SCREENS = ['agents', 'tenants', 'audit', 'usage'] as const;
type Screen = (typeof SCREENS)[number];
const LABELS: Record<Screen, string> = {
  agents: 'Agents',
  tenants: 'Tenants',
  audit: 'Audit trail',
  usage: 'Usage',
};

function screenFromHash(): Screen {
  const name = window.location.hash.replace(/^#\/?/, '');
  return (SCREENS as readonly string[]).includes(name) ? (name as Screen) : 'agents';
}

export function App() {
  const [apiKey, setApiKey] = useState(() => readSessionKey(window.sessionStorage));
  const [screen, setScreen] = useState<Screen>(screenFromHash);
  const [tenantId, setTenantId] = useState<string>();
  const bw = useMemo(
    () => (apiKey ? new Bulwark(consoleClientOptions(apiKey, window.location.origin)) : undefined),
    [apiKey],
  );

  useEffect(() => {
    const onHash = () => setScreen(screenFromHash());
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);

  if (!bw) {
    return (
      <SignInPage
        onSignedIn={(key) => {
          saveSessionKey(window.sessionStorage, key);
          setApiKey(key);
        }}
      />
    );
  }

  const signOut = () => {
    clearSessionKey(window.sessionStorage);
    setApiKey(undefined);
    setTenantId(undefined);
  };

  return (
    <div className="shell">
      <header>
        <strong>Bulwark console</strong>
        <nav>
          {SCREENS.map((name) => (
            <a key={name} href={`#/${name}`} aria-current={screen === name ? 'page' : undefined}>
              {LABELS[name]}
            </a>
          ))}
        </nav>
        <button type="button" onClick={signOut}>
          Sign out
        </button>
      </header>
      <main>
        {screen === 'agents' ? <AgentsPage bw={bw} tenantId={tenantId} /> : null}
        {screen === 'tenants' ? (
          <TenantsPage
            bw={bw}
            selectedTenantId={tenantId}
            onManageAgents={(id) => {
              setTenantId(id);
              window.location.hash = '#/agents';
            }}
          />
        ) : null}
        {screen === 'audit' ? <AuditPage bw={bw} /> : null}
        {screen === 'usage' ? <UsagePage bw={bw} /> : null}
      </main>
    </div>
  );
}
