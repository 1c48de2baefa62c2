import { AuditEventSchema } from '@bulwark/core';
import { Type } from '@sinclair/typebox';

const p = AuditEventSchema.properties;

/** One reported event. Identity fields are accepted only from API-key callers (see ingest-events.ts). */
export const IngestEventSchema = Type.Object(
  {
    id: Type.Optional(
      Type.String({ format: 'uuid', description: 'Client-chosen UUIDv7: repeating it is a no-op.' }),
    ),
    occurred_at: Type.Optional(Type.String({ format: 'date-time' })),
    action: Type.String({ minLength: 3, maxLength: 200, description: 'agent.action.*' }),
    actor: Type.Optional(p.actor),
    on_behalf_of: Type.Optional(p.on_behalf_of),
    delegation_chain: Type.Optional(p.delegation_chain),
    target: Type.Optional(p.target),
    outcome: Type.Optional(p.outcome),
    request_id: Type.Optional(p.request_id),
    units: Type.Optional(p.units),
    changes: Type.Optional(p.changes),
    metadata: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  },
  { additionalProperties: false },
);

// The batch wrapper must not forbid extra members: ajv strips them while trying each anyOf branch.
export const IngestBodySchema = Type.Union([
  Type.Object({ events: Type.Array(IngestEventSchema, { minItems: 1, maxItems: 1000 }) }),
  IngestEventSchema,
]);

export const IngestAcceptedSchema = Type.Object({
  accepted: Type.Integer(),
  ids: Type.Array(Type.String({ format: 'uuid' })),
  replayed: Type.Array(Type.String({ format: 'uuid' })),
});

export const StoredEventSchema = Type.Object({
  ...p,
  metadata: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  chain: Type.Object({
    seq: Type.Integer(),
    prev_hash: Type.String(),
    hash: Type.String(),
    stored_at: Type.String({ format: 'date-time' }),
  }),
});

export const FilterQuerySchema = {
  from: Type.Optional(
    Type.String({ format: 'date-time', description: 'Inclusive lower bound of occurred_at.' }),
  ),
  to: Type.Optional(
    Type.String({ format: 'date-time', description: 'Exclusive upper bound of occurred_at.' }),
  ),
  actor: Type.Optional(Type.String({ maxLength: 200, description: 'actor.id' })),
  on_behalf_of: Type.Optional(Type.String({ maxLength: 200, description: 'on_behalf_of.id' })),
  agent: Type.Optional(
    Type.String({ maxLength: 200, description: 'Acting agent or any agent in the delegation chain.' }),
  ),
  action: Type.Optional(
    Type.String({ maxLength: 200, description: 'Action prefix, e.g. `agent.action.email`.' }),
  ),
  target: Type.Optional(Type.String({ maxLength: 400, description: '`id` or `type:id`.' })),
  outcome: Type.Optional(
    Type.Union([Type.Literal('success'), Type.Literal('failure'), Type.Literal('denied')]),
  ),
  request_id: Type.Optional(Type.String({ maxLength: 200 })),
};

export const ListQuerySchema = Type.Object(
  {
    ...FilterQuerySchema,
    cursor: Type.Optional(Type.String({ maxLength: 500 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
    order: Type.Optional(Type.Union([Type.Literal('desc'), Type.Literal('asc')])),
  },
  { additionalProperties: false },
);

export const ExportQuerySchema = Type.Object(
  {
    ...FilterQuerySchema,
    format: Type.Optional(Type.Union([Type.Literal('ndjson'), Type.Literal('csv'), Type.Literal('ocsf')])),
  },
  { additionalProperties: false },
);

export const EventPageSchema = Type.Object({
  data: Type.Array(StoredEventSchema),
  next_cursor: Type.Union([Type.String(), Type.Null()]),
});

export const VerifyQuerySchema = Type.Object(
  {
    from: Type.Optional(Type.String({ format: 'date-time' })),
    to: Type.Optional(Type.String({ format: 'date-time' })),
  },
  { additionalProperties: false },
);

export const VerifyReportSchema = Type.Object({
  tenant_id: Type.String(),
  ok: Type.Boolean(),
  from_seq: Type.Union([Type.Integer(), Type.Null()]),
  to_seq: Type.Union([Type.Integer(), Type.Null()]),
  events_checked: Type.Integer(),
  checkpoints_checked: Type.Integer(),
  anchored: Type.Boolean(),
  head: Type.Union([Type.Object({ seq: Type.Integer(), hash: Type.String() }), Type.Null()]),
  first_broken: Type.Union([
    Type.Object({
      seq: Type.Integer(),
      event_id: Type.Union([Type.String(), Type.Null()]),
      reason: Type.String(),
    }),
    Type.Null(),
  ]),
});
