import { ProblemSchema } from '@bulwark/service-kit';
import { Type } from '@sinclair/typebox';

export const OAuthErrorSchema = Type.Object(
  { error: Type.String(), error_description: Type.Optional(Type.String()) },
  { $id: 'OAuthError', description: 'RFC 6749 §5.2 error' },
);

/** What every /oauth/* route can answer besides its success (RFC 6749 §5.2 JSON, never problem+json). */
export const oauthErrorResponses = {
  400: OAuthErrorSchema,
  401: OAuthErrorSchema,
  429: OAuthErrorSchema,
  500: OAuthErrorSchema,
} as const;

export const TokenResponseSchema = Type.Object({
  access_token: Type.String(),
  token_type: Type.Literal('Bearer'),
  expires_in: Type.Integer(),
  scope: Type.String(),
  issued_token_type: Type.Optional(Type.String()),
  refresh_token: Type.Optional(Type.String()),
});

// One problem+json schema for every service: service-kit's.
export { ProblemSchema };

export const errorResponses = {
  400: ProblemSchema,
  401: ProblemSchema,
  403: ProblemSchema,
  404: ProblemSchema,
  409: ProblemSchema,
} as const;

export const PageQuery = Type.Object({
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
});

export const page = <T extends ReturnType<typeof Type.Object>>(item: T) =>
  Type.Object({ data: Type.Array(item), next_cursor: Type.Union([Type.String(), Type.Null()]) });
