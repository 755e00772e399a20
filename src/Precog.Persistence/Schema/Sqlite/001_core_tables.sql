-- Precog schema v1.7 (../shared/seed/DATABASE_SCHEMA_SUMMARY_V1.7.md) plus the v1.7 change log
-- (DESIGN.md, "Persistence and the schema"). SQLite edition: times are UTC ISO-8601 text; money, prices and
-- probabilities are exact decimal text (never REAL), range-checked through CAST. Versioned tables (SCD type 2) carry row_current_ind and row_end_ts
-- and a unique partial index: at most one current row per business key (docs/SCHEMA.md).

-- 1. Platform & market hierarchy
CREATE TABLE platforms (
    platform_id VARCHAR PRIMARY KEY,
    platform_type VARCHAR NOT NULL CHECK (platform_type IN ('trading', 'data_source')),
    display_name VARCHAR NOT NULL,
    base_url VARCHAR,
    websocket_url VARCHAR,
    api_version VARCHAR,
    auth_method VARCHAR,
    fees_structure TEXT CHECK (fees_structure IS NULL OR json_valid(fees_structure)),
    status VARCHAR DEFAULT 'active' CHECK (status IN ('active', 'inactive')),
    created_at TEXT DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

CREATE TABLE series (
    series_id VARCHAR PRIMARY KEY,
    platform_id VARCHAR REFERENCES platforms(platform_id) ON DELETE CASCADE,
    external_id VARCHAR NOT NULL,
    category VARCHAR NOT NULL,
    subcategory VARCHAR,
    title VARCHAR NOT NULL,
    frequency VARCHAR,
    metadata TEXT CHECK (metadata IS NULL OR json_valid(metadata)),
    created_at TEXT DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    updated_at TEXT DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

CREATE TABLE events (
    event_id VARCHAR PRIMARY KEY,
    platform_id VARCHAR REFERENCES platforms(platform_id) ON DELETE CASCADE,
    series_id VARCHAR REFERENCES series(series_id) ON DELETE CASCADE,
    external_id VARCHAR NOT NULL,
    category VARCHAR NOT NULL,
    subcategory VARCHAR,
    title VARCHAR NOT NULL,
    description TEXT,
    start_time TEXT,
    end_time TEXT,
    status VARCHAR CHECK (status IN ('scheduled', 'live', 'final', 'cancelled')),
    result TEXT CHECK (result IS NULL OR json_valid(result)),
    metadata TEXT CHECK (metadata IS NULL OR json_valid(metadata)),
    created_at TEXT DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    updated_at TEXT DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

-- Versioned: one row per version; market_uuid is the market's identity across its versions.
CREATE TABLE markets (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    market_uuid TEXT NOT NULL,
    market_id VARCHAR NOT NULL,
    platform_id VARCHAR REFERENCES platforms(platform_id) ON DELETE CASCADE,
    event_id VARCHAR REFERENCES events(event_id) ON DELETE CASCADE,
    external_id VARCHAR NOT NULL,
    ticker VARCHAR,
    title VARCHAR NOT NULL,
    market_type VARCHAR CHECK (market_type IN ('binary', 'categorical', 'scalar')),
    yes_price TEXT CHECK (CAST(yes_price AS REAL) BETWEEN 0 AND 1) CHECK (yes_price IS NULL OR (yes_price GLOB '[0-9]*.[0-9]*' OR yes_price GLOB '-[0-9]*.[0-9]*') AND yes_price NOT GLOB '*[^0-9.-]*'),
    no_price TEXT CHECK (CAST(no_price AS REAL) BETWEEN 0 AND 1) CHECK (no_price IS NULL OR (no_price GLOB '[0-9]*.[0-9]*' OR no_price GLOB '-[0-9]*.[0-9]*') AND no_price NOT GLOB '*[^0-9.-]*'),
    volume INT CHECK (volume >= 0),
    open_interest INT CHECK (open_interest >= 0),
    spread TEXT CHECK (CAST(spread AS REAL) BETWEEN 0 AND 1) CHECK (spread IS NULL OR (spread GLOB '[0-9]*.[0-9]*' OR spread GLOB '-[0-9]*.[0-9]*') AND spread NOT GLOB '*[^0-9.-]*'),
    status VARCHAR CHECK (status IN ('open', 'closed', 'settled')),
    settlement_value TEXT CHECK (CAST(settlement_value AS REAL) BETWEEN 0 AND 1) CHECK (settlement_value IS NULL OR (settlement_value GLOB '[0-9]*.[0-9]*' OR settlement_value GLOB '-[0-9]*.[0-9]*') AND settlement_value NOT GLOB '*[^0-9.-]*'),
    metadata TEXT CHECK (metadata IS NULL OR json_valid(metadata)),
    created_at TEXT DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    updated_at TEXT DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    row_current_ind INTEGER NOT NULL DEFAULT 1 CHECK (row_current_ind IN (0, 1)),
    row_end_ts TEXT,
    CHECK (row_current_ind = 1 OR row_end_ts IS NOT NULL)
);
CREATE INDEX idx_markets_event ON markets(event_id);
CREATE INDEX idx_markets_platform ON markets(platform_id);
CREATE INDEX idx_markets_current ON markets(row_current_ind) WHERE row_current_ind = 1;
CREATE INDEX idx_markets_uuid ON markets(market_uuid);
CREATE UNIQUE INDEX uq_markets_current ON markets(market_uuid) WHERE row_current_ind = 1;

-- 2. Live game data (versioned; business key: sport + external_game_id)
CREATE TABLE game_states (
    game_state_id INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id VARCHAR REFERENCES events(event_id) ON DELETE CASCADE,
    external_game_id VARCHAR NOT NULL,
    sport VARCHAR NOT NULL,
    home_team VARCHAR,
    away_team VARCHAR,
    home_score INT CHECK (home_score >= 0),
    away_score INT CHECK (away_score >= 0),
    period VARCHAR,
    time_remaining VARCHAR,
    possession VARCHAR CHECK (possession IN ('home', 'away')),
    status VARCHAR CHECK (status IN ('scheduled', 'pregame', 'live', 'halftime', 'final')),
    sport_metadata TEXT CHECK (sport_metadata IS NULL OR json_valid(sport_metadata)),
    created_at TEXT DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    updated_at TEXT DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    row_current_ind INTEGER NOT NULL DEFAULT 1 CHECK (row_current_ind IN (0, 1)),
    row_end_ts TEXT,
    CHECK (row_current_ind = 1 OR row_end_ts IS NOT NULL)
);
CREATE INDEX idx_game_states_event ON game_states(event_id);
CREATE INDEX idx_game_states_sport ON game_states(sport);
CREATE INDEX idx_game_states_current ON game_states(row_current_ind) WHERE row_current_ind = 1;
CREATE UNIQUE INDEX uq_game_states_current ON game_states(sport, external_game_id) WHERE row_current_ind = 1;

-- 3. Probability & edge detection
CREATE TABLE probability_matrices (
    probability_id INTEGER PRIMARY KEY AUTOINCREMENT,
    category VARCHAR NOT NULL,
    subcategory VARCHAR NOT NULL,
    version VARCHAR NOT NULL,
    state_descriptor VARCHAR NOT NULL,
    value_bucket VARCHAR NOT NULL,
    situational_factors TEXT CHECK (situational_factors IS NULL OR json_valid(situational_factors)),
    win_probability TEXT NOT NULL CHECK (CAST(win_probability AS REAL) BETWEEN 0 AND 1) CHECK (win_probability IS NULL OR (win_probability GLOB '[0-9]*.[0-9]*' OR win_probability GLOB '-[0-9]*.[0-9]*') AND win_probability NOT GLOB '*[^0-9.-]*'),
    confidence_interval_lower TEXT CHECK (CAST(confidence_interval_lower AS REAL) BETWEEN 0 AND 1) CHECK (confidence_interval_lower IS NULL OR (confidence_interval_lower GLOB '[0-9]*.[0-9]*' OR confidence_interval_lower GLOB '-[0-9]*.[0-9]*') AND confidence_interval_lower NOT GLOB '*[^0-9.-]*'),
    confidence_interval_upper TEXT CHECK (CAST(confidence_interval_upper AS REAL) BETWEEN 0 AND 1) CHECK (confidence_interval_upper IS NULL OR (confidence_interval_upper GLOB '[0-9]*.[0-9]*' OR confidence_interval_upper GLOB '-[0-9]*.[0-9]*') AND confidence_interval_upper NOT GLOB '*[^0-9.-]*'),
    sample_size INT CHECK (sample_size >= 0),
    source VARCHAR,
    methodology TEXT,
    matrix_name VARCHAR,
    description TEXT,
    created_at TEXT DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    CHECK (confidence_interval_lower IS NULL OR confidence_interval_upper IS NULL OR CAST(confidence_interval_lower AS REAL) <= CAST(confidence_interval_upper AS REAL))
);
CREATE INDEX idx_probability_lookup ON probability_matrices(category, subcategory, version, state_descriptor, value_bucket);
CREATE INDEX idx_probability_matrices_name ON probability_matrices(matrix_name);

-- Immutable versions: config never changes; status and metrics do.
CREATE TABLE probability_models (
    model_id INTEGER PRIMARY KEY AUTOINCREMENT,
    model_name VARCHAR NOT NULL,
    model_version VARCHAR NOT NULL CHECK (model_version GLOB 'v[0-9]*.[0-9]*' AND model_version NOT GLOB 'v*[^0-9.]*' AND model_version NOT GLOB 'v*.*.*'),
    model_type VARCHAR NOT NULL,
    sport VARCHAR,
    config TEXT NOT NULL CHECK (config IS NULL OR json_valid(config)),
    description TEXT,
    status VARCHAR DEFAULT 'draft' CHECK (status IN ('draft', 'training', 'validating', 'active', 'deprecated')),
    validation_accuracy TEXT CHECK (validation_accuracy IS NULL OR (validation_accuracy GLOB '[0-9]*.[0-9]*' OR validation_accuracy GLOB '-[0-9]*.[0-9]*') AND validation_accuracy NOT GLOB '*[^0-9.-]*'),
    validation_calibration TEXT CHECK (validation_calibration IS NULL OR (validation_calibration GLOB '[0-9]*.[0-9]*' OR validation_calibration GLOB '-[0-9]*.[0-9]*') AND validation_calibration NOT GLOB '*[^0-9.-]*'),
    validation_sample_size INT CHECK (validation_sample_size >= 0),
    created_at TEXT DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    created_by VARCHAR,
    notes TEXT,
    UNIQUE (model_name, model_version)
);
CREATE INDEX idx_probability_models_name ON probability_models(model_name);
CREATE INDEX idx_probability_models_status ON probability_models(status);
CREATE INDEX idx_probability_models_active ON probability_models(status) WHERE status = 'active';

CREATE TABLE strategies (
    strategy_id INTEGER PRIMARY KEY AUTOINCREMENT,
    strategy_name VARCHAR NOT NULL,
    strategy_version VARCHAR NOT NULL CHECK (strategy_version GLOB 'v[0-9]*.[0-9]*' AND strategy_version NOT GLOB 'v*[^0-9.]*' AND strategy_version NOT GLOB 'v*.*.*'),
    strategy_type VARCHAR NOT NULL CHECK (strategy_type IN ('entry', 'exit', 'sizing', 'hedging')),
    sport VARCHAR,
    config TEXT NOT NULL CHECK (config IS NULL OR json_valid(config)),
    description TEXT,
    status VARCHAR DEFAULT 'draft' CHECK (status IN ('draft', 'testing', 'active', 'inactive', 'deprecated')),
    paper_roi TEXT CHECK (paper_roi IS NULL OR (paper_roi GLOB '[0-9]*.[0-9]*' OR paper_roi GLOB '-[0-9]*.[0-9]*') AND paper_roi NOT GLOB '*[^0-9.-]*'),
    live_roi TEXT CHECK (live_roi IS NULL OR (live_roi GLOB '[0-9]*.[0-9]*' OR live_roi GLOB '-[0-9]*.[0-9]*') AND live_roi NOT GLOB '*[^0-9.-]*'),
    paper_trades_count INT DEFAULT 0 CHECK (paper_trades_count >= 0),
    live_trades_count INT DEFAULT 0 CHECK (live_trades_count >= 0),
    created_at TEXT DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    created_by VARCHAR,
    notes TEXT,
    UNIQUE (strategy_name, strategy_version)
);
CREATE INDEX idx_strategies_name ON strategies(strategy_name);
CREATE INDEX idx_strategies_status ON strategies(status);
CREATE INDEX idx_strategies_active ON strategies(status) WHERE status = 'active';

-- 6. Trading methods (strategy + model + position management + risk), immutable versions
CREATE TABLE methods (
    method_id INTEGER PRIMARY KEY AUTOINCREMENT,
    method_name VARCHAR NOT NULL,
    method_version VARCHAR NOT NULL CHECK (method_version GLOB 'v[0-9]*.[0-9]*' AND method_version NOT GLOB 'v*[^0-9.]*' AND method_version NOT GLOB 'v*.*.*'),
    strategy_id INTEGER NOT NULL REFERENCES strategies(strategy_id),
    model_id INTEGER NOT NULL REFERENCES probability_models(model_id),
    position_mgmt_config TEXT NOT NULL CHECK (position_mgmt_config IS NULL OR json_valid(position_mgmt_config)),
    risk_config TEXT NOT NULL CHECK (risk_config IS NULL OR json_valid(risk_config)),
    execution_config TEXT NOT NULL CHECK (execution_config IS NULL OR json_valid(execution_config)),
    sport_config TEXT NOT NULL CHECK (sport_config IS NULL OR json_valid(sport_config)),
    config_hash VARCHAR(64) NOT NULL,
    status VARCHAR DEFAULT 'draft' CHECK (status IN ('draft', 'testing', 'active', 'deprecated')),
    activated_at TEXT,
    deactivated_at TEXT,
    paper_roi TEXT CHECK (paper_roi IS NULL OR (paper_roi GLOB '[0-9]*.[0-9]*' OR paper_roi GLOB '-[0-9]*.[0-9]*') AND paper_roi NOT GLOB '*[^0-9.-]*'),
    live_roi TEXT CHECK (live_roi IS NULL OR (live_roi GLOB '[0-9]*.[0-9]*' OR live_roi GLOB '-[0-9]*.[0-9]*') AND live_roi NOT GLOB '*[^0-9.-]*'),
    sharpe_ratio TEXT CHECK (sharpe_ratio IS NULL OR (sharpe_ratio GLOB '[0-9]*.[0-9]*' OR sharpe_ratio GLOB '-[0-9]*.[0-9]*') AND sharpe_ratio NOT GLOB '*[^0-9.-]*'),
    win_rate TEXT CHECK (CAST(win_rate AS REAL) BETWEEN 0 AND 1) CHECK (win_rate IS NULL OR (win_rate GLOB '[0-9]*.[0-9]*' OR win_rate GLOB '-[0-9]*.[0-9]*') AND win_rate NOT GLOB '*[^0-9.-]*'),
    total_trades INT DEFAULT 0 CHECK (total_trades >= 0),
    description TEXT,
    notes TEXT,
    created_at TEXT DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    created_by VARCHAR,
    UNIQUE (method_name, method_version)
);
CREATE INDEX idx_methods_name ON methods(method_name);
CREATE INDEX idx_methods_status ON methods(status);
CREATE INDEX idx_methods_active ON methods(status) WHERE status = 'active';
CREATE INDEX idx_methods_strategy ON methods(strategy_id);
CREATE INDEX idx_methods_model ON methods(model_id);
CREATE INDEX idx_methods_hash ON methods(config_hash);

CREATE TABLE method_templates (
    template_id INTEGER PRIMARY KEY AUTOINCREMENT,
    template_name VARCHAR NOT NULL UNIQUE,
    description TEXT,
    position_mgmt_config TEXT NOT NULL CHECK (position_mgmt_config IS NULL OR json_valid(position_mgmt_config)),
    risk_config TEXT NOT NULL CHECK (risk_config IS NULL OR json_valid(risk_config)),
    execution_config TEXT NOT NULL CHECK (execution_config IS NULL OR json_valid(execution_config)),
    sport_config TEXT CHECK (sport_config IS NULL OR json_valid(sport_config)),
    created_at TEXT DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

-- Versioned; business key: the market, strategy, model and method versions and the side.
CREATE TABLE edges (
    edge_id INTEGER PRIMARY KEY AUTOINCREMENT,
    market_uuid TEXT NOT NULL,
    market_id VARCHAR,
    side VARCHAR NOT NULL CHECK (side IN ('yes', 'no')),
    probability_matrix_id INTEGER REFERENCES probability_matrices(probability_id),
    strategy_id INTEGER REFERENCES strategies(strategy_id),
    model_id INTEGER REFERENCES probability_models(model_id),
    method_id INTEGER REFERENCES methods(method_id),
    expected_value TEXT NOT NULL CHECK (CAST(expected_value AS REAL) BETWEEN -1 AND 1) CHECK (expected_value IS NULL OR (expected_value GLOB '[0-9]*.[0-9]*' OR expected_value GLOB '-[0-9]*.[0-9]*') AND expected_value NOT GLOB '*[^0-9.-]*'),
    true_win_probability TEXT NOT NULL CHECK (CAST(true_win_probability AS REAL) BETWEEN 0 AND 1) CHECK (true_win_probability IS NULL OR (true_win_probability GLOB '[0-9]*.[0-9]*' OR true_win_probability GLOB '-[0-9]*.[0-9]*') AND true_win_probability NOT GLOB '*[^0-9.-]*'),
    market_implied_probability TEXT NOT NULL CHECK (CAST(market_implied_probability AS REAL) BETWEEN 0 AND 1) CHECK (market_implied_probability IS NULL OR (market_implied_probability GLOB '[0-9]*.[0-9]*' OR market_implied_probability GLOB '-[0-9]*.[0-9]*') AND market_implied_probability NOT GLOB '*[^0-9.-]*'),
    market_price TEXT NOT NULL CHECK (CAST(market_price AS REAL) BETWEEN 0 AND 1) CHECK (market_price IS NULL OR (market_price GLOB '[0-9]*.[0-9]*' OR market_price GLOB '-[0-9]*.[0-9]*') AND market_price NOT GLOB '*[^0-9.-]*'),
    confidence_level VARCHAR CHECK (confidence_level IN ('high', 'medium', 'low')),
    confidence_metrics TEXT CHECK (confidence_metrics IS NULL OR json_valid(confidence_metrics)),
    recommended_action VARCHAR CHECK (recommended_action IN ('auto_execute', 'alert', 'ignore')),
    created_at TEXT DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    row_current_ind INTEGER NOT NULL DEFAULT 1 CHECK (row_current_ind IN (0, 1)),
    row_end_ts TEXT,
    CHECK (row_current_ind = 1 OR row_end_ts IS NOT NULL)
);
CREATE INDEX idx_edges_market ON edges(market_uuid);
CREATE INDEX idx_edges_probability ON edges(probability_matrix_id);
CREATE INDEX idx_edges_strategy ON edges(strategy_id);
CREATE INDEX idx_edges_model ON edges(model_id);
CREATE INDEX idx_edges_method ON edges(method_id);
CREATE INDEX idx_edges_ev ON edges(expected_value) WHERE row_current_ind = 1;
CREATE INDEX idx_edges_current ON edges(row_current_ind) WHERE row_current_ind = 1;
CREATE UNIQUE INDEX uq_edges_current ON edges(market_uuid, COALESCE(strategy_id, -1), COALESCE(model_id, -1), COALESCE(method_id, -1), side)
    WHERE row_current_ind = 1;

-- 4. Trading & positions. Versioned; position_uuid is the position's identity (the PositionActor's id).
CREATE TABLE positions (
    position_id INTEGER PRIMARY KEY AUTOINCREMENT,
    position_uuid TEXT NOT NULL,
    market_uuid TEXT NOT NULL,
    market_id VARCHAR,
    platform_id VARCHAR REFERENCES platforms(platform_id) ON DELETE CASCADE,
    strategy_id INTEGER REFERENCES strategies(strategy_id),
    model_id INTEGER REFERENCES probability_models(model_id),
    method_id INTEGER REFERENCES methods(method_id),
    side VARCHAR NOT NULL CHECK (side IN ('yes', 'no')),
    entry_price TEXT NOT NULL CHECK (CAST(entry_price AS REAL) BETWEEN 0 AND 1) CHECK (entry_price IS NULL OR (entry_price GLOB '[0-9]*.[0-9]*' OR entry_price GLOB '-[0-9]*.[0-9]*') AND entry_price NOT GLOB '*[^0-9.-]*'),
    quantity INT NOT NULL CHECK (quantity >= 0),
    fees TEXT CHECK (CAST(fees AS REAL) >= 0) CHECK (fees IS NULL OR (fees GLOB '[0-9]*.[0-9]*' OR fees GLOB '-[0-9]*.[0-9]*') AND fees NOT GLOB '*[^0-9.-]*'),
    status VARCHAR DEFAULT 'open' CHECK (status IN ('open', 'closed', 'settled')),
    unrealized_pnl TEXT CHECK (unrealized_pnl IS NULL OR (unrealized_pnl GLOB '[0-9]*.[0-9]*' OR unrealized_pnl GLOB '-[0-9]*.[0-9]*') AND unrealized_pnl NOT GLOB '*[^0-9.-]*'),
    realized_pnl TEXT CHECK (realized_pnl IS NULL OR (realized_pnl GLOB '[0-9]*.[0-9]*' OR realized_pnl GLOB '-[0-9]*.[0-9]*') AND realized_pnl NOT GLOB '*[^0-9.-]*'),
    current_price TEXT CHECK (CAST(current_price AS REAL) BETWEEN 0 AND 1) CHECK (current_price IS NULL OR (current_price GLOB '[0-9]*.[0-9]*' OR current_price GLOB '-[0-9]*.[0-9]*') AND current_price NOT GLOB '*[^0-9.-]*'),
    unrealized_pnl_pct TEXT CHECK (unrealized_pnl_pct IS NULL OR (unrealized_pnl_pct GLOB '[0-9]*.[0-9]*' OR unrealized_pnl_pct GLOB '-[0-9]*.[0-9]*') AND unrealized_pnl_pct NOT GLOB '*[^0-9.-]*'),
    last_update TEXT,
    trailing_stop_state TEXT CHECK (trailing_stop_state IS NULL OR json_valid(trailing_stop_state)),
    exit_reason VARCHAR(50),
    exit_priority VARCHAR(20) CHECK (exit_priority IN ('CRITICAL', 'HIGH', 'MEDIUM', 'LOW')),
    target_price TEXT CHECK (CAST(target_price AS REAL) BETWEEN 0 AND 1) CHECK (target_price IS NULL OR (target_price GLOB '[0-9]*.[0-9]*' OR target_price GLOB '-[0-9]*.[0-9]*') AND target_price NOT GLOB '*[^0-9.-]*'),
    stop_loss_price TEXT CHECK (CAST(stop_loss_price AS REAL) BETWEEN 0 AND 1) CHECK (stop_loss_price IS NULL OR (stop_loss_price GLOB '[0-9]*.[0-9]*' OR stop_loss_price GLOB '-[0-9]*.[0-9]*') AND stop_loss_price NOT GLOB '*[^0-9.-]*'),
    entry_time TEXT,
    exit_time TEXT,
    last_check_time TEXT,
    exit_price TEXT CHECK (CAST(exit_price AS REAL) BETWEEN 0 AND 1) CHECK (exit_price IS NULL OR (exit_price GLOB '[0-9]*.[0-9]*' OR exit_price GLOB '-[0-9]*.[0-9]*') AND exit_price NOT GLOB '*[^0-9.-]*'),
    position_metadata TEXT CHECK (position_metadata IS NULL OR json_valid(position_metadata)),
    initial_order_id VARCHAR,
    created_at TEXT DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    updated_at TEXT DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    row_current_ind INTEGER NOT NULL DEFAULT 1 CHECK (row_current_ind IN (0, 1)),
    row_end_ts TEXT,
    CHECK (row_current_ind = 1 OR row_end_ts IS NOT NULL)
);
CREATE INDEX idx_positions_market ON positions(market_uuid);
CREATE INDEX idx_positions_platform ON positions(platform_id);
CREATE INDEX idx_positions_status ON positions(status);
CREATE INDEX idx_positions_current ON positions(row_current_ind) WHERE row_current_ind = 1;
CREATE INDEX idx_positions_last_update ON positions(last_update);
CREATE INDEX idx_positions_uuid ON positions(position_uuid);
CREATE UNIQUE INDEX uq_positions_current ON positions(position_uuid) WHERE row_current_ind = 1;

-- Append-only: trades never change. One row per fill (trade_external_id is the venue's trade id).
CREATE TABLE trades (
    trade_id INTEGER PRIMARY KEY AUTOINCREMENT,
    trade_external_id VARCHAR UNIQUE,
    market_uuid TEXT NOT NULL,
    market_id VARCHAR,
    platform_id VARCHAR REFERENCES platforms(platform_id) ON DELETE CASCADE,
    position_uuid TEXT,
    position_id INTEGER,
    edge_id INTEGER,
    strategy_id INTEGER REFERENCES strategies(strategy_id),
    model_id INTEGER REFERENCES probability_models(model_id),
    method_id INTEGER REFERENCES methods(method_id),
    order_id VARCHAR,
    client_order_id TEXT,
    side VARCHAR NOT NULL CHECK (side IN ('buy', 'sell')),
    price TEXT NOT NULL CHECK (CAST(price AS REAL) BETWEEN 0 AND 1) CHECK (price IS NULL OR (price GLOB '[0-9]*.[0-9]*' OR price GLOB '-[0-9]*.[0-9]*') AND price NOT GLOB '*[^0-9.-]*'),
    quantity INT NOT NULL CHECK (quantity >= 0),
    fees TEXT CHECK (CAST(fees AS REAL) >= 0) CHECK (fees IS NULL OR (fees GLOB '[0-9]*.[0-9]*' OR fees GLOB '-[0-9]*.[0-9]*') AND fees NOT GLOB '*[^0-9.-]*'),
    edge_at_execution TEXT CHECK (edge_at_execution IS NULL OR (edge_at_execution GLOB '[0-9]*.[0-9]*' OR edge_at_execution GLOB '-[0-9]*.[0-9]*') AND edge_at_execution NOT GLOB '*[^0-9.-]*'),
    confidence_at_execution VARCHAR CHECK (confidence_at_execution IN ('high', 'medium', 'low')),
    order_type VARCHAR CHECK (order_type IN ('market', 'limit')),
    execution_time TEXT,
    trade_metadata TEXT CHECK (trade_metadata IS NULL OR json_valid(trade_metadata)),
    created_at TEXT DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX idx_trades_market ON trades(market_uuid);
CREATE INDEX idx_trades_platform ON trades(platform_id);
CREATE INDEX idx_trades_position ON trades(position_uuid);
CREATE INDEX idx_trades_edge ON trades(edge_id);
CREATE INDEX idx_trades_strategy ON trades(strategy_id);
CREATE INDEX idx_trades_model ON trades(model_id);
CREATE INDEX idx_trades_method ON trades(method_id);
CREATE INDEX idx_trades_created ON trades(created_at);

CREATE TABLE position_exits (
    exit_id INTEGER PRIMARY KEY AUTOINCREMENT,
    position_uuid TEXT NOT NULL,
    position_id INTEGER,
    exit_condition VARCHAR(50) NOT NULL CHECK (exit_condition IN ('stop_loss', 'circuit_breaker', 'trailing_stop', 'time_based_urgent',
        'liquidity_dried_up', 'profit_target', 'partial_exit_target', 'edge_disappeared', 'early_exit', 'rebalance', 'settlement')),
    exit_priority VARCHAR(20) NOT NULL CHECK (exit_priority IN ('CRITICAL', 'HIGH', 'MEDIUM', 'LOW')),
    quantity_exited INT NOT NULL CHECK (quantity_exited >= 0),
    exit_price TEXT NOT NULL CHECK (CAST(exit_price AS REAL) BETWEEN 0 AND 1) CHECK (exit_price IS NULL OR (exit_price GLOB '[0-9]*.[0-9]*' OR exit_price GLOB '-[0-9]*.[0-9]*') AND exit_price NOT GLOB '*[^0-9.-]*'),
    unrealized_pnl_at_exit TEXT CHECK (unrealized_pnl_at_exit IS NULL OR (unrealized_pnl_at_exit GLOB '[0-9]*.[0-9]*' OR unrealized_pnl_at_exit GLOB '-[0-9]*.[0-9]*') AND unrealized_pnl_at_exit NOT GLOB '*[^0-9.-]*'),
    exit_trade_id INTEGER REFERENCES trades(trade_id),
    created_at TEXT DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX idx_position_exits_position ON position_exits(position_uuid);
CREATE INDEX idx_position_exits_condition ON position_exits(exit_condition);
CREATE INDEX idx_position_exits_priority ON position_exits(exit_priority);
CREATE INDEX idx_position_exits_created ON position_exits(created_at);

CREATE TABLE exit_attempts (
    attempt_id INTEGER PRIMARY KEY AUTOINCREMENT,
    position_uuid TEXT NOT NULL,
    position_id INTEGER,
    exit_condition VARCHAR(50) NOT NULL,
    priority_level VARCHAR(20) NOT NULL CHECK (priority_level IN ('CRITICAL', 'HIGH', 'MEDIUM', 'LOW')),
    order_type VARCHAR(20) NOT NULL CHECK (order_type IN ('market', 'limit')),
    limit_price TEXT CHECK (CAST(limit_price AS REAL) BETWEEN 0 AND 1) CHECK (limit_price IS NULL OR (limit_price GLOB '[0-9]*.[0-9]*' OR limit_price GLOB '-[0-9]*.[0-9]*') AND limit_price NOT GLOB '*[^0-9.-]*'),
    fill_price TEXT CHECK (CAST(fill_price AS REAL) BETWEEN 0 AND 1) CHECK (fill_price IS NULL OR (fill_price GLOB '[0-9]*.[0-9]*' OR fill_price GLOB '-[0-9]*.[0-9]*') AND fill_price NOT GLOB '*[^0-9.-]*'),
    quantity INT NOT NULL CHECK (quantity >= 0),
    attempt_number INT NOT NULL CHECK (attempt_number >= 1),
    timeout_seconds INT CHECK (timeout_seconds >= 0),
    success INTEGER CHECK (success IN (0, 1)),
    order_id VARCHAR,
    client_order_id TEXT,
    created_at TEXT DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX idx_exit_attempts_position ON exit_attempts(position_uuid);
CREATE INDEX idx_exit_attempts_condition ON exit_attempts(exit_condition);
CREATE INDEX idx_exit_attempts_success ON exit_attempts(success);
CREATE INDEX idx_exit_attempts_created ON exit_attempts(created_at);

CREATE TABLE settlements (
    settlement_id INTEGER PRIMARY KEY AUTOINCREMENT,
    market_uuid TEXT NOT NULL,
    market_id VARCHAR,
    platform_id VARCHAR REFERENCES platforms(platform_id) ON DELETE CASCADE,
    outcome VARCHAR NOT NULL CHECK (outcome IN ('yes', 'no', 'void')),
    payout TEXT CHECK (CAST(payout AS REAL) >= 0) CHECK (payout IS NULL OR (payout GLOB '[0-9]*.[0-9]*' OR payout GLOB '-[0-9]*.[0-9]*') AND payout NOT GLOB '*[^0-9.-]*'),
    external_settlement_id VARCHAR,
    settlement_timestamp TEXT,
    api_response TEXT CHECK (api_response IS NULL OR json_valid(api_response)),
    created_at TEXT DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX idx_settlements_market ON settlements(market_uuid);
CREATE INDEX idx_settlements_platform ON settlements(platform_id);

-- Versioned; business key: platform_id.
CREATE TABLE account_balance (
    balance_id INTEGER PRIMARY KEY AUTOINCREMENT,
    platform_id VARCHAR NOT NULL REFERENCES platforms(platform_id) ON DELETE CASCADE,
    balance TEXT NOT NULL CHECK (balance IS NULL OR (balance GLOB '[0-9]*.[0-9]*' OR balance GLOB '-[0-9]*.[0-9]*') AND balance NOT GLOB '*[^0-9.-]*'),
    currency VARCHAR DEFAULT 'USD',
    created_at TEXT DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    row_current_ind INTEGER NOT NULL DEFAULT 1 CHECK (row_current_ind IN (0, 1)),
    row_end_ts TEXT,
    CHECK (row_current_ind = 1 OR row_end_ts IS NOT NULL)
);
CREATE INDEX idx_balance_platform ON account_balance(platform_id);
CREATE INDEX idx_balance_current ON account_balance(row_current_ind) WHERE row_current_ind = 1;
CREATE UNIQUE INDEX uq_account_balance_current ON account_balance(platform_id) WHERE row_current_ind = 1;

-- 5. Configuration & state
CREATE TABLE config_overrides (
    override_id INTEGER PRIMARY KEY AUTOINCREMENT,
    config_key VARCHAR NOT NULL,
    override_value TEXT NOT NULL CHECK (override_value IS NULL OR json_valid(override_value)),
    data_type VARCHAR CHECK (data_type IN ('float', 'int', 'bool', 'string', 'duration')),
    reason TEXT,
    applied_by VARCHAR,
    applied_at TEXT DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    expires_at TEXT,
    active INTEGER DEFAULT 1 CHECK (active IN (0, 1))
);
CREATE INDEX idx_config_overrides_key ON config_overrides(config_key);
CREATE INDEX idx_config_overrides_active ON config_overrides(active) WHERE active = 1;

CREATE TABLE circuit_breaker_events (
    event_id INTEGER PRIMARY KEY AUTOINCREMENT,
    breaker_type VARCHAR NOT NULL CHECK (breaker_type IN ('daily_loss_limit', 'consecutive_losses', 'api_failures', 'data_stale',
        'position_limit', 'persistence', 'manual')),
    triggered_at TEXT DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    resolved_at TEXT,
    trigger_value TEXT CHECK (trigger_value IS NULL OR json_valid(trigger_value)),
    resolution_action VARCHAR,
    notes TEXT
);
CREATE INDEX idx_circuit_breaker_triggered ON circuit_breaker_events(triggered_at);

CREATE TABLE system_health (
    health_id INTEGER PRIMARY KEY AUTOINCREMENT,
    component VARCHAR NOT NULL,
    status VARCHAR NOT NULL CHECK (status IN ('healthy', 'degraded', 'down')),
    last_check TEXT DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    details TEXT CHECK (details IS NULL OR json_valid(details)),
    alert_sent INTEGER DEFAULT 0 CHECK (alert_sent IN (0, 1))
);
CREATE INDEX idx_health_component ON system_health(component);
CREATE INDEX idx_health_status ON system_health(status);

CREATE TABLE alerts (
    alert_id INTEGER PRIMARY KEY AUTOINCREMENT,
    alert_uuid TEXT NOT NULL DEFAULT (lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)))) UNIQUE,
    alert_type VARCHAR NOT NULL,
    severity VARCHAR NOT NULL CHECK (severity IN ('critical', 'high', 'medium', 'low')),
    category VARCHAR,
    component VARCHAR NOT NULL,
    message TEXT NOT NULL,
    details TEXT CHECK (details IS NULL OR json_valid(details)),
    source_table VARCHAR,
    source_id INTEGER,
    triggered_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    acknowledged_at TEXT,
    resolved_at TEXT,
    acknowledged_by VARCHAR,
    acknowledged_notes TEXT,
    resolved_by VARCHAR,
    resolved_notes TEXT,
    resolution_action VARCHAR CHECK (resolution_action IS NULL OR resolution_action IN ('fixed', 'false_positive', 'ignored', 'escalated')),
    notification_sent INTEGER DEFAULT 0 CHECK (notification_sent IN (0, 1)),
    notification_channels TEXT CHECK (notification_channels IS NULL OR json_valid(notification_channels)),
    notification_sent_at TEXT,
    notification_attempts INT DEFAULT 0 CHECK (notification_attempts >= 0),
    notification_errors TEXT CHECK (notification_errors IS NULL OR json_valid(notification_errors)),
    fingerprint VARCHAR(64),
    suppressed INTEGER DEFAULT 0 CHECK (suppressed IN (0, 1)),
    environment VARCHAR,
    tags TEXT CHECK (tags IS NULL OR json_valid(tags))
);
CREATE INDEX idx_alerts_type ON alerts(alert_type);
CREATE INDEX idx_alerts_severity ON alerts(severity);
CREATE INDEX idx_alerts_component ON alerts(component);
CREATE INDEX idx_alerts_triggered ON alerts(triggered_at DESC);
CREATE INDEX idx_alerts_unresolved ON alerts(resolved_at) WHERE resolved_at IS NULL;
CREATE INDEX idx_alerts_fingerprint ON alerts(fingerprint) WHERE fingerprint IS NOT NULL;
CREATE INDEX idx_alerts_environment ON alerts(environment);

-- 7. Machine-learning infrastructure (placeholders of the document, built as specified)
CREATE TABLE feature_definitions (
    feature_id INTEGER PRIMARY KEY AUTOINCREMENT,
    feature_name VARCHAR NOT NULL,
    feature_version VARCHAR NOT NULL,
    category VARCHAR NOT NULL,
    sport VARCHAR,
    calculation_method TEXT,
    data_type VARCHAR NOT NULL CHECK (data_type IN ('float', 'int', 'boolean', 'categorical')),
    unit VARCHAR,
    description TEXT,
    status VARCHAR DEFAULT 'active' CHECK (status IN ('active', 'deprecated')),
    created_at TEXT DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    created_by VARCHAR,
    UNIQUE (feature_name, feature_version)
);
CREATE INDEX idx_feature_definitions_name ON feature_definitions(feature_name);
CREATE INDEX idx_feature_definitions_sport ON feature_definitions(sport);
CREATE INDEX idx_feature_definitions_category ON feature_definitions(category);
CREATE INDEX idx_feature_definitions_active ON feature_definitions(status) WHERE status = 'active';

CREATE TABLE features_historical (
    feature_record_id INTEGER PRIMARY KEY AUTOINCREMENT,
    feature_id INTEGER NOT NULL REFERENCES feature_definitions(feature_id),
    entity_type VARCHAR NOT NULL CHECK (entity_type IN ('team', 'player', 'market', 'game')),
    entity_id VARCHAR NOT NULL,
    timestamp TEXT NOT NULL,
    feature_value TEXT CHECK (feature_value IS NULL OR (feature_value GLOB '[0-9]*.[0-9]*' OR feature_value GLOB '-[0-9]*.[0-9]*') AND feature_value NOT GLOB '*[^0-9.-]*'),
    metadata TEXT CHECK (metadata IS NULL OR json_valid(metadata)),
    created_at TEXT DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX idx_features_historical_lookup ON features_historical(feature_id, entity_id, timestamp);
CREATE INDEX idx_features_historical_entity ON features_historical(entity_type, entity_id);
CREATE INDEX idx_features_historical_timestamp ON features_historical(timestamp);
CREATE INDEX idx_features_historical_feature ON features_historical(feature_id);

CREATE TABLE training_datasets (
    dataset_id INTEGER PRIMARY KEY AUTOINCREMENT,
    dataset_name VARCHAR NOT NULL,
    sport VARCHAR NOT NULL,
    model_type VARCHAR CHECK (model_type IN ('classification', 'regression', 'ranking')),
    label_type VARCHAR NOT NULL,
    start_date TEXT NOT NULL,
    end_date TEXT NOT NULL,
    feature_snapshot_date TEXT,
    sample_count INT CHECK (sample_count >= 0),
    feature_ids TEXT CHECK (feature_ids IS NULL OR json_valid(feature_ids)),
    feature_count INT CHECK (feature_count >= 0),
    train_test_split TEXT CHECK (train_test_split IS NULL OR json_valid(train_test_split)),
    storage_path VARCHAR,
    checksum VARCHAR,
    file_size_mb TEXT CHECK (CAST(file_size_mb AS REAL) >= 0) CHECK (file_size_mb IS NULL OR (file_size_mb GLOB '[0-9]*.[0-9]*' OR file_size_mb GLOB '-[0-9]*.[0-9]*') AND file_size_mb NOT GLOB '*[^0-9.-]*'),
    description TEXT,
    created_at TEXT DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    created_by VARCHAR,
    CHECK (start_date <= end_date)
);
CREATE INDEX idx_training_datasets_sport ON training_datasets(sport);
CREATE INDEX idx_training_datasets_dates ON training_datasets(start_date, end_date);
CREATE INDEX idx_training_datasets_model_type ON training_datasets(model_type);

CREATE TABLE model_training_runs (
    run_id INTEGER PRIMARY KEY AUTOINCREMENT,
    model_id INTEGER REFERENCES probability_models(model_id),
    dataset_id INTEGER REFERENCES training_datasets(dataset_id),
    training_started_at TEXT,
    training_completed_at TEXT,
    training_duration_seconds INT CHECK (training_duration_seconds >= 0),
    hyperparameters TEXT NOT NULL CHECK (hyperparameters IS NULL OR json_valid(hyperparameters)),
    metrics TEXT CHECK (metrics IS NULL OR json_valid(metrics)),
    train_metrics TEXT CHECK (train_metrics IS NULL OR json_valid(train_metrics)),
    val_metrics TEXT CHECK (val_metrics IS NULL OR json_valid(val_metrics)),
    test_metrics TEXT CHECK (test_metrics IS NULL OR json_valid(test_metrics)),
    feature_importance TEXT CHECK (feature_importance IS NULL OR json_valid(feature_importance)),
    hardware_specs TEXT CHECK (hardware_specs IS NULL OR json_valid(hardware_specs)),
    framework_version VARCHAR,
    status VARCHAR DEFAULT 'running' CHECK (status IN ('running', 'completed', 'failed', 'cancelled')),
    error_message TEXT,
    notes TEXT,
    created_at TEXT DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    created_by VARCHAR
);
CREATE INDEX idx_model_training_runs_model ON model_training_runs(model_id);
CREATE INDEX idx_model_training_runs_dataset ON model_training_runs(dataset_id);
CREATE INDEX idx_model_training_runs_status ON model_training_runs(status);
CREATE INDEX idx_model_training_runs_started ON model_training_runs(training_started_at DESC);

-- Migration 010 of the document: teams and their Elo history
CREATE TABLE teams (
    team_id INTEGER PRIMARY KEY AUTOINCREMENT,
    team_code VARCHAR NOT NULL UNIQUE,
    team_name VARCHAR NOT NULL,
    sport VARCHAR NOT NULL DEFAULT 'nfl',
    conference VARCHAR,
    division VARCHAR,
    initial_elo TEXT NOT NULL CHECK (CAST(initial_elo AS REAL) > 0) CHECK (initial_elo IS NULL OR (initial_elo GLOB '[0-9]*.[0-9]*' OR initial_elo GLOB '-[0-9]*.[0-9]*') AND initial_elo NOT GLOB '*[^0-9.-]*'),
    current_elo TEXT NOT NULL CHECK (CAST(current_elo AS REAL) > 0) CHECK (current_elo IS NULL OR (current_elo GLOB '[0-9]*.[0-9]*' OR current_elo GLOB '-[0-9]*.[0-9]*') AND current_elo NOT GLOB '*[^0-9.-]*'),
    created_at TEXT DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    updated_at TEXT DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

CREATE TABLE elo_rating_history (
    history_id INTEGER PRIMARY KEY AUTOINCREMENT,
    team_id INTEGER NOT NULL REFERENCES teams(team_id) ON DELETE CASCADE,
    model_id INTEGER REFERENCES probability_models(model_id),
    external_game_id VARCHAR,
    game_date TEXT,
    season INT,
    opponent_code VARCHAR,
    elo_before TEXT NOT NULL CHECK (CAST(elo_before AS REAL) > 0) CHECK (elo_before IS NULL OR (elo_before GLOB '[0-9]*.[0-9]*' OR elo_before GLOB '-[0-9]*.[0-9]*') AND elo_before NOT GLOB '*[^0-9.-]*'),
    elo_after TEXT NOT NULL CHECK (CAST(elo_after AS REAL) > 0) CHECK (elo_after IS NULL OR (elo_after GLOB '[0-9]*.[0-9]*' OR elo_after GLOB '-[0-9]*.[0-9]*') AND elo_after NOT GLOB '*[^0-9.-]*'),
    win_probability TEXT CHECK (CAST(win_probability AS REAL) BETWEEN 0 AND 1) CHECK (win_probability IS NULL OR (win_probability GLOB '[0-9]*.[0-9]*' OR win_probability GLOB '-[0-9]*.[0-9]*') AND win_probability NOT GLOB '*[^0-9.-]*'),
    result TEXT CHECK (CAST(result AS REAL) IN (0, 0.5, 1)) CHECK (result IS NULL OR (result GLOB '[0-9]*.[0-9]*' OR result GLOB '-[0-9]*.[0-9]*') AND result NOT GLOB '*[^0-9.-]*'),
    created_at TEXT DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX idx_elo_rating_history_team ON elo_rating_history(team_id, game_date);
