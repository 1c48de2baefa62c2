/** The token endpoint's JSON answer (RFC 6749 §5.1, RFC 8693 §2.2.1). */
export interface TokenResponse {
  access_token: string;
  token_type: string;
  expires_in: number;
  scope?: string;
  refresh_token?: string;
  issued_token_type?: string;
}

/**
 * An issued access token. It behaves like the token string wherever a string is expected
 * (`Bearer ${token}`, `String(token)`), and also carries the metadata of the answer.
 */
export class AccessToken {
  readonly accessToken: string;
  readonly tokenType: string;
  readonly expiresIn: number;
  readonly expiresAt: Date;
  readonly scope: string[];
  readonly refreshToken: string | undefined;
  readonly issuedTokenType: string | undefined;

  constructor(response: TokenResponse, now: number = Date.now()) {
    this.accessToken = response.access_token;
    this.tokenType = response.token_type;
    this.expiresIn = response.expires_in;
    this.expiresAt = new Date(now + response.expires_in * 1000);
    this.scope = (response.scope ?? '').split(' ').filter(Boolean);
    this.refreshToken = response.refresh_token;
    this.issuedTokenType = response.issued_token_type;
  }

  /** The raw JWT. */
  get value(): string {
    return this.accessToken;
  }

  toString(): string {
    return this.accessToken;
  }

  [Symbol.toPrimitive](): string {
    return this.accessToken;
  }

  /** Serialises as the RFC 6749 answer, never losing the token. */
  toJSON(): TokenResponse {
    return {
      access_token: this.accessToken,
      token_type: this.tokenType,
      expires_in: this.expiresIn,
      scope: this.scope.join(' '),
      ...(this.refreshToken ? { refresh_token: this.refreshToken } : {}),
      ...(this.issuedTokenType ? { issued_token_type: this.issuedTokenType } : {}),
    };
  }

  /** Seconds left, by the local clock. */
  remainingSeconds(now: number = Date.now()): number {
    return Math.max(0, Math.floor((this.expiresAt.getTime() - now) / 1000));
  }
}
