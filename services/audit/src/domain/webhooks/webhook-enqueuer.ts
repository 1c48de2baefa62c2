import type { JobPayload } from '@bulwark/queue';

export interface QueuedDelivery {
  jobId: string;
  payload: JobPayload<'webhooks'>;
}

/** Where deliveries go (the BullMQ `webhooks` queue in production); verbs see only this. */
export interface WebhookEnqueuer {
  enqueue(deliveries: readonly QueuedDelivery[]): Promise<void>;
}
