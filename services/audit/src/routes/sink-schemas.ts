import { ProblemSchema } from '@bulwark/service-kit';
import { Type } from '@sinclair/typebox';
import {
  DEFAULT_SECRET_OVERLAP_SECONDS,
  MAX_SECRET_OVERLAP_SECONDS,
} from '../domain/sinks/rotate-sink-secret.js';
import { DELIVERY_ID_PATTERN } from '../domain/webhooks/delivery-id.js';

const SinkIdSchema = Type.String({ pattern: '^snk_[0-9a-z]{10,40}$', description: 'A sink id (`snk_…`).' });

const ActionPrefixes = Type.Array(
  Type.String({
    minLength: 1,
    maxLength: 200,
    pattern: '^[a-z0-9_.]+\\*?$',
    description: 'e.g. `agent.action.` or `auth.token.*`',
  }),
  {
    maxItems: 20,
    description: 'Deliver only events whose action starts with one of these; empty or absent = every event.',
  },
);

const Url = Type.String({
  minLength: 8,
  maxLength: 2000,
  description:
    'Absolute https URL that receives the POSTs (plain http only where the deployment allows it). It must reach a public address: loopback, private, link-local and other special-purpose networks are refused unless the deployment allows them.',
});
const Description = Type.Union([Type.String({ maxLength: 500 }), Type.Null()]);

export const SinkSchema = Type.Object({
  id: SinkIdSchema,
  tenant_id: Type.String(),
  url: Type.String(),
  description: Description,
  action_prefixes: Type.Array(Type.String()),
  enabled: Type.Boolean(),
  secret_hint: Type.String({
    description: 'The first characters of the signing secret, to tell secrets apart.',
  }),
  previous_secret_hint: Type.Union([Type.String(), Type.Null()], {
    description: 'During a rotation overlap: the hint of the old secret, which still signs too.',
  }),
  previous_secret_expires_at: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], {
    description: 'During a rotation overlap: when the old secret stops signing.',
  }),
  created_at: Type.String({ format: 'date-time' }),
  updated_at: Type.String({ format: 'date-time' }),
});

export const CreatedSinkSchema = Type.Object({
  ...SinkSchema.properties,
  secret: Type.String({
    description: 'The `whsec_…` signing secret. Shown only in this answer (and its Idempotency-Key replays).',
  }),
});

export const RotatedSinkSchema = Type.Object({
  ...SinkSchema.properties,
  secret: Type.String({ description: 'The new `whsec_…` signing secret. Shown only in this answer.' }),
});

export const RotateSecretBodySchema = Type.Object(
  {
    overlap_seconds: Type.Optional(
      Type.Integer({
        minimum: 0,
        maximum: MAX_SECRET_OVERLAP_SECONDS,
        default: DEFAULT_SECRET_OVERLAP_SECONDS,
        description:
          'How long deliveries are also signed with the old secret (0 = retire it at once; at most 7 days).',
      }),
    ),
  },
  { additionalProperties: false },
);

export const CreateSinkBodySchema = Type.Object(
  {
    url: Url,
    description: Type.Optional(Description),
    action_prefixes: Type.Optional(ActionPrefixes),
    enabled: Type.Optional(Type.Boolean({ default: true })),
  },
  { additionalProperties: false },
);

export const UpdateSinkBodySchema = Type.Object(
  {
    url: Type.Optional(Url),
    description: Type.Optional(Description),
    action_prefixes: Type.Optional(ActionPrefixes),
    enabled: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const IdempotencyHeadersSchema = Type.Object({
  'idempotency-key': Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 255,
      description: 'Repeating the request with the same key answers with the same sink.',
    }),
  ),
});

export const SinkParamsSchema = Type.Object({ id: SinkIdSchema });

export const DeadLetterParamsSchema = Type.Object({
  id: SinkIdSchema,
  delivery_id: Type.String({ pattern: DELIVERY_ID_PATTERN, description: 'A delivery id (`dlv_…`).' }),
});

export const PageQuerySchema = Type.Object(
  {
    cursor: Type.Optional(Type.String({ maxLength: 100 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  },
  { additionalProperties: false },
);

const DeadLetterStatusSchema = Type.Union([
  Type.Literal('dead'),
  Type.Literal('retrying'),
  Type.Literal('delivered'),
]);

export const DeadLetterQuerySchema = Type.Object(
  { ...PageQuerySchema.properties, status: Type.Optional(DeadLetterStatusSchema) },
  { additionalProperties: false },
);

export const SinkPageSchema = Type.Object({
  data: Type.Array(SinkSchema),
  next_cursor: Type.Union([Type.String(), Type.Null()]),
});

export const DeadLetterSchema = Type.Object({
  delivery_id: Type.String(),
  sink_id: Type.String(),
  event_ids: Type.Array(Type.String({ format: 'uuid' })),
  attempts: Type.Integer({ description: 'Delivery attempts over every run.' }),
  last_status: Type.Union([Type.Integer(), Type.Null()], {
    description: 'HTTP status of the last attempt; null = no answer.',
  }),
  last_error: Type.String(),
  status: DeadLetterStatusSchema,
  redeliveries: Type.Integer(),
  failed_at: Type.String({ format: 'date-time' }),
  updated_at: Type.String({ format: 'date-time' }),
});

export const DeadLetterPageSchema = Type.Object({
  data: Type.Array(DeadLetterSchema),
  next_cursor: Type.Union([Type.String(), Type.Null()]),
});

const problem = (description: string) =>
  Type.Object(ProblemSchema.properties, { additionalProperties: true, description });

export const NotFound = {
  404: problem("No such resource in the caller's tenant (other tenants' ids included)."),
};
export const Conflict = (description: string) => ({ 409: problem(description) });
export const NoContent = { 204: Type.Null({ description: 'Done; no body.' }) };
