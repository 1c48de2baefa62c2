export * from './base64url.js';
export * from './clock-store.js';
export * from './codes.js';
export { type OkpJwk, deriveFileKey, FILE_KDF_SALT } from './crypto.js';
export * from './key-ring.js';
export * from './license-key.js';
export * from './offline-file.js';
export * from './time.js';
export * from './verify-file.js';
