import { type AuditRecorder, type Verifier, bulwarkFastify } from '@bulwark/sdk';
import Fastify from 'fastify';

/**
 * A tiny "mail API" resource server. Each route names the scope it needs; the SDK middleware
 * verifies the bearer token against auth's JWKS, refuses a missing scope with 403, and records the
 * agent action (with the user it acted for and the delegation chain) to audit, batched.
 */
export async function startMailApi(verifier: Verifier, recorder: AuditRecorder) {
  const app = Fastify({ logger: false });
  const guard = (scope: string, action: string) =>
    bulwarkFastify({
      verifier,
      scope,
      recorder,
      action,
      target: (request) => ({
        type: 'mailbox',
        id: String((request as { params?: { user?: string } }).params?.user),
      }),
    });

  app.get(
    '/mailboxes/:user/messages',
    { preHandler: guard('email', 'agent.action.email.read') },
    async () => ({
      messages: [{ from: 'bob@example.com', subject: 'Lunch on Friday?' }],
    }),
  );
  app.get(
    '/mailboxes/:user/calendar',
    { preHandler: guard('calendar:read', 'agent.action.calendar.read') },
    async () => ({
      events: [],
    }),
  );

  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  return { url, close: () => app.close() };
}
