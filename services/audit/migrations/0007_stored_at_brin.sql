-- Events by the time they were stored, for the re-forward after a Redis loss
-- (src/pipeline/reforward-after-redis-loss.ts): "what was stored in the last few hours".
-- BRIN, not B-tree: stored_at follows the physical append order of each partition, so a BRIN index
-- answers the range query from a few pages and costs next to nothing per insert.
CREATE INDEX audit_events_stored_at_brin ON audit_events USING brin (stored_at);
