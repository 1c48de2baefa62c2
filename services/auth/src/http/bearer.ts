import type { FastifyRequest } from 'fastify';

/** The credential of `Authorization: Bearer …`, for routes that authenticate their own way (/oauth/*). */
export function bearerOf(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  return match?.[1];
}
