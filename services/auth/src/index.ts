export { buildAuthApp, type BuildAuthAppOptions } from './app.js';
export { type AuthConfig, loadAuthConfig } from './config.js';
export { authMigrationSources } from './migrations-source.js';
export { bootstrap } from './domain/bootstrap.js';
