import {
  type Actor,
  type AuditEvent,
  buildAuditEvent,
  generateSecret,
  hashSecret,
  publicId,
  uuidv7,
} from '@bulwark/core';
import { withTransaction } from '@bulwark/db';
import type { AuthDeps } from '../context.js';
import { recordDelegationToken, upsertDelegation } from '../db/delegations-sql.js';
import { insertRefreshToken } from '../db/refresh-tokens-sql.js';
import { type AuditInput, audit } from '../infra/audit.js';
import type { TxClient } from '../infra/db-types.js';
import {
  type AccessTokenClaims,
  accessTokenClaims,
  type MintInput,
  signAccessToken,
} from './access-token.js';

export const ACCESS_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:access_token';

export interface TokenResponse {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  scope: string;
  issued_token_type?: string;
  refresh_token?: string;
}

export interface IssueInput {
  mint: MintInput;
  auditActor: Actor;
  action: 'auth.token.issue' | 'auth.token.exchange' | 'auth.token.refresh';
  credentialKind: NonNullable<AuditEvent['credential']>['kind'];
  grantType: string;
  requestId: string | null;
  source: { ip: string | null; user_agent: string | null };
  /** Set when a user delegates to an agent: recorded so it is listable and revocable. */
  delegation?: { userId: string; agentId: string } | undefined;
  /** Issue a refresh token; `familyId` continues a rotated family. */
  refresh?: { familyId?: string | undefined; ttlSeconds: number } | undefined;
  issuedTokenType?: boolean;
  /** Extra statements on the same transaction (e.g. marking a refresh token rotated). */
  alsoInTx?: (client: TxClient) => Promise<void>;
}

/**
 * The issuance's audit event. A module-level function, not a closure inside `issueToken`: under tsx
 * (esbuild keepNames) every closure created per call is also renamed per call, which showed as 1 % of
 * the event loop's samples in `profile.ts token`.
 */
function issuanceAuditInput(
  deps: AuthDeps,
  input: IssueInput,
  claims: AccessTokenClaims,
  refreshIssued: boolean,
  delegationId: string | undefined,
): AuditInput {
  return {
    actor: input.auditActor,
    action: input.action,
    tenantId: claims.tenant_id,
    target: { type: 'token', id: claims.jti },
    onBehalfOf:
      claims.sub === claims.client_id
        ? null
        : { type: claims.sub.startsWith('agt_') ? 'agent' : 'user', id: claims.sub },
    credentialKind: input.credentialKind,
    requestId: input.requestId,
    source: input.source,
    clock: deps.clock,
    metadata: {
      grant_type: input.grantType,
      client_id: claims.client_id,
      scope: claims.scope,
      aud: claims.aud,
      exp: claims.exp,
      ...(claims.act ? { act: claims.act } : {}),
      ...(delegationId ? { delegation_id: delegationId } : {}),
      refresh_issued: refreshIssued,
    },
  };
}

/**
 * Signs the token and commits its delegation record, refresh token and audit event in one
 * transaction: the response is only sent once the audit event is durable in the outbox. On the
 * group-commit path the signature (on the signing thread) and the commit run side by side — the
 * event needs the claims, not the signature — so a response waits for the slower of the two, not
 * their sum; a failed signature then fails the request after its `issue` event committed, which
 * records the decision to issue (signing failing at all means a broken key, an operator alarm).
 */
export async function issueToken(
  deps: AuthDeps,
  input: IssueInput,
): Promise<TokenResponse & { claims: AccessTokenClaims }> {
  const claims = accessTokenClaims(deps, input.mint);
  const expiresAt = new Date(claims.exp * 1000);
  const refreshToken = input.refresh ? generateSecret('bwr') : undefined;
  let token: string;
  if (deps.auditCommits && !input.delegation && !input.refresh && !input.alsoInTx) {
    // Nothing else to write: share a commit with concurrent issuances (group commit); still durable
    // before the response is sent.
    const event = buildAuditEvent(
      issuanceAuditInput(deps, input, claims, refreshToken !== undefined, undefined),
    );
    [token] = await Promise.all([signAccessToken(deps, claims), deps.auditCommits.emit(event)]);
  } else {
    token = await signAccessToken(deps, claims);
    await withTransaction(deps.pool, async (client) => {
      let delegationId: string | undefined;
      if (input.delegation) {
        const row = await upsertDelegation(client, {
          id: publicId('delegation', deps.clock.nowMs()),
          tenant_id: claims.tenant_id,
          user_id: input.delegation.userId,
          agent_id: input.delegation.agentId,
          scopes: [...input.mint.scopes],
          audiences: [...input.mint.audiences],
          expires_at: input.refresh
            ? new Date(deps.clock.nowMs() + input.refresh.ttlSeconds * 1000)
            : expiresAt,
        });
        delegationId = row.id;
        await recordDelegationToken(client, claims.jti, row.id, expiresAt);
      }
      if (input.refresh && refreshToken) {
        await insertRefreshToken(client, {
          id: uuidv7(deps.clock.nowMs()),
          family_id: input.refresh.familyId ?? uuidv7(deps.clock.nowMs()),
          token_hash: hashSecret(refreshToken),
          tenant_id: claims.tenant_id,
          delegation_id: delegationId ?? null,
          agent_id: claims.client_id,
          subject: claims.sub,
          scopes: [...input.mint.scopes],
          audiences: [...input.mint.audiences],
          act: claims.act,
          expires_at: new Date(deps.clock.nowMs() + input.refresh.ttlSeconds * 1000),
        });
      }
      await input.alsoInTx?.(client);
      await audit(client, issuanceAuditInput(deps, input, claims, refreshToken !== undefined, delegationId));
    });
  }
  const response: TokenResponse & { claims: AccessTokenClaims } = {
    access_token: token,
    token_type: 'Bearer',
    expires_in: claims.exp - claims.iat,
    scope: claims.scope,
    claims,
  };
  if (input.issuedTokenType) response.issued_token_type = ACCESS_TOKEN_TYPE;
  if (refreshToken) response.refresh_token = refreshToken;
  return response;
}
