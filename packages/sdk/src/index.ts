export { AuthClient } from './auth/auth-client.js';
export type {
  ExchangeOptions,
  GrantParameters,
  GrantType,
  IntrospectionResult,
  ScopedTokenOptions,
  UserRef,
} from './auth/auth-client.js';
export { Bulwark } from './bulwark.js';
export { createVerifier, type Verifier, type VerifiedToken, type VerifierOptions } from './verifier/create-verifier.js';
export { RevocationList, type RevocationEvent } from './verifier/revocation-list.js';
export { BulwarkError } from './errors.js';
export { DEFAULT_PORTS, type BulwarkOptions, type ServiceName } from './options.js';
export { AccessToken, type TokenResponse } from './token.js';
