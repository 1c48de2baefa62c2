/**
 * RFC 6749 §5.2 error codes (plus RFC 8693 §2.2.2 `invalid_target`, RFC 7009 §2.2.1
 * `unsupported_token_type`). Statuses follow §5.2: 400, except `invalid_client` → 401.
 */
export type OAuthErrorCode =
  | 'invalid_request'
  | 'invalid_client'
  | 'invalid_grant'
  | 'unauthorized_client'
  | 'unsupported_grant_type'
  | 'invalid_scope'
  | 'invalid_target'
  | 'invalid_token'
  | 'unsupported_token_type'
  | 'invalid_client_metadata'
  | 'access_denied'
  | 'rate_limited'
  | 'server_error';

const STATUS: Record<OAuthErrorCode, number> = {
  invalid_request: 400,
  invalid_client: 401,
  invalid_grant: 400,
  unauthorized_client: 400,
  unsupported_grant_type: 400,
  invalid_scope: 400,
  invalid_target: 400,
  invalid_token: 401,
  unsupported_token_type: 400,
  invalid_client_metadata: 400,
  access_denied: 403,
  rate_limited: 429,
  server_error: 500,
};

export class OAuthError extends Error {
  readonly status: number;
  /** Set when the client tried HTTP Basic: the 401 then carries `WWW-Authenticate: Basic` (§5.2). */
  usedBasic = false;
  retryAfter: number | undefined;

  constructor(
    readonly error: OAuthErrorCode,
    readonly description: string,
  ) {
    super(description);
    this.name = 'OAuthError';
    this.status = STATUS[error];
  }

  toJSON(): { error: string; error_description: string } {
    return { error: this.error, error_description: this.description };
  }
}

export const oauthError = (code: OAuthErrorCode, description: string): OAuthError =>
  new OAuthError(code, description);
