export * from './database.js';
export * from './ports.js';
export * from './redis.js';
export * from './tokens.js';
export * from './service.js';
