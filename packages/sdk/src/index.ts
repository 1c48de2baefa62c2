export { AuthClient } from './auth/auth-client.js';
export type {
  ExchangeOptions,
  GrantParameters,
  GrantType,
  IntrospectionResult,
  ScopedTokenOptions,
  UserRef,
} from './auth/auth-client.js';
export * from './auth/auth-admin.js';
export * from './audit/audit-client.js';
export { AuditRecorder, type RecorderOptions } from './audit/audit-recorder.js';
export * from './billing/billing-client.js';
export * from './licensing/licensing-client.js';
export * from './flags/flags-client.js';
export { Bulwark } from './bulwark.js';
export {
  createVerifier,
  scopeCovers,
  type ConnectFeedOptions,
  type Verifier,
  type VerifiedToken,
  type VerifierOptions,
} from './verifier/create-verifier.js';
export {
  type RevocationFeed,
  type RevocationFeedOptions,
  toRevocationEvent,
} from './verifier/revocation-feed.js';
export { RevocationList, type RevocationEvent } from './verifier/revocation-list.js';
export { createGuard, type GuardDecision, type GuardOptions, type GuardRequest } from './middleware/guard.js';
export { bulwarkFastify } from './middleware/fastify.js';
export { bulwarkExpress } from './middleware/express.js';
export { decodeToken, explainDelegation, type DecodedToken } from './token-inspect.js';
export { BulwarkError } from './errors.js';
export { DEFAULT_PORTS, type BulwarkOptions, type ServiceName } from './options.js';
export type { Page } from './api-types.js';
export { AccessToken, type TokenResponse } from './token.js';
export { uuidv7 } from './uuidv7.js';
