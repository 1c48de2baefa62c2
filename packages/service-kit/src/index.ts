import './fastify-types.js';

export type { ServiceApp } from './fastify-types.js';
export {
  type BuildServiceOptions,
  buildService,
  type ServiceInternals,
  serviceInternals,
} from './build-service.js';
export { installErrorHandling, OPAQUE_500_DETAIL, problemForError } from './error-handler.js';
export { PROBLEM_CONTENT_TYPE, sendProblem } from './problem-reply.js';
export { ProblemSchema } from './problem-schema.js';
export { isAcceptableRequestId, REQUEST_ID_HEADER } from './request-id.js';
export type { ReadyCheck } from './health.js';
export {
  assertOpenApiUpToDate,
  type OpenApiDrift,
  type OpenApiInfo,
  openApiDrift,
  renderOpenApi,
  writeOpenApi,
} from './openapi.js';
export type { RateLimitOptions } from './rate-limit.js';
export { type CloseOptions, closeGracefully, type ListenOptions, listenWithShutdown } from './shutdown.js';
export { InvalidTokenError, wwwAuthenticateFor } from './auth/auth-errors.js';
export { type AuthOptions, DEFAULT_ALGORITHMS } from './auth/auth-options.js';
export { type Authenticator, bearerCredential, createAuthenticator } from './auth/authenticator.js';
export { ApiKeyResolver, type ApiKeyResolverOptions } from './auth/api-key-resolver.js';
export { actorFromClaims, agentOfClaims, delegationChain } from './auth/claims-to-actor.js';
export { RemoteJwks, type RemoteJwksOptions } from './auth/remote-jwks.js';
export { actorOf, requireScope } from './auth/require-scope.js';
export {
  parseRevocationMessage,
  RevocationCache,
  type RevocationCacheOptions,
  type RevocationKind,
  type RevocationMessage,
  type RevocationSubject,
} from './auth/revocation-cache.js';
export {
  type AccessTokenAlgorithm,
  type AccessTokenClaims,
  type AccessTokenVerifier,
  createAccessTokenVerifier,
  type DelegationClaim,
  verifyAccessToken,
  type VerifyAccessTokenOptions,
} from './auth/verify-access-token.js';
export {
  type VerifiedToken,
  VerifiedTokenCache,
  type VerifiedTokenCacheOptions,
  type VerifiedTokenCacheStats,
} from './auth/verified-token-cache.js';
