import { Type } from '@sinclair/typebox';

export const CustomerSchema = Type.Object({
  id: Type.String(),
  tenant_id: Type.String(),
  subject_id: Type.Union([Type.String(), Type.Null()]),
  stripe_customer_id: Type.String(),
  name: Type.Union([Type.String(), Type.Null()]),
  created_at: Type.String(),
});

export const MeterSchema = Type.Object({
  id: Type.String(),
  tenant_id: Type.String(),
  name: Type.String(),
  event_name: Type.String(),
  action_patterns: Type.Array(Type.String()),
  aggregation: Type.Union([Type.Literal('sum'), Type.Literal('count')]),
  stripe_meter_id: Type.Union([Type.String(), Type.Null()]),
});

export const BudgetSchema = Type.Object({
  id: Type.String(),
  tenant_id: Type.String(),
  agent_id: Type.Union([Type.String(), Type.Null()]),
  limit_units: Type.Number(),
  period: Type.Union([Type.Literal('day'), Type.Literal('month')]),
  suspend_agent: Type.Boolean(),
});

export const BudgetCheckSchema = Type.Object({
  decision: Type.Union([Type.Literal('allowed'), Type.Literal('exceeded')]),
  budget_id: Type.Union([Type.String(), Type.Null()]),
  used_units: Type.Number(),
  limit_units: Type.Union([Type.Number(), Type.Null()]),
  remaining_units: Type.Union([Type.Number(), Type.Null()]),
  period_start: Type.Union([Type.String(), Type.Null()]),
});
