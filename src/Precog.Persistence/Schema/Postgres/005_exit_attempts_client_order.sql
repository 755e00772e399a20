-- The SCD writer finds an exit attempt by its client order id once per acknowledged order and once per
-- sell fill of an attempt from an earlier batch. Without this index each lookup scanned the whole table,
-- so projecting the journal grew quadratically with its size (docs/BENCHMARKS.md, scd_writer_rate).
CREATE INDEX idx_exit_attempts_client_order ON exit_attempts(client_order_id);
