export { buildEmulatorApp, type EmulatorApp, type EmulatorOptions } from './app.js';
export type { EmulatorContext } from './context.js';
export type { FaultKind, FaultPlan } from './rules/fault-injector.js';
export {
  IDENTIFIER_WINDOW_MS,
  MAX_FUTURE_SECONDS,
  MAX_PAST_SECONDS,
} from './rules/meter-event-rules.js';
export { MAX_EVENTS_PER_STREAM_CALL, SESSION_TTL_MS } from './routes/meter-event-stream.js';
export type * from './state/objects.js';
export { startStripeEmulator, type StartedStripeEmulator } from './start.js';
export { signWebhookPayload } from './webhooks/signature.js';
export type { WebhookEndpoint } from './webhooks/dispatcher.js';
