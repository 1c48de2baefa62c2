import type { Agent, Bulwark } from '@bulwark/sdk';
import { type FormEvent, useState } from 'react';
import { ConfirmDialog } from '../components/ConfirmDialog.js';
import { ErrorBanner } from '../components/ErrorBanner.js';
import { SecretOnce } from '../components/SecretOnce.js';
import { type AgentFormValues, EMPTY_AGENT_FORM, agentInputFrom } from '../lib/agent-form.js';
import { useLoad } from '../lib/use-load.js';

interface AgentsPageProps {
  bw: Bulwark;
  /** Another tenant picked on the Tenants screen (root keys); otherwise the key's own tenant. */
  tenantId: string | undefined;
}

/** Agents of a tenant: register one (secret shown once), and the kill switch. */
export function AgentsPage({ bw, tenantId }: AgentsPageProps) {
  const target = tenantId ? { tenantId } : undefined;
  const agents = useLoad(() => bw.auth.agents.list({ ...target, limit: 100 }), [bw, tenantId]);
  const [form, setForm] = useState<AgentFormValues>(EMPTY_AGENT_FORM);
  const [formProblem, setFormProblem] = useState<string>();
  const [actionError, setActionError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [created, setCreated] = useState<{ agent: Agent; secret: string | null }>();
  const [revoking, setRevoking] = useState<Agent>();
  const [notice, setNotice] = useState<string>();

  const create = (event: FormEvent) => {
    event.preventDefault();
    const parsed = agentInputFrom(form);
    setActionError(undefined);
    setNotice(undefined);
    if ('problem' in parsed) {
      setFormProblem(parsed.problem);
      return;
    }
    setFormProblem(undefined);
    setBusy(true);
    bw.auth.agents
      .create(parsed.input, target)
      .then(
        (answer) => {
          setCreated({ agent: answer.agent, secret: answer.client_secret });
          setForm(EMPTY_AGENT_FORM);
          agents.reload();
        },
        (failure: unknown) => setActionError(failure),
      )
      .finally(() => setBusy(false));
  };

  const revoke = (agent: Agent) => {
    setBusy(true);
    setActionError(undefined);
    bw.auth.agents
      .revoke(agent.id, target)
      .then(
        () => {
          setNotice(
            `${agent.name} (${agent.id}) is revoked: suspended, and every token it held stops working.`,
          );
          agents.reload();
        },
        (failure: unknown) => setActionError(failure),
      )
      .finally(() => {
        setBusy(false);
        setRevoking(undefined);
      });
  };

  return (
    <section>
      <h2>Agents{tenantId ? <small> in tenant {tenantId}</small> : null}</h2>

      <form className="inline-form" onSubmit={create} aria-label="Register an agent">
        <label>
          Name
          <input
            name="agent-name"
            value={form.name}
            onChange={(e) => setForm({ ...form, name: e.target.value })}
          />
        </label>
        <label>
          Allowed scopes
          <input
            name="agent-scopes"
            value={form.scopes}
            placeholder="email calendar:read"
            onChange={(e) => setForm({ ...form, scopes: e.target.value })}
          />
        </label>
        <label>
          Max token TTL (s)
          <input
            name="agent-ttl"
            inputMode="numeric"
            value={form.maxTokenTtl}
            placeholder="default"
            onChange={(e) => setForm({ ...form, maxTokenTtl: e.target.value })}
          />
        </label>
        <button type="submit" disabled={busy}>
          Register agent
        </button>
      </form>
      {formProblem ? <p className="warning">{formProblem}</p> : null}

      {created ? (
        created.secret ? (
          <SecretOnce
            label={`client secret of ${created.agent.name} (${created.agent.id})`}
            secret={created.secret}
            onDone={() => setCreated(undefined)}
          />
        ) : (
          <p className="ok">
            Registered {created.agent.name} ({created.agent.id}); it authenticates with its own key, so there
            is no secret to show.
          </p>
        )
      ) : null}
      {notice ? <output className="ok">{notice}</output> : null}
      <ErrorBanner error={actionError ?? agents.error} />

      <table aria-label="Agents">
        <thead>
          <tr>
            <th>Name</th>
            <th>Client id</th>
            <th>Scopes</th>
            <th>Max TTL</th>
            <th>Status</th>
            <th>Created</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {(agents.data?.data ?? []).map((agent) => (
            <tr key={agent.id} data-agent-id={agent.id}>
              <td>{agent.name}</td>
              <td>
                <code>{agent.client_id}</code>
              </td>
              <td>{agent.allowed_scopes.join(' ')}</td>
              <td>{agent.max_token_ttl}s</td>
              <td className={`status status-${agent.status}`}>{agent.status}</td>
              <td>{new Date(agent.created_at).toLocaleString()}</td>
              <td>
                <button
                  type="button"
                  className="danger"
                  disabled={busy || agent.status !== 'active'}
                  onClick={() => setRevoking(agent)}
                >
                  Revoke
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {agents.data?.next_cursor ? <p className="muted">Showing the first 100 agents.</p> : null}

      {revoking ? (
        <ConfirmDialog
          title={`Revoke ${revoking.name}?`}
          confirmLabel="Revoke agent"
          busy={busy}
          onCancel={() => setRevoking(undefined)}
          onConfirm={() => revoke(revoking)}
        >
          <p>
            This is the kill switch for <code>{revoking.id}</code>: the agent is suspended and every token it
            holds, including delegated ones, stops working within seconds.
          </p>
        </ConfirmDialog>
      ) : null}
    </section>
  );
}
