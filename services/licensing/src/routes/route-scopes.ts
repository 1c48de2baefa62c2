import { IMPLIED_BY, SCOPE_ADMIN, SCOPE_READ } from '../domain/context.js';

/** Route declarations for service-kit: writes need admin; reads take read *or* admin (README, Scopes). */
export const adminRoute = { scope: SCOPE_ADMIN };
export const readRoute = { scope: SCOPE_READ, impliedByScopes: IMPLIED_BY[SCOPE_READ] ?? [] };
