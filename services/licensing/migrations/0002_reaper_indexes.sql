-- The dead-machine reaper walks policies → licenses → machines, and deleting a policy asks whether
-- any license still uses it: both look licenses up by policy.
CREATE INDEX licenses_policy_id ON licenses (policy_id);
