export { buildApp, type BuildAppOptions } from './app.js';
export { loadConfig } from './config.js';
export { migrationSources } from './migrations.js';
export { VALIDATION_CODES, type ValidationCode, type ValidationResult } from './domain/validate-license.js';
