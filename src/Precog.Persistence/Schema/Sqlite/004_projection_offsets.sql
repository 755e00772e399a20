-- Where each projection of the journal stands: the journal ordering of the last event it applied.
-- Written in the same transaction as the rows that event produced, so a crash neither loses nor repeats
-- a row (docs/PERSISTENCE.md, "The SCD writer").
CREATE TABLE projection_offsets (
    projection TEXT PRIMARY KEY,
    last_ordering INTEGER NOT NULL CHECK (last_ordering >= 0),
    events_applied INTEGER NOT NULL DEFAULT 0 CHECK (events_applied >= 0),
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
