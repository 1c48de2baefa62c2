import { type Static, Type } from '@sinclair/typebox';

/** Version of the event schema below. Bump it (and keep readers of old versions) on any change. */
export const AUDIT_EVENT_SCHEMA_VERSION = 1;

const Party = Type.Object(
  {
    type: Type.Union([
      Type.Literal('user'),
      Type.Literal('agent'),
      Type.Literal('api_key'),
      Type.Literal('service'),
      Type.Literal('system'),
    ]),
    id: Type.String({ minLength: 1, maxLength: 200 }),
  },
  { additionalProperties: false },
);

export const AuditEventSchema = Type.Object(
  {
    schema_version: Type.Literal(AUDIT_EVENT_SCHEMA_VERSION),
    id: Type.String({
      format: 'uuid',
      description: 'UUIDv7; also the BullMQ jobId, which makes delivery idempotent.',
    }),
    occurred_at: Type.String({ format: 'date-time' }),
    tenant_id: Type.String({ minLength: 1, maxLength: 100 }),
    actor: Party,
    on_behalf_of: Type.Union([Party, Type.Null()]),
    delegation_chain: Type.Array(
      Type.Object({ sub: Type.String({ maxLength: 200 }) }, { additionalProperties: false }),
      {
        maxItems: 10,
        description: 'Outermost (current) actor first.',
      },
    ),
    credential: Type.Union([
      Type.Object(
        {
          kind: Type.Union([
            Type.Literal('access_token'),
            Type.Literal('api_key'),
            Type.Literal('client_secret'),
            Type.Literal('private_key_jwt'),
            Type.Literal('assertion'),
            Type.Literal('refresh_token'),
            Type.Literal('none'),
            Type.Literal('internal'),
          ]),
          id_hash: Type.String({ maxLength: 128 }),
          scopes: Type.Array(Type.String({ maxLength: 200 }), { maxItems: 200 }),
        },
        { additionalProperties: false },
      ),
      Type.Null(),
    ]),
    action: Type.String({ minLength: 3, maxLength: 200, pattern: '^[a-z0-9_]+(\\.[a-z0-9_]+){2,}$' }),
    target: Type.Union([
      Type.Object(
        {
          type: Type.String({ minLength: 1, maxLength: 100 }),
          id: Type.String({ minLength: 1, maxLength: 300 }),
        },
        { additionalProperties: false },
      ),
      Type.Null(),
    ]),
    outcome: Type.Object(
      {
        status: Type.Union([Type.Literal('success'), Type.Literal('failure'), Type.Literal('denied')]),
        reason: Type.Optional(Type.Union([Type.String({ maxLength: 2000 }), Type.Null()])),
      },
      { additionalProperties: false },
    ),
    source: Type.Object(
      {
        ip: Type.Union([Type.String({ maxLength: 64 }), Type.Null()]),
        user_agent: Type.Union([Type.String({ maxLength: 1000 }), Type.Null()]),
      },
      { additionalProperties: false },
    ),
    request_id: Type.Union([Type.String({ maxLength: 200 }), Type.Null()]),
    units: Type.Integer({ minimum: 0, maximum: 1_000_000_000, description: 'Billable quantity.' }),
    changes: Type.Union([
      Type.Object({ before: Type.Unknown(), after: Type.Unknown() }, { additionalProperties: false }),
      Type.Null(),
    ]),
    metadata: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  },
  { additionalProperties: false, $id: 'AuditEvent' },
);

export type AuditEvent = Static<typeof AuditEventSchema>;
export type AuditParty = Static<typeof Party>;
