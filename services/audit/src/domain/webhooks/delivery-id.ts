import { uuidv7 } from '@bulwark/core';

/**
 * A delivery id is `dlv_` + a UUIDv7 in hex (time-sortable, so the dead-letter list pages by id).
 * It is the BullMQ job id of the first delivery; a redelivery from the dead-letter list runs as
 * `<delivery id>-r<n>` (BullMQ keeps the failed job under the original id, and refuses `:` in ids).
 */
export function newDeliveryId(nowMs?: number): string {
  return `dlv_${uuidv7(nowMs).replace(/-/g, '')}`;
}

export function redeliveryJobId(deliveryId: string, redelivery: number): string {
  return `${deliveryId}-r${redelivery}`;
}

export function deliveryIdOfJob(jobId: string): { deliveryId: string; redelivery: boolean } {
  const [deliveryId = jobId, suffix] = jobId.split('-r');
  return { deliveryId, redelivery: suffix !== undefined };
}

export const DELIVERY_ID_PATTERN = '^dlv_[0-9a-f]{32}$';
