import { type AuditEvent, buildAuditEvent, systemActor } from '@bulwark/core';

export function auditEvent(index = 0, tenantId = 'ten_test'): AuditEvent {
  return buildAuditEvent({
    actor: systemActor(tenantId),
    action: 'auth.user.create',
    target: { type: 'user', id: `usr_${index}` },
  });
}

export function auditEvents(count: number, tenantId = 'ten_test'): AuditEvent[] {
  return Array.from({ length: count }, (_, index) => auditEvent(index, tenantId));
}
