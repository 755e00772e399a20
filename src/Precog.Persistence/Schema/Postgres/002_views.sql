-- The views the schema document names: current rows of the versioned tables and the helper views.
CREATE VIEW current_markets AS SELECT * FROM markets WHERE row_current_ind = TRUE;
CREATE VIEW current_game_states AS SELECT * FROM game_states WHERE row_current_ind = TRUE;
CREATE VIEW current_edges AS SELECT * FROM edges WHERE row_current_ind = TRUE;
CREATE VIEW open_positions AS SELECT * FROM positions WHERE row_current_ind = TRUE AND status = 'open';
CREATE VIEW current_balances AS SELECT * FROM account_balance WHERE row_current_ind = TRUE;
CREATE VIEW active_strategies AS SELECT * FROM strategies WHERE status = 'active' ORDER BY strategy_name, strategy_version DESC;
CREATE VIEW active_models AS SELECT * FROM probability_models WHERE status = 'active' ORDER BY model_name, model_version DESC;
-- Every trade with the exact strategy, model and method versions it was made under.
CREATE VIEW trade_attribution AS
SELECT
    t.trade_id, t.created_at, t.side, t.price, t.quantity,
    m.ticker AS market_ticker,
    s.strategy_name, s.strategy_version, s.config AS strategy_config,
    pm.model_name, pm.model_version, pm.config AS model_config,
    me.method_name, me.method_version, me.config_hash AS method_config_hash,
    t.edge_at_execution, t.confidence_at_execution
FROM trades t
JOIN markets m ON m.market_uuid = t.market_uuid AND m.row_current_ind = TRUE
LEFT JOIN strategies s ON t.strategy_id = s.strategy_id
LEFT JOIN probability_models pm ON t.model_id = pm.model_id
LEFT JOIN methods me ON t.method_id = me.method_id
ORDER BY t.created_at DESC;
