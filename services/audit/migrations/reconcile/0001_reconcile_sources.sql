-- The reconciler's progress and last result per source outbox (a database whose `outbox` table it
-- compares with the store). `source` is `host:port/database`, never a URL with credentials.
-- The watermark (dispatched_at, id) is the last outbox row known to be stored or re-enqueued; NULL
-- means "from the start of the window" (first run, or after a Redis loss was detected).
CREATE TABLE reconcile_sources (
  source text PRIMARY KEY,
  watermark_at timestamptz NULL,
  watermark_id uuid NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'ok', 'skipped', 'failed')),
  detail text NULL,
  last_run_at timestamptz NULL,
  last_scanned integer NOT NULL DEFAULT 0,
  last_missing integer NOT NULL DEFAULT 0,
  last_reenqueued integer NOT NULL DEFAULT 0,
  last_invalid integer NOT NULL DEFAULT 0,
  total_reenqueued bigint NOT NULL DEFAULT 0,
  rescan_requested_at timestamptz NULL,
  CHECK ((watermark_at IS NULL) = (watermark_id IS NULL))
);
