import type { AuditEvent } from '@bulwark/core';
import type { Pool } from 'pg';
import { selectEnabledSinks } from '../db/sinks-sql.js';
import { newDeliveryId } from '../domain/webhooks/delivery-id.js';
import type { QueuedDelivery, WebhookEnqueuer } from '../domain/webhooks/webhook-enqueuer.js';
import { sinkWants } from '../domain/sinks/sink-input.js';

/**
 * After a batch is committed, one `webhooks` job per matching sink and chunk of `chunkSize` events.
 * It runs over the whole batch, duplicates included (like metering): if a worker died between
 * COMMIT and this call, the redelivered jobs are duplicates in the store but still reach the sinks.
 * Delivery is therefore at least once; receivers dedupe by event id (Bulwark-Event-Ids).
 * A failure here fails the batch's jobs, which BullMQ retries.
 */
export function sinkFanOut(
  pool: Pool,
  webhooks: WebhookEnqueuer,
  chunkSize: number,
): (events: readonly AuditEvent[]) => Promise<number> {
  return async (events) => {
    const unique = [...new Map(events.map((event) => [event.id, event])).values()];
    if (unique.length === 0) return 0;
    const sinks = await selectEnabledSinks(pool, [...new Set(unique.map((event) => event.tenant_id))]);
    const deliveries: QueuedDelivery[] = [];
    for (const sink of sinks) {
      const ids = unique
        .filter(
          (event) => event.tenant_id === sink.tenant_id && sinkWants(sink.action_prefixes, event.action),
        )
        .map((event) => event.id);
      for (let offset = 0; offset < ids.length; offset += chunkSize) {
        deliveries.push({
          jobId: newDeliveryId(),
          payload: { sink_id: sink.id, event_ids: ids.slice(offset, offset + chunkSize) },
        });
      }
    }
    await webhooks.enqueue(deliveries);
    return deliveries.length;
  };
}
