import type { Pool } from 'pg';
import type { LicenseRow, MachineRow, PolicyRow } from './rows.js';

/** The license columns a validation answer shows (never key_enc: the hot path does not touch secrets). */
export type ValidationLicense = Pick<
  LicenseRow,
  | 'id'
  | 'tenant_id'
  | 'product_id'
  | 'policy_id'
  | 'status'
  | 'owner_type'
  | 'owner_id'
  | 'expires_at'
  | 'entitlements'
  | 'metadata'
  | 'key_hint'
  | 'last_check_in_at'
  | 'created_at'
  | 'updated_at'
>;

export type ValidationPolicy = Pick<
  PolicyRow,
  | 'max_machines'
  | 'overage_machines'
  | 'machine_mode'
  | 'heartbeat_interval_seconds'
  | 'grace_period_seconds'
  | 'entitlements'
>;

export interface ValidationRow {
  license: ValidationLicense;
  policy: ValidationPolicy;
  machineCount: number;
  /** The machine activated with the presented fingerprint, if any. */
  machine: MachineRow | undefined;
}

type FlatRow = ValidationLicense & {
  p_entitlements: string[];
  max_machines: number | null;
  overage_machines: number;
  machine_mode: PolicyRow['machine_mode'];
  heartbeat_interval_seconds: number | null;
  grace_period_seconds: number;
  machine_count: number;
  m_id: string | null;
  m_fingerprint: string | null;
  m_name: string | null;
  m_platform: string | null;
  m_last_heartbeat_at: Date | null;
  m_created_at: Date | null;
};

/*
 * One round trip for everything validation needs: the license (by key hash, unique index), its
 * policy, how many machines it holds (index-only on machines (license_id, fingerprint)) and the
 * machine matching the fingerprint. Named, so each pooled connection plans it once.
 */
const VALIDATION_SQL = `
SELECT l.id, l.tenant_id, l.product_id, l.policy_id, l.status, l.owner_type, l.owner_id, l.expires_at,
       l.entitlements, l.metadata, l.key_hint, l.last_check_in_at, l.created_at, l.updated_at,
       p.entitlements AS p_entitlements, p.max_machines, p.overage_machines, p.machine_mode,
       p.heartbeat_interval_seconds, p.grace_period_seconds,
       (SELECT count(*)::int FROM machines c WHERE c.license_id = l.id) AS machine_count,
       m.id AS m_id, m.fingerprint AS m_fingerprint, m.name AS m_name, m.platform AS m_platform,
       m.last_heartbeat_at AS m_last_heartbeat_at, m.created_at AS m_created_at
  FROM licenses l
  JOIN policies p ON p.id = l.policy_id
  LEFT JOIN machines m ON m.license_id = l.id AND m.fingerprint = $2::text
 WHERE l.key_hash = $1`;

export async function findForValidation(
  pool: Pool,
  keyHash: string,
  fingerprint: string | undefined,
): Promise<ValidationRow | undefined> {
  const { rows } = await pool.query<FlatRow>({
    name: 'licensing_validate_v1',
    text: VALIDATION_SQL,
    values: [keyHash, fingerprint ?? null],
  });
  const row = rows[0];
  if (!row) return undefined;
  const machine =
    row.m_id === null || row.m_created_at === null
      ? undefined
      : {
          id: row.m_id,
          tenant_id: row.tenant_id,
          license_id: row.id,
          fingerprint: row.m_fingerprint ?? '',
          name: row.m_name,
          platform: row.m_platform,
          last_heartbeat_at: row.m_last_heartbeat_at,
          created_at: row.m_created_at,
        };
  return {
    license: row,
    policy: {
      entitlements: row.p_entitlements,
      max_machines: row.max_machines,
      overage_machines: row.overage_machines,
      machine_mode: row.machine_mode,
      heartbeat_interval_seconds: row.heartbeat_interval_seconds,
      grace_period_seconds: row.grace_period_seconds,
    },
    machineCount: row.machine_count,
    machine,
  };
}
