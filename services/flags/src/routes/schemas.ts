import { ProblemSchema } from '@bulwark/service-kit';
import { Type } from '@sinclair/typebox';
import { FLAG_NAME_PATTERN } from '../domain/flag-names.js';

export const FlagName = Type.String({ minLength: 1, maxLength: 100, pattern: FLAG_NAME_PATTERN });
export const ByName = Type.Object({ name: FlagName });

const Payload = Type.Object(
  {
    type: Type.Union([
      Type.Literal('string'),
      Type.Literal('json'),
      Type.Literal('csv'),
      Type.Literal('number'),
    ]),
    value: Type.String({ maxLength: 10_000 }),
  },
  { additionalProperties: false },
);

export const VariantSchema = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9_.-]+$' }),
    weight: Type.Optional(
      Type.Integer({ minimum: 0, maximum: 1000, description: 'Out of 1000; omit to share equally.' }),
    ),
    payload: Type.Optional(Payload),
  },
  { additionalProperties: false },
);

export const Rollout = Type.Integer({
  minimum: 0,
  maximum: 100,
  description: 'Percentage of users (sticky on userId).',
});

export const Flag = Type.Object({
  name: Type.String(),
  unleash_name: Type.String({ description: 'The name inside Unleash: `<tenant_id>.<name>`.' }),
  description: Type.Union([Type.String(), Type.Null()]),
  enabled: Type.Boolean(),
  rollout: Type.Integer(),
  variants: Type.Array(VariantSchema),
  created_at: Type.Union([Type.String(), Type.Null()]),
});

export const CreateFlagBody = Type.Object(
  {
    name: FlagName,
    description: Type.Optional(Type.String({ maxLength: 1000 })),
    enabled: Type.Optional(Type.Boolean({ default: false })),
    rollout: Type.Optional(Rollout),
    variants: Type.Optional(Type.Array(VariantSchema, { maxItems: 50 })),
  },
  { additionalProperties: false },
);

export const ToggleBody = Type.Object({ enabled: Type.Boolean() }, { additionalProperties: false });
export const RolloutBody = Type.Object({ rollout: Rollout }, { additionalProperties: false });
export const VariantsBody = Type.Object(
  { variants: Type.Array(VariantSchema, { maxItems: 50 }) },
  { additionalProperties: false },
);

export const EvaluateBody = Type.Object(
  {
    flags: Type.Optional(
      Type.Array(FlagName, { maxItems: 200, description: 'Omit to evaluate all of your flags.' }),
    ),
    context: Type.Optional(
      Type.Object(
        {
          session_id: Type.Optional(Type.String({ maxLength: 200 })),
          remote_address: Type.Optional(Type.String({ maxLength: 64 })),
          properties: Type.Optional(
            Type.Record(Type.String({ maxLength: 100 }), Type.String({ maxLength: 1000 }), {
              maxProperties: 50,
              description:
                'Extra properties; token-derived names (tenantId, agentId, scopes, …) are ignored.',
            }),
          ),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

const FlagResultSchema = Type.Object({
  enabled: Type.Boolean(),
  variant: Type.Object({
    name: Type.String(),
    enabled: Type.Boolean(),
    payload: Type.Optional(Type.Object({ type: Type.String(), value: Type.String() })),
  }),
});

export const EvaluateResponse = Type.Object({
  context: Type.Object({
    user_id: Type.String(),
    session_id: Type.Optional(Type.String()),
    properties: Type.Record(Type.String(), Type.String()),
  }),
  ignored_context: Type.Array(Type.String(), {
    description: 'Caller fields dropped because the token owns them.',
  }),
  flags: Type.Record(Type.String(), FlagResultSchema),
});

export const SdkTokens = Type.Object({
  unleash_url: Type.String({ description: 'Base URL of the embedded Unleash (append /api for SDKs).' }),
  backend_token: Type.String(),
  frontend_token: Type.String(),
  environment: Type.String(),
  refresh_interval_ms: Type.Integer(),
});

export const Problem = ProblemSchema;
