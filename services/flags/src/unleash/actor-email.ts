import type { Actor } from '@bulwark/core';

/**
 * Unleash knows users by email. A Bulwark admin gets an Unleash user whose email encodes who they
 * are, so Unleash's event store (`created_by`) can be mapped back to a Bulwark actor for audit.
 */
const DOMAIN = 'flags.bulwark.dev';
const PATTERN = /^([a-z_]+)\+([A-Za-z0-9_-]+)\+([A-Za-z0-9_-]+)@flags\.bulwark\.dev$/;
const SAFE = /^[A-Za-z0-9_-]+$/;

function safe(part: string): string {
  return SAFE.test(part) ? part : `b64-${Buffer.from(part, 'utf8').toString('base64url')}`;
}

function unsafe(part: string): string {
  return part.startsWith('b64-') ? Buffer.from(part.slice(4), 'base64url').toString('utf8') : part;
}

export function unleashEmailFor(actor: Pick<Actor, 'type' | 'id' | 'tenantId'>): string {
  return `${actor.type}+${safe(actor.id)}+${safe(actor.tenantId)}@${DOMAIN}`;
}

export interface MappedActor {
  type: Actor['type'];
  id: string;
  tenantId: string;
}

const TYPES = new Set<string>(['user', 'agent', 'api_key', 'service', 'system']);

export function actorFromUnleashEmail(email: string | null | undefined): MappedActor | undefined {
  const match = email ? PATTERN.exec(email) : null;
  if (!match?.[1] || !match[2] || !match[3] || !TYPES.has(match[1])) return undefined;
  return { type: match[1] as Actor['type'], id: unsafe(match[2]), tenantId: unsafe(match[3]) };
}
