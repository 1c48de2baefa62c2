import { Type } from '@sinclair/typebox';
import { RETENTION_MAX_DAYS, RETENTION_MIN_DAYS } from '../domain/retention/retention-settings.js';

export const RetentionSchema = Type.Object({
  tenant_id: Type.String(),
  days: Type.Integer(),
  source: Type.Union([Type.Literal('tenant'), Type.Literal('default')]),
  default_days: Type.Integer(),
  updated_at: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});

export const RetentionBodySchema = Type.Object(
  { days: Type.Integer({ minimum: RETENTION_MIN_DAYS, maximum: RETENTION_MAX_DAYS }) },
  { additionalProperties: false },
);
