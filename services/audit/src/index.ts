export { buildAuditApp, type AuditAppOptions } from './app.js';
export { type AuditConfig, loadConfig } from './config.js';
export { migrationSources } from './db/migration-sources.js';
export { canonicalJson } from './domain/chain/canonical-json.js';
export { chainHash, GENESIS_HASH } from './domain/chain/chain-hash.js';
export { type VerifyReport, verifyChain } from './domain/chain/verify-chain.js';
export { toOcsf } from './domain/export/ocsf.js';
export {
  DELIVERY_ID_HEADER,
  EVENT_IDS_HEADER,
  SIGNATURE_HEADER,
  signatureHeader,
  verifyWebhookSignature,
} from './domain/webhooks/signature.js';
export { startPipeline, type Pipeline } from './pipeline/start-pipeline.js';
export { Kek } from './domain/checkpoints/kek.js';
