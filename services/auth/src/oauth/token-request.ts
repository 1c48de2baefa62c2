/** A parsed token-endpoint request, independent of fastify. */
export interface TokenRequest {
  /** Single-valued form parameters (duplicates are rejected at the edge, RFC 6749 §3.2). */
  params: Record<string, string>;
  /** `resource` (RFC 8707) and `audience` (RFC 8693) values, which may repeat. */
  audiences: string[];
  authorization: string | undefined;
  requestId: string;
  source: { ip: string | null; user_agent: string | null };
}
