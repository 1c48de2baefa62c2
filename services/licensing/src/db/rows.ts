/** Row shapes as pg returns them, and their public views (snake_case, ISO times). */
export interface ProductRow {
  id: string;
  tenant_id: string;
  name: string;
  metadata: Record<string, unknown>;
  created_at: Date;
  updated_at: Date;
}

export interface PolicyRow {
  id: string;
  tenant_id: string;
  product_id: string;
  name: string;
  duration_seconds: number | null;
  max_machines: number | null;
  machine_mode: 'floating' | 'node_locked';
  heartbeat_interval_seconds: number | null;
  dead_machine_strategy: 'keep' | 'deactivate';
  grace_period_seconds: number;
  overage_machines: number;
  entitlements: string[];
  offline_allowed: boolean;
  file_ttl_seconds: number;
  metadata: Record<string, unknown>;
  created_at: Date;
  updated_at: Date;
}

export type LicenseStatus = 'active' | 'suspended' | 'revoked' | 'expired';
export type OwnerType = 'tenant' | 'user' | 'customer';

export interface LicenseRow {
  id: string;
  tenant_id: string;
  product_id: string;
  policy_id: string;
  key_hash: string;
  key_enc: Buffer;
  key_hint: string;
  kid: string;
  status: LicenseStatus;
  owner_type: OwnerType;
  owner_id: string;
  expires_at: Date | null;
  entitlements: string[];
  metadata: Record<string, unknown>;
  last_check_in_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

export interface MachineRow {
  id: string;
  tenant_id: string;
  license_id: string;
  fingerprint: string;
  name: string | null;
  platform: string | null;
  last_heartbeat_at: Date | null;
  created_at: Date;
}

const iso = (date: Date | null) => (date ? date.toISOString() : null);

export function productView(row: ProductRow) {
  return {
    id: row.id,
    name: row.name,
    metadata: row.metadata,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  };
}

export function policyView(row: PolicyRow) {
  return {
    id: row.id,
    product_id: row.product_id,
    name: row.name,
    duration_seconds: row.duration_seconds,
    max_machines: row.max_machines,
    machine_mode: row.machine_mode,
    heartbeat_interval_seconds: row.heartbeat_interval_seconds,
    dead_machine_strategy: row.dead_machine_strategy,
    grace_period_seconds: row.grace_period_seconds,
    overage_machines: row.overage_machines,
    entitlements: row.entitlements,
    offline_allowed: row.offline_allowed,
    file_ttl_seconds: row.file_ttl_seconds,
    metadata: row.metadata,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  };
}

/** Entitlements a license grants: its policy's plus any granted to the license itself. */
export function effectiveEntitlements(
  license: Pick<LicenseRow, 'entitlements'>,
  policy: Pick<PolicyRow, 'entitlements'>,
) {
  return [...new Set([...policy.entitlements, ...license.entitlements])].sort();
}

/** What a license view reads: everything but the key material. */
export type LicenseViewRow = Omit<LicenseRow, 'key_hash' | 'key_enc' | 'kid'>;

export function licenseView(row: LicenseViewRow, policy: Pick<PolicyRow, 'entitlements' | 'max_machines'>) {
  return {
    id: row.id,
    product_id: row.product_id,
    policy_id: row.policy_id,
    status: row.status,
    owner: { type: row.owner_type, id: row.owner_id },
    expires_at: iso(row.expires_at),
    entitlements: effectiveEntitlements(row, policy),
    max_machines: policy.max_machines,
    key_hint: row.key_hint,
    metadata: row.metadata,
    last_check_in_at: iso(row.last_check_in_at),
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  };
}

export function machineView(row: MachineRow, alive: boolean) {
  return {
    id: row.id,
    license_id: row.license_id,
    fingerprint: row.fingerprint,
    name: row.name,
    platform: row.platform,
    last_heartbeat_at: iso(row.last_heartbeat_at),
    alive,
    created_at: row.created_at.toISOString(),
  };
}

export type ProductView = ReturnType<typeof productView>;
export type PolicyView = ReturnType<typeof policyView>;
export type LicenseView = ReturnType<typeof licenseView>;
export type MachineView = ReturnType<typeof machineView>;
