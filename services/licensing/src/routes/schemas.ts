import { ProblemSchema } from '@bulwark/service-kit';
import { type TSchema, Type } from '@sinclair/typebox';
import { VALIDATION_CODES } from '../domain/validate-license.js';

const Id = (prefix: string) => Type.String({ pattern: `^${prefix}_[0-9a-z]{10,40}$`, maxLength: 64 });
const Time = Type.String({ format: 'date-time' });
const NullableTime = Type.Union([Time, Type.Null()]);
export const Metadata = Type.Record(Type.String(), Type.Unknown(), {
  description: 'Free-form JSON, not secret.',
});
export const EntitlementCode = Type.String({ minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9_.:-]+$' });
export const Fingerprint = Type.String({ minLength: 1, maxLength: 256 });
export const OwnerType = Type.Union([Type.Literal('tenant'), Type.Literal('user'), Type.Literal('customer')]);
export const Owner = Type.Object({ type: OwnerType, id: Type.String({ minLength: 1, maxLength: 200 }) });

export const ProductId = Id('prd');
export const PolicyId = Id('pol');
export const LicenseId = Id('lic');
export const MachineId = Id('mch');

export const Product = Type.Object({
  id: Type.String(),
  name: Type.String(),
  metadata: Metadata,
  created_at: Time,
  updated_at: Time,
});

export const Policy = Type.Object({
  id: Type.String(),
  product_id: Type.String(),
  name: Type.String(),
  duration_seconds: Type.Union([Type.Integer(), Type.Null()]),
  max_machines: Type.Union([Type.Integer(), Type.Null()]),
  machine_mode: Type.Union([Type.Literal('floating'), Type.Literal('node_locked')]),
  heartbeat_interval_seconds: Type.Union([Type.Integer(), Type.Null()]),
  dead_machine_strategy: Type.Union([Type.Literal('keep'), Type.Literal('deactivate')]),
  grace_period_seconds: Type.Integer(),
  overage_machines: Type.Integer(),
  entitlements: Type.Array(Type.String()),
  offline_allowed: Type.Boolean(),
  file_ttl_seconds: Type.Integer(),
  metadata: Metadata,
  created_at: Time,
  updated_at: Time,
});

export const LicenseStatus = Type.Union([
  Type.Literal('active'),
  Type.Literal('suspended'),
  Type.Literal('revoked'),
  Type.Literal('expired'),
]);

export const License = Type.Object({
  id: Type.String(),
  product_id: Type.String(),
  policy_id: Type.String(),
  status: LicenseStatus,
  owner: Owner,
  expires_at: NullableTime,
  entitlements: Type.Array(Type.String()),
  max_machines: Type.Union([Type.Integer(), Type.Null()]),
  key_hint: Type.String(),
  metadata: Metadata,
  last_check_in_at: NullableTime,
  created_at: Time,
  updated_at: Time,
});

export const CreatedLicense = Type.Composite([
  License,
  Type.Object({
    key: Type.String({ description: 'The signed license key. Shown here; hand it to the customer.' }),
  }),
]);

export const Machine = Type.Object({
  id: Type.String(),
  license_id: Type.String(),
  fingerprint: Type.String(),
  name: Type.Union([Type.String(), Type.Null()]),
  platform: Type.Union([Type.String(), Type.Null()]),
  last_heartbeat_at: NullableTime,
  alive: Type.Boolean({
    description: 'False once the policy heartbeat interval passed without a heartbeat.',
  }),
  created_at: Time,
});

export const ValidationResult = Type.Object({
  valid: Type.Boolean(),
  code: Type.Union(VALIDATION_CODES.map((code) => Type.Literal(code))),
  detail: Type.String(),
  license: Type.Union([License, Type.Null()]),
  machines: Type.Array(Machine, {
    description:
      'The machine matched by `fingerprint` (zero or one). The full list is GET /v1/licenses/{id}/machines.',
  }),
  machine_count: Type.Integer({ minimum: 0, description: 'Machines holding a seat on the license.' }),
});

export const OfflineFile = Type.Object(
  {
    format: Type.Literal('BWLF1'),
    type: Type.Union([Type.Literal('license'), Type.Literal('machine')]),
    kid: Type.String(),
    alg: Type.Literal('EdDSA'),
    enc: Type.Literal('aes-256-gcm'),
    iv: Type.String(),
    ciphertext: Type.String(),
    tag: Type.String(),
    sig: Type.String(),
  },
  { description: 'Save as JSON; verify with @bulwark/license-verifier or by the README recipe.' },
);

export const Checkout = Type.Object({
  type: Type.Union([Type.Literal('license'), Type.Literal('machine')]),
  issued_at: Time,
  expires_at: Time,
  file: OfflineFile,
});

export const Jwks = Type.Object({
  keys: Type.Array(
    Type.Object({
      kty: Type.Literal('OKP'),
      crv: Type.Literal('Ed25519'),
      x: Type.String(),
      kid: Type.String(),
      alg: Type.Literal('EdDSA'),
      use: Type.Literal('sig'),
    }),
  ),
});

export const Entitlements = Type.Object({
  license_id: Type.String(),
  product_id: Type.String(),
  active: Type.Boolean(),
  entitlements: Type.Array(Type.String()),
});

export const OwnerEntitlements = Type.Object({
  owner: Type.Object({ type: Type.Union([OwnerType, Type.Null()]), id: Type.String() }),
  entitlements: Type.Array(Type.String()),
  licenses: Type.Array(Entitlements),
});

export const PageQuery = Type.Object({
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
});

export const Page = <T extends TSchema>(item: T) =>
  Type.Object({ data: Type.Array(item), next_cursor: Type.Union([Type.String(), Type.Null()]) });

export const IdempotencyHeaders = Type.Object({
  'idempotency-key': Type.Optional(Type.String({ minLength: 1, maxLength: 255 })),
});

const problem = (description: string): TSchema => Type.Unsafe({ ...ProblemSchema, description });
export const NotFound = problem('Not found (or owned by another tenant).');
export const Conflict = problem(
  'Conflicts with the current state; `license_code` says why when it is a licensing refusal.',
);
export const Refused = problem(
  'The license refuses this (`license_code`: REVOKED, SUSPENDED, EXPIRED, BAD_SIGNATURE…).',
);
export const Empty = Type.Null({ description: 'No content.' });

/**
 * A field a PATCH refuses with 400. Fastify strips unknown properties silently, which would turn
 * "change the machine mode" into a 200 that changed nothing; naming the field makes it an error.
 */
export const Unchangeable = (how: string) =>
  Type.Optional(Type.Never({ description: `Cannot change: ${how}` }));
