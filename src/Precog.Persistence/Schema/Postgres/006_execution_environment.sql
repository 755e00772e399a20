-- Issue 8: every row of trading a run writes says where it was traded: 'live' (a node on a real venue),
-- 'paper' (live data, orders filled by the simulator) or 'backtest' (a tape on the virtual clock). The SCD
-- writer tags the rows it writes with its precog.scd-writer.execution-environment; rows written before this
-- migration were all live or the game day's, and stay 'live'.
ALTER TABLE edges ADD COLUMN execution_environment VARCHAR(10) NOT NULL DEFAULT 'live' CHECK (execution_environment IN ('live', 'paper', 'backtest'));
ALTER TABLE positions ADD COLUMN execution_environment VARCHAR(10) NOT NULL DEFAULT 'live' CHECK (execution_environment IN ('live', 'paper', 'backtest'));
ALTER TABLE trades ADD COLUMN execution_environment VARCHAR(10) NOT NULL DEFAULT 'live' CHECK (execution_environment IN ('live', 'paper', 'backtest'));
ALTER TABLE exit_attempts ADD COLUMN execution_environment VARCHAR(10) NOT NULL DEFAULT 'live' CHECK (execution_environment IN ('live', 'paper', 'backtest'));
ALTER TABLE position_exits ADD COLUMN execution_environment VARCHAR(10) NOT NULL DEFAULT 'live' CHECK (execution_environment IN ('live', 'paper', 'backtest'));
ALTER TABLE settlements ADD COLUMN execution_environment VARCHAR(10) NOT NULL DEFAULT 'live' CHECK (execution_environment IN ('live', 'paper', 'backtest'));
ALTER TABLE account_balance ADD COLUMN execution_environment VARCHAR(10) NOT NULL DEFAULT 'live' CHECK (execution_environment IN ('live', 'paper', 'backtest'));
CREATE INDEX idx_positions_execution_environment ON positions(execution_environment);
CREATE INDEX idx_trades_execution_environment ON trades(execution_environment);
-- a SELECT * view keeps the columns its table had when it was made: these show the new one too (added last)
CREATE OR REPLACE VIEW current_edges AS SELECT * FROM edges WHERE row_current_ind = TRUE;
CREATE OR REPLACE VIEW open_positions AS SELECT * FROM positions WHERE row_current_ind = TRUE AND status = 'open';
CREATE OR REPLACE VIEW current_balances AS SELECT * FROM account_balance WHERE row_current_ind = TRUE;
