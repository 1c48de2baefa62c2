import type { FastifyInstance } from 'fastify';
import type { AuthDeps } from '../../context.js';
import { agentRoutes } from './agents-routes.js';
import { directoryRoutes } from './directory-routes.js';
import { tokenAdminRoutes } from './token-admin-routes.js';

export function adminRoutes(app: FastifyInstance, deps: AuthDeps): void {
  agentRoutes(app, deps);
  directoryRoutes(app, deps);
  tokenAdminRoutes(app, deps);
}
