-- Where each projection of the journal stands: the journal ordering of the last event it applied.
-- Written in the same transaction as the rows that event produced, so a crash neither loses nor repeats
-- a row (docs/PERSISTENCE.md, "The SCD writer").
CREATE TABLE projection_offsets (
    projection VARCHAR PRIMARY KEY,
    last_ordering BIGINT NOT NULL CHECK (last_ordering >= 0),
    events_applied BIGINT NOT NULL DEFAULT 0 CHECK (events_applied >= 0),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT NOW()
);
