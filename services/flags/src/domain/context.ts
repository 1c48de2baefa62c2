import type { Actor } from '@bulwark/core';
import type { Pool } from 'pg';
import type { UnleashAdminApi } from '../unleash/admin-api.js';

export interface FlagsDeps {
  pool: Pool;
  admin: UnleashAdminApi;
  /** The Unleash environment Bulwark manages and evaluates. */
  environment: string;
}

export interface Ctx extends FlagsDeps {
  actor: Actor;
  requestId: string;
}
