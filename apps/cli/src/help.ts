export const HELP = `bulwark — operate a Bulwark install

usage: bulwark <command> [options]          (add --json to any command for machine-readable output)

  login --api-key KEY [--url URL] [--auth-url URL …]   check and save an admin key (~/.config/bulwark)
  tenants create --name NAME | tenants list
  users   create --email EMAIL [--name N] [--tenant ID] | users list [--tenant ID]
  agents  create --name N --scopes a,b [--max-ttl S] [--grant-types …] [--owner USR] | agents list
  token mint --user USER --agent AGENT --scope SCOPE [--ttl S]   a delegated token (the seed call)
  token inspect TOKEN [--no-verify]                 decode, verify, explain the delegation chain
  revoke TOKEN | revoke --agent ID | --user ID | --tenant ID | --jti JTI
  audit tail [--follow] [--limit N] [--agent A] [--action P] [--on-behalf-of U] …
  audit verify [--from ISO] [--to ISO]
  audit export [--format ndjson|csv|ocsf] [--out FILE] [filters]   progress on stderr
  license issue --policy POL --owner user:ID [--entitlements a,b] [--expires ISO]
  license validate KEY [--fingerprint F] | license verify-offline KEY [--keys jwks.json]
  flags list | flags toggle NAME on|off
  usage [--group-by agent|user|action|day] [--from ISO] [--to ISO]

settings: --api-key / BULWARK_API_KEY, --url / BULWARK_URL, BULWARK_<SERVICE>_URL, BULWARK_CONFIG_DIR
exit codes: 0 ok · 1 error · 2 usage · 3 auth (401/403) · 4 not found · 5 conflict
            6 service unavailable · 7 check failed (invalid token/license, broken audit chain)
`;
