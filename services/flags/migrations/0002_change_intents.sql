-- A change through Bulwark's /v1/flags API is recorded here, committed, before Unleash is touched,
-- and deleted in the same transaction that emits its audit event afterwards. A row left behind
-- (the process died, or our transaction failed, after Unleash changed) is settled by the event
-- poller: if Unleash's event store shows our admin token changed that flag since the intent was
-- written, the prepared audit event is emitted; otherwise the change never happened and the row
-- is dropped. `event` is the audit event prepared up front (changes.after unknown yet).
CREATE TABLE flags_change_intents (
  id           uuid        PRIMARY KEY,
  unleash_name text        NOT NULL,
  event        jsonb       NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX flags_change_intents_created_at ON flags_change_intents (created_at);
