-- Precog schema v1.7 (../shared/seed/DATABASE_SCHEMA_SUMMARY_V1.7.md) plus the v1.7 change log
-- (DESIGN.md, "Persistence and the schema"). SQLite edition, each type in one canonical text form so
-- that equality, uniqueness and ordering work on the text (docs/SCHEMA.md):
--   DECIMAL(p,s)  TEXT with exactly s decimals, as PostgreSQL prints it ('0.5000'), never REAL;
--                 range-checked through CAST; x = printf('%.sf', x) refuses any other spelling
--   TIMESTAMP     TEXT, UTC ISO-8601 with milliseconds ('2025-10-24T18:30:00.000Z')
--   UUID          TEXT, lowercase with hyphens; BOOLEAN: INTEGER 0/1; JSONB: TEXT with json_valid
-- Versioned tables (SCD type 2) carry row_current_ind and row_end_ts (set exactly when the row is
-- closed) and a unique partial index: at most one current row per business key.

-- 1. Platform & market hierarchy
CREATE TABLE platforms (
    platform_id VARCHAR NOT NULL PRIMARY KEY,
    platform_type VARCHAR NOT NULL CHECK (platform_type IN ('trading', 'data_source')),
    display_name VARCHAR NOT NULL,
    base_url VARCHAR,
    websocket_url VARCHAR,
    api_version VARCHAR,
    auth_method VARCHAR,
    fees_structure TEXT CHECK (fees_structure IS NULL OR json_valid(fees_structure)),
    status VARCHAR DEFAULT 'active' CHECK (status IN ('active', 'inactive')),
    created_at TEXT DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) CHECK (created_at IS NULL OR created_at IS strftime('%Y-%m-%dT%H:%M:%fZ', created_at))
);

CREATE TABLE series (
    series_id VARCHAR NOT NULL PRIMARY KEY,
    platform_id VARCHAR REFERENCES platforms(platform_id) ON DELETE CASCADE,
    external_id VARCHAR NOT NULL,
    category VARCHAR NOT NULL,
    subcategory VARCHAR,
    title VARCHAR NOT NULL,
    frequency VARCHAR,
    metadata TEXT CHECK (metadata IS NULL OR json_valid(metadata)),
    created_at TEXT DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) CHECK (created_at IS NULL OR created_at IS strftime('%Y-%m-%dT%H:%M:%fZ', created_at)),
    updated_at TEXT DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) CHECK (updated_at IS NULL OR updated_at IS strftime('%Y-%m-%dT%H:%M:%fZ', updated_at))
);

CREATE TABLE events (
    event_id VARCHAR NOT NULL PRIMARY KEY,
    platform_id VARCHAR REFERENCES platforms(platform_id) ON DELETE CASCADE,
    series_id VARCHAR REFERENCES series(series_id) ON DELETE CASCADE,
    external_id VARCHAR NOT NULL,
    category VARCHAR NOT NULL,
    subcategory VARCHAR,
    title VARCHAR NOT NULL,
    description TEXT,
    start_time TEXT CHECK (start_time IS NULL OR start_time IS strftime('%Y-%m-%dT%H:%M:%fZ', start_time)),
    end_time TEXT CHECK (end_time IS NULL OR end_time IS strftime('%Y-%m-%dT%H:%M:%fZ', end_time)),
    status VARCHAR CHECK (status IN ('scheduled', 'live', 'final', 'cancelled')),
    result TEXT CHECK (result IS NULL OR json_valid(result)),
    metadata TEXT CHECK (metadata IS NULL OR json_valid(metadata)),
    created_at TEXT DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) CHECK (created_at IS NULL OR created_at IS strftime('%Y-%m-%dT%H:%M:%fZ', created_at)),
    updated_at TEXT DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) CHECK (updated_at IS NULL OR updated_at IS strftime('%Y-%m-%dT%H:%M:%fZ', updated_at))
);

-- Versioned: one row per version; market_uuid is the market's identity across its versions.
CREATE TABLE markets (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    market_uuid TEXT NOT NULL CHECK (market_uuid IS NULL OR (typeof(market_uuid) = 'text' AND market_uuid GLOB '????????-????-????-????-????????????' AND market_uuid NOT GLOB '*[^0-9a-f-]*' AND length(replace(market_uuid, '-', '')) = 32)),
    market_id VARCHAR NOT NULL,
    platform_id VARCHAR REFERENCES platforms(platform_id) ON DELETE CASCADE,
    event_id VARCHAR REFERENCES events(event_id) ON DELETE CASCADE,
    external_id VARCHAR NOT NULL,
    ticker VARCHAR,
    title VARCHAR NOT NULL,
    market_type VARCHAR CHECK (market_type IN ('binary', 'categorical', 'scalar')),
    yes_price TEXT CHECK (CAST(yes_price AS REAL) BETWEEN 0 AND 1) CHECK (yes_price IS NULL OR (typeof(yes_price) = 'text' AND yes_price = printf('%.4f', yes_price) AND abs(yes_price) < 1e6)),
    no_price TEXT CHECK (CAST(no_price AS REAL) BETWEEN 0 AND 1) CHECK (no_price IS NULL OR (typeof(no_price) = 'text' AND no_price = printf('%.4f', no_price) AND abs(no_price) < 1e6)),
    volume INT CHECK (volume >= 0),
    open_interest INT CHECK (open_interest >= 0),
    spread TEXT CHECK (CAST(spread AS REAL) BETWEEN 0 AND 1) CHECK (spread IS NULL OR (typeof(spread) = 'text' AND spread = printf('%.4f', spread) AND abs(spread) < 1e6)),
    status VARCHAR CHECK (status IN ('open', 'closed', 'settled')),
    settlement_value TEXT CHECK (CAST(settlement_value AS REAL) BETWEEN 0 AND 1) CHECK (settlement_value IS NULL OR (typeof(settlement_value) = 'text' AND settlement_value = printf('%.4f', settlement_value) AND abs(settlement_value) < 1e6)),
    metadata TEXT CHECK (metadata IS NULL OR json_valid(metadata)),
    created_at TEXT DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) CHECK (created_at IS NULL OR created_at IS strftime('%Y-%m-%dT%H:%M:%fZ', created_at)),
    updated_at TEXT DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) CHECK (updated_at IS NULL OR updated_at IS strftime('%Y-%m-%dT%H:%M:%fZ', updated_at)),
    row_current_ind INTEGER NOT NULL DEFAULT 1 CHECK (row_current_ind IN (0, 1)),
    row_end_ts TEXT CHECK (row_end_ts IS NULL OR row_end_ts IS strftime('%Y-%m-%dT%H:%M:%fZ', row_end_ts)),
    CHECK (row_current_ind = (row_end_ts IS NULL))
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
    created_at TEXT DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) CHECK (created_at IS NULL OR created_at IS strftime('%Y-%m-%dT%H:%M:%fZ', created_at)),
    updated_at TEXT DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) CHECK (updated_at IS NULL OR updated_at IS strftime('%Y-%m-%dT%H:%M:%fZ', updated_at)),
    row_current_ind INTEGER NOT NULL DEFAULT 1 CHECK (row_current_ind IN (0, 1)),
    row_end_ts TEXT CHECK (row_end_ts IS NULL OR row_end_ts IS strftime('%Y-%m-%dT%H:%M:%fZ', row_end_ts)),
    CHECK (row_current_ind = (row_end_ts IS NULL))
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
    win_probability TEXT NOT NULL CHECK (CAST(win_probability AS REAL) BETWEEN 0 AND 1) CHECK (win_probability IS NULL OR (typeof(win_probability) = 'text' AND win_probability = printf('%.4f', win_probability) AND abs(win_probability) < 1e6)),
    confidence_interval_lower TEXT CHECK (CAST(confidence_interval_lower AS REAL) BETWEEN 0 AND 1) CHECK (confidence_interval_lower IS NULL OR (typeof(confidence_interval_lower) = 'text' AND confidence_interval_lower = printf('%.4f', confidence_interval_lower) AND abs(confidence_interval_lower) < 1e6)),
    confidence_interval_upper TEXT CHECK (CAST(confidence_interval_upper AS REAL) BETWEEN 0 AND 1) CHECK (confidence_interval_upper IS NULL OR (typeof(confidence_interval_upper) = 'text' AND confidence_interval_upper = printf('%.4f', confidence_interval_upper) AND abs(confidence_interval_upper) < 1e6)),
    sample_size INT CHECK (sample_size >= 0),
    source VARCHAR,
    methodology TEXT,
    matrix_name VARCHAR,
    description TEXT,
    created_at TEXT DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) CHECK (created_at IS NULL OR created_at IS strftime('%Y-%m-%dT%H:%M:%fZ', created_at)),
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
    validation_accuracy TEXT CHECK (validation_accuracy IS NULL OR (typeof(validation_accuracy) = 'text' AND validation_accuracy = printf('%.4f', validation_accuracy) AND abs(validation_accuracy) < 1e6)),
    validation_calibration TEXT CHECK (validation_calibration IS NULL OR (typeof(validation_calibration) = 'text' AND validation_calibration = printf('%.4f', validation_calibration) AND abs(validation_calibration) < 1e6)),
    validation_sample_size INT CHECK (validation_sample_size >= 0),
    created_at TEXT DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) CHECK (created_at IS NULL OR created_at IS strftime('%Y-%m-%dT%H:%M:%fZ', created_at)),
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
    paper_roi TEXT CHECK (paper_roi IS NULL OR (typeof(paper_roi) = 'text' AND paper_roi = printf('%.4f', paper_roi) AND abs(paper_roi) < 1e6)),
    live_roi TEXT CHECK (live_roi IS NULL OR (typeof(live_roi) = 'text' AND live_roi = printf('%.4f', live_roi) AND abs(live_roi) < 1e6)),
    paper_trades_count INT DEFAULT 0 CHECK (paper_trades_count >= 0),
    live_trades_count INT DEFAULT 0 CHECK (live_trades_count >= 0),
    created_at TEXT DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) CHECK (created_at IS NULL OR created_at IS strftime('%Y-%m-%dT%H:%M:%fZ', created_at)),
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
    activated_at TEXT CHECK (activated_at IS NULL OR activated_at IS strftime('%Y-%m-%dT%H:%M:%fZ', activated_at)),
    deactivated_at TEXT CHECK (deactivated_at IS NULL OR deactivated_at IS strftime('%Y-%m-%dT%H:%M:%fZ', deactivated_at)),
    paper_roi TEXT CHECK (paper_roi IS NULL OR (typeof(paper_roi) = 'text' AND paper_roi = printf('%.4f', paper_roi) AND abs(paper_roi) < 1e6)),
    live_roi TEXT CHECK (live_roi IS NULL OR (typeof(live_roi) = 'text' AND live_roi = printf('%.4f', live_roi) AND abs(live_roi) < 1e6)),
    sharpe_ratio TEXT CHECK (sharpe_ratio IS NULL OR (typeof(sharpe_ratio) = 'text' AND sharpe_ratio = printf('%.4f', sharpe_ratio) AND abs(sharpe_ratio) < 1e6)),
    win_rate TEXT CHECK (CAST(win_rate AS REAL) BETWEEN 0 AND 1) CHECK (win_rate IS NULL OR (typeof(win_rate) = 'text' AND win_rate = printf('%.4f', win_rate) AND abs(win_rate) < 1e2)),
    total_trades INT DEFAULT 0 CHECK (total_trades >= 0),
    description TEXT,
    notes TEXT,
    created_at TEXT DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) CHECK (created_at IS NULL OR created_at IS strftime('%Y-%m-%dT%H:%M:%fZ', created_at)),
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
    created_at TEXT DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) CHECK (created_at IS NULL OR created_at IS strftime('%Y-%m-%dT%H:%M:%fZ', created_at))
);

-- Versioned; business key: the market, strategy, model and method versions and the side.
CREATE TABLE edges (
    edge_id INTEGER PRIMARY KEY AUTOINCREMENT,
    market_uuid TEXT NOT NULL CHECK (market_uuid IS NULL OR (typeof(market_uuid) = 'text' AND market_uuid GLOB '????????-????-????-????-????????????' AND market_uuid NOT GLOB '*[^0-9a-f-]*' AND length(replace(market_uuid, '-', '')) = 32)),
    market_id VARCHAR,
    side VARCHAR NOT NULL CHECK (side IN ('yes', 'no')),
    probability_matrix_id INTEGER REFERENCES probability_matrices(probability_id),
    strategy_id INTEGER REFERENCES strategies(strategy_id),
    model_id INTEGER REFERENCES probability_models(model_id),
    method_id INTEGER REFERENCES methods(method_id),
    expected_value TEXT NOT NULL CHECK (CAST(expected_value AS REAL) BETWEEN -1 AND 1) CHECK (expected_value IS NULL OR (typeof(expected_value) = 'text' AND expected_value = printf('%.4f', expected_value) AND abs(expected_value) < 1e6)),
    true_win_probability TEXT NOT NULL CHECK (CAST(true_win_probability AS REAL) BETWEEN 0 AND 1) CHECK (true_win_probability IS NULL OR (typeof(true_win_probability) = 'text' AND true_win_probability = printf('%.4f', true_win_probability) AND abs(true_win_probability) < 1e6)),
    market_implied_probability TEXT NOT NULL CHECK (CAST(market_implied_probability AS REAL) BETWEEN 0 AND 1) CHECK (market_implied_probability IS NULL OR (typeof(market_implied_probability) = 'text' AND market_implied_probability = printf('%.4f', market_implied_probability) AND abs(market_implied_probability) < 1e6)),
    market_price TEXT NOT NULL CHECK (CAST(market_price AS REAL) BETWEEN 0 AND 1) CHECK (market_price IS NULL OR (typeof(market_price) = 'text' AND market_price = printf('%.4f', market_price) AND abs(market_price) < 1e6)),
    confidence_level VARCHAR CHECK (confidence_level IN ('high', 'medium', 'low')),
    confidence_metrics TEXT CHECK (confidence_metrics IS NULL OR json_valid(confidence_metrics)),
    recommended_action VARCHAR CHECK (recommended_action IN ('auto_execute', 'alert', 'ignore')),
    created_at TEXT DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) CHECK (created_at IS NULL OR created_at IS strftime('%Y-%m-%dT%H:%M:%fZ', created_at)),
    row_current_ind INTEGER NOT NULL DEFAULT 1 CHECK (row_current_ind IN (0, 1)),
    row_end_ts TEXT CHECK (row_end_ts IS NULL OR row_end_ts IS strftime('%Y-%m-%dT%H:%M:%fZ', row_end_ts)),
    CHECK (row_current_ind = (row_end_ts IS NULL))
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
    position_uuid TEXT NOT NULL CHECK (position_uuid IS NULL OR (typeof(position_uuid) = 'text' AND position_uuid GLOB '????????-????-????-????-????????????' AND position_uuid NOT GLOB '*[^0-9a-f-]*' AND length(replace(position_uuid, '-', '')) = 32)),
    market_uuid TEXT NOT NULL CHECK (market_uuid IS NULL OR (typeof(market_uuid) = 'text' AND market_uuid GLOB '????????-????-????-????-????????????' AND market_uuid NOT GLOB '*[^0-9a-f-]*' AND length(replace(market_uuid, '-', '')) = 32)),
    market_id VARCHAR,
    platform_id VARCHAR REFERENCES platforms(platform_id) ON DELETE CASCADE,
    strategy_id INTEGER REFERENCES strategies(strategy_id),
    model_id INTEGER REFERENCES probability_models(model_id),
    method_id INTEGER REFERENCES methods(method_id),
    side VARCHAR NOT NULL CHECK (side IN ('yes', 'no')),
    entry_price TEXT NOT NULL CHECK (CAST(entry_price AS REAL) BETWEEN 0 AND 1) CHECK (entry_price IS NULL OR (typeof(entry_price) = 'text' AND entry_price = printf('%.4f', entry_price) AND abs(entry_price) < 1e6)),
    quantity INT NOT NULL CHECK (quantity >= 0),
    fees TEXT CHECK (CAST(fees AS REAL) >= 0) CHECK (fees IS NULL OR (typeof(fees) = 'text' AND fees = printf('%.4f', fees) AND abs(fees) < 1e6)),
    status VARCHAR DEFAULT 'open' CHECK (status IN ('open', 'closed', 'settled')),
    unrealized_pnl TEXT CHECK (unrealized_pnl IS NULL OR (typeof(unrealized_pnl) = 'text' AND unrealized_pnl = printf('%.4f', unrealized_pnl) AND abs(unrealized_pnl) < 1e6)),
    realized_pnl TEXT CHECK (realized_pnl IS NULL OR (typeof(realized_pnl) = 'text' AND realized_pnl = printf('%.4f', realized_pnl) AND abs(realized_pnl) < 1e6)),
    current_price TEXT CHECK (CAST(current_price AS REAL) BETWEEN 0 AND 1) CHECK (current_price IS NULL OR (typeof(current_price) = 'text' AND current_price = printf('%.4f', current_price) AND abs(current_price) < 1e6)),
    unrealized_pnl_pct TEXT CHECK (unrealized_pnl_pct IS NULL OR (typeof(unrealized_pnl_pct) = 'text' AND unrealized_pnl_pct = printf('%.4f', unrealized_pnl_pct) AND abs(unrealized_pnl_pct) < 1e2)),
    last_update TEXT CHECK (last_update IS NULL OR last_update IS strftime('%Y-%m-%dT%H:%M:%fZ', last_update)),
    trailing_stop_state TEXT CHECK (trailing_stop_state IS NULL OR json_valid(trailing_stop_state)),
    exit_reason VARCHAR(50),
    exit_priority VARCHAR(20) CHECK (exit_priority IN ('CRITICAL', 'HIGH', 'MEDIUM', 'LOW')),
    target_price TEXT CHECK (CAST(target_price AS REAL) BETWEEN 0 AND 1) CHECK (target_price IS NULL OR (typeof(target_price) = 'text' AND target_price = printf('%.4f', target_price) AND abs(target_price) < 1e6)),
    stop_loss_price TEXT CHECK (CAST(stop_loss_price AS REAL) BETWEEN 0 AND 1) CHECK (stop_loss_price IS NULL OR (typeof(stop_loss_price) = 'text' AND stop_loss_price = printf('%.4f', stop_loss_price) AND abs(stop_loss_price) < 1e6)),
    entry_time TEXT CHECK (entry_time IS NULL OR entry_time IS strftime('%Y-%m-%dT%H:%M:%fZ', entry_time)),
    exit_time TEXT CHECK (exit_time IS NULL OR exit_time IS strftime('%Y-%m-%dT%H:%M:%fZ', exit_time)),
    last_check_time TEXT CHECK (last_check_time IS NULL OR last_check_time IS strftime('%Y-%m-%dT%H:%M:%fZ', last_check_time)),
    exit_price TEXT CHECK (CAST(exit_price AS REAL) BETWEEN 0 AND 1) CHECK (exit_price IS NULL OR (typeof(exit_price) = 'text' AND exit_price = printf('%.4f', exit_price) AND abs(exit_price) < 1e6)),
    position_metadata TEXT CHECK (position_metadata IS NULL OR json_valid(position_metadata)),
    initial_order_id VARCHAR,
    created_at TEXT DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) CHECK (created_at IS NULL OR created_at IS strftime('%Y-%m-%dT%H:%M:%fZ', created_at)),
    updated_at TEXT DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) CHECK (updated_at IS NULL OR updated_at IS strftime('%Y-%m-%dT%H:%M:%fZ', updated_at)),
    row_current_ind INTEGER NOT NULL DEFAULT 1 CHECK (row_current_ind IN (0, 1)),
    row_end_ts TEXT CHECK (row_end_ts IS NULL OR row_end_ts IS strftime('%Y-%m-%dT%H:%M:%fZ', row_end_ts)),
    CHECK (row_current_ind = (row_end_ts IS NULL))
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
    market_uuid TEXT NOT NULL CHECK (market_uuid IS NULL OR (typeof(market_uuid) = 'text' AND market_uuid GLOB '????????-????-????-????-????????????' AND market_uuid NOT GLOB '*[^0-9a-f-]*' AND length(replace(market_uuid, '-', '')) = 32)),
    market_id VARCHAR,
    platform_id VARCHAR REFERENCES platforms(platform_id) ON DELETE CASCADE,
    position_uuid TEXT CHECK (position_uuid IS NULL OR (typeof(position_uuid) = 'text' AND position_uuid GLOB '????????-????-????-????-????????????' AND position_uuid NOT GLOB '*[^0-9a-f-]*' AND length(replace(position_uuid, '-', '')) = 32)),
    position_id INTEGER,
    edge_id INTEGER,
    strategy_id INTEGER REFERENCES strategies(strategy_id),
    model_id INTEGER REFERENCES probability_models(model_id),
    method_id INTEGER REFERENCES methods(method_id),
    order_id VARCHAR,
    client_order_id TEXT CHECK (client_order_id IS NULL OR (typeof(client_order_id) = 'text' AND client_order_id GLOB '????????-????-????-????-????????????' AND client_order_id NOT GLOB '*[^0-9a-f-]*' AND length(replace(client_order_id, '-', '')) = 32)),
    side VARCHAR NOT NULL CHECK (side IN ('buy', 'sell')),
    price TEXT NOT NULL CHECK (CAST(price AS REAL) BETWEEN 0 AND 1) CHECK (price IS NULL OR (typeof(price) = 'text' AND price = printf('%.4f', price) AND abs(price) < 1e6)),
    quantity INT NOT NULL CHECK (quantity >= 0),
    fees TEXT CHECK (CAST(fees AS REAL) >= 0) CHECK (fees IS NULL OR (typeof(fees) = 'text' AND fees = printf('%.4f', fees) AND abs(fees) < 1e6)),
    edge_at_execution TEXT CHECK (edge_at_execution IS NULL OR (typeof(edge_at_execution) = 'text' AND edge_at_execution = printf('%.4f', edge_at_execution) AND abs(edge_at_execution) < 1e6)),
    confidence_at_execution VARCHAR CHECK (confidence_at_execution IN ('high', 'medium', 'low')),
    order_type VARCHAR CHECK (order_type IN ('market', 'limit')),
    execution_time TEXT CHECK (execution_time IS NULL OR execution_time IS strftime('%Y-%m-%dT%H:%M:%fZ', execution_time)),
    trade_metadata TEXT CHECK (trade_metadata IS NULL OR json_valid(trade_metadata)),
    created_at TEXT DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) CHECK (created_at IS NULL OR created_at IS strftime('%Y-%m-%dT%H:%M:%fZ', created_at))
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
    position_uuid TEXT NOT NULL CHECK (position_uuid IS NULL OR (typeof(position_uuid) = 'text' AND position_uuid GLOB '????????-????-????-????-????????????' AND position_uuid NOT GLOB '*[^0-9a-f-]*' AND length(replace(position_uuid, '-', '')) = 32)),
    position_id INTEGER,
    exit_condition VARCHAR(50) NOT NULL CHECK (exit_condition IN ('stop_loss', 'circuit_breaker', 'trailing_stop', 'time_based_urgent',
        'liquidity_dried_up', 'profit_target', 'partial_exit_target', 'edge_disappeared', 'early_exit', 'rebalance', 'settlement')),
    exit_priority VARCHAR(20) NOT NULL CHECK (exit_priority IN ('CRITICAL', 'HIGH', 'MEDIUM', 'LOW')),
    quantity_exited INT NOT NULL CHECK (quantity_exited >= 0),
    exit_price TEXT NOT NULL CHECK (CAST(exit_price AS REAL) BETWEEN 0 AND 1) CHECK (exit_price IS NULL OR (typeof(exit_price) = 'text' AND exit_price = printf('%.4f', exit_price) AND abs(exit_price) < 1e6)),
    unrealized_pnl_at_exit TEXT CHECK (unrealized_pnl_at_exit IS NULL OR (typeof(unrealized_pnl_at_exit) = 'text' AND unrealized_pnl_at_exit = printf('%.4f', unrealized_pnl_at_exit) AND abs(unrealized_pnl_at_exit) < 1e6)),
    exit_trade_id INTEGER REFERENCES trades(trade_id),
    created_at TEXT DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) CHECK (created_at IS NULL OR created_at IS strftime('%Y-%m-%dT%H:%M:%fZ', created_at))
);
CREATE INDEX idx_position_exits_position ON position_exits(position_uuid);
CREATE INDEX idx_position_exits_condition ON position_exits(exit_condition);
CREATE INDEX idx_position_exits_priority ON position_exits(exit_priority);
CREATE INDEX idx_position_exits_created ON position_exits(created_at);

CREATE TABLE exit_attempts (
    attempt_id INTEGER PRIMARY KEY AUTOINCREMENT,
    position_uuid TEXT NOT NULL CHECK (position_uuid IS NULL OR (typeof(position_uuid) = 'text' AND position_uuid GLOB '????????-????-????-????-????????????' AND position_uuid NOT GLOB '*[^0-9a-f-]*' AND length(replace(position_uuid, '-', '')) = 32)),
    position_id INTEGER,
    exit_condition VARCHAR(50) NOT NULL,
    priority_level VARCHAR(20) NOT NULL CHECK (priority_level IN ('CRITICAL', 'HIGH', 'MEDIUM', 'LOW')),
    order_type VARCHAR(20) NOT NULL CHECK (order_type IN ('market', 'limit')),
    limit_price TEXT CHECK (CAST(limit_price AS REAL) BETWEEN 0 AND 1) CHECK (limit_price IS NULL OR (typeof(limit_price) = 'text' AND limit_price = printf('%.4f', limit_price) AND abs(limit_price) < 1e6)),
    fill_price TEXT CHECK (CAST(fill_price AS REAL) BETWEEN 0 AND 1) CHECK (fill_price IS NULL OR (typeof(fill_price) = 'text' AND fill_price = printf('%.4f', fill_price) AND abs(fill_price) < 1e6)),
    quantity INT NOT NULL CHECK (quantity >= 0),
    attempt_number INT NOT NULL CHECK (attempt_number >= 1),
    timeout_seconds INT CHECK (timeout_seconds >= 0),
    success INTEGER CHECK (success IN (0, 1)),
    order_id VARCHAR,
    client_order_id TEXT CHECK (client_order_id IS NULL OR (typeof(client_order_id) = 'text' AND client_order_id GLOB '????????-????-????-????-????????????' AND client_order_id NOT GLOB '*[^0-9a-f-]*' AND length(replace(client_order_id, '-', '')) = 32)),
    created_at TEXT DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) CHECK (created_at IS NULL OR created_at IS strftime('%Y-%m-%dT%H:%M:%fZ', created_at))
);
CREATE INDEX idx_exit_attempts_position ON exit_attempts(position_uuid);
CREATE INDEX idx_exit_attempts_condition ON exit_attempts(exit_condition);
CREATE INDEX idx_exit_attempts_success ON exit_attempts(success);
CREATE INDEX idx_exit_attempts_created ON exit_attempts(created_at);

CREATE TABLE settlements (
    settlement_id INTEGER PRIMARY KEY AUTOINCREMENT,
    market_uuid TEXT NOT NULL CHECK (market_uuid IS NULL OR (typeof(market_uuid) = 'text' AND market_uuid GLOB '????????-????-????-????-????????????' AND market_uuid NOT GLOB '*[^0-9a-f-]*' AND length(replace(market_uuid, '-', '')) = 32)),
    market_id VARCHAR,
    platform_id VARCHAR REFERENCES platforms(platform_id) ON DELETE CASCADE,
    outcome VARCHAR NOT NULL CHECK (outcome IN ('yes', 'no', 'void')),
    payout TEXT CHECK (CAST(payout AS REAL) >= 0) CHECK (payout IS NULL OR (typeof(payout) = 'text' AND payout = printf('%.4f', payout) AND abs(payout) < 1e6)),
    external_settlement_id VARCHAR,
    settlement_timestamp TEXT CHECK (settlement_timestamp IS NULL OR settlement_timestamp IS strftime('%Y-%m-%dT%H:%M:%fZ', settlement_timestamp)),
    api_response TEXT CHECK (api_response IS NULL OR json_valid(api_response)),
    created_at TEXT DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) CHECK (created_at IS NULL OR created_at IS strftime('%Y-%m-%dT%H:%M:%fZ', created_at))
);
CREATE INDEX idx_settlements_market ON settlements(market_uuid);
CREATE INDEX idx_settlements_platform ON settlements(platform_id);

-- Versioned; business key: platform_id.
CREATE TABLE account_balance (
    balance_id INTEGER PRIMARY KEY AUTOINCREMENT,
    platform_id VARCHAR NOT NULL REFERENCES platforms(platform_id) ON DELETE CASCADE,
    balance TEXT NOT NULL CHECK (CAST(balance AS REAL) >= 0) CHECK (balance IS NULL OR (typeof(balance) = 'text' AND balance = printf('%.4f', balance) AND abs(balance) < 1e6)),
    currency VARCHAR DEFAULT 'USD',
    created_at TEXT DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) CHECK (created_at IS NULL OR created_at IS strftime('%Y-%m-%dT%H:%M:%fZ', created_at)),
    row_current_ind INTEGER NOT NULL DEFAULT 1 CHECK (row_current_ind IN (0, 1)),
    row_end_ts TEXT CHECK (row_end_ts IS NULL OR row_end_ts IS strftime('%Y-%m-%dT%H:%M:%fZ', row_end_ts)),
    CHECK (row_current_ind = (row_end_ts IS NULL))
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
    applied_at TEXT DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) CHECK (applied_at IS NULL OR applied_at IS strftime('%Y-%m-%dT%H:%M:%fZ', applied_at)),
    expires_at TEXT CHECK (expires_at IS NULL OR expires_at IS strftime('%Y-%m-%dT%H:%M:%fZ', expires_at)),
    active INTEGER DEFAULT 1 CHECK (active IN (0, 1))
);
CREATE INDEX idx_config_overrides_key ON config_overrides(config_key);
CREATE INDEX idx_config_overrides_active ON config_overrides(active) WHERE active = 1;

CREATE TABLE circuit_breaker_events (
    event_id INTEGER PRIMARY KEY AUTOINCREMENT,
    breaker_type VARCHAR NOT NULL CHECK (breaker_type IN ('daily_loss_limit', 'consecutive_losses', 'api_failures', 'data_stale',
        'position_limit', 'persistence', 'manual')),
    triggered_at TEXT DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) CHECK (triggered_at IS NULL OR triggered_at IS strftime('%Y-%m-%dT%H:%M:%fZ', triggered_at)),
    resolved_at TEXT CHECK (resolved_at IS NULL OR resolved_at IS strftime('%Y-%m-%dT%H:%M:%fZ', resolved_at)),
    trigger_value TEXT CHECK (trigger_value IS NULL OR json_valid(trigger_value)),
    resolution_action VARCHAR,
    notes TEXT
);
CREATE INDEX idx_circuit_breaker_triggered ON circuit_breaker_events(triggered_at);

CREATE TABLE system_health (
    health_id INTEGER PRIMARY KEY AUTOINCREMENT,
    component VARCHAR NOT NULL,
    status VARCHAR NOT NULL CHECK (status IN ('healthy', 'degraded', 'down')),
    last_check TEXT DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) CHECK (last_check IS NULL OR last_check IS strftime('%Y-%m-%dT%H:%M:%fZ', last_check)),
    details TEXT CHECK (details IS NULL OR json_valid(details)),
    alert_sent INTEGER DEFAULT 0 CHECK (alert_sent IN (0, 1))
);
CREATE INDEX idx_health_component ON system_health(component);
CREATE INDEX idx_health_status ON system_health(status);

CREATE TABLE alerts (
    alert_id INTEGER PRIMARY KEY AUTOINCREMENT,
    alert_uuid TEXT NOT NULL DEFAULT (lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)))) UNIQUE CHECK (alert_uuid IS NULL OR (typeof(alert_uuid) = 'text' AND alert_uuid GLOB '????????-????-????-????-????????????' AND alert_uuid NOT GLOB '*[^0-9a-f-]*' AND length(replace(alert_uuid, '-', '')) = 32)),
    alert_type VARCHAR NOT NULL,
    severity VARCHAR NOT NULL CHECK (severity IN ('critical', 'high', 'medium', 'low')),
    category VARCHAR,
    component VARCHAR NOT NULL,
    message TEXT NOT NULL,
    details TEXT CHECK (details IS NULL OR json_valid(details)),
    source_table VARCHAR,
    source_id INTEGER,
    triggered_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) CHECK (triggered_at IS NULL OR triggered_at IS strftime('%Y-%m-%dT%H:%M:%fZ', triggered_at)),
    acknowledged_at TEXT CHECK (acknowledged_at IS NULL OR acknowledged_at IS strftime('%Y-%m-%dT%H:%M:%fZ', acknowledged_at)),
    resolved_at TEXT CHECK (resolved_at IS NULL OR resolved_at IS strftime('%Y-%m-%dT%H:%M:%fZ', resolved_at)),
    acknowledged_by VARCHAR,
    acknowledged_notes TEXT,
    resolved_by VARCHAR,
    resolved_notes TEXT,
    resolution_action VARCHAR CHECK (resolution_action IS NULL OR resolution_action IN ('fixed', 'false_positive', 'ignored', 'escalated')),
    notification_sent INTEGER DEFAULT 0 CHECK (notification_sent IN (0, 1)),
    notification_channels TEXT CHECK (notification_channels IS NULL OR json_valid(notification_channels)),
    notification_sent_at TEXT CHECK (notification_sent_at IS NULL OR notification_sent_at IS strftime('%Y-%m-%dT%H:%M:%fZ', notification_sent_at)),
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
    created_at TEXT DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) CHECK (created_at IS NULL OR created_at IS strftime('%Y-%m-%dT%H:%M:%fZ', created_at)),
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
    timestamp TEXT NOT NULL CHECK (timestamp IS NULL OR timestamp IS strftime('%Y-%m-%dT%H:%M:%fZ', timestamp)),
    feature_value TEXT CHECK (feature_value IS NULL OR (typeof(feature_value) = 'text' AND feature_value = printf('%.6f', feature_value) AND abs(feature_value) < 1e6)),
    metadata TEXT CHECK (metadata IS NULL OR json_valid(metadata)),
    created_at TEXT DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) CHECK (created_at IS NULL OR created_at IS strftime('%Y-%m-%dT%H:%M:%fZ', created_at))
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
    start_date TEXT NOT NULL CHECK (start_date IS NULL OR start_date IS strftime('%Y-%m-%dT%H:%M:%fZ', start_date)),
    end_date TEXT NOT NULL CHECK (end_date IS NULL OR end_date IS strftime('%Y-%m-%dT%H:%M:%fZ', end_date)),
    feature_snapshot_date TEXT CHECK (feature_snapshot_date IS NULL OR feature_snapshot_date IS strftime('%Y-%m-%dT%H:%M:%fZ', feature_snapshot_date)),
    sample_count INT CHECK (sample_count >= 0),
    feature_ids TEXT CHECK (feature_ids IS NULL OR json_valid(feature_ids)),
    feature_count INT CHECK (feature_count >= 0),
    train_test_split TEXT CHECK (train_test_split IS NULL OR json_valid(train_test_split)),
    storage_path VARCHAR,
    checksum VARCHAR,
    file_size_mb TEXT CHECK (CAST(file_size_mb AS REAL) >= 0) CHECK (file_size_mb IS NULL OR (typeof(file_size_mb) = 'text' AND file_size_mb = printf('%.2f', file_size_mb) AND abs(file_size_mb) < 1e8)),
    description TEXT,
    created_at TEXT DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) CHECK (created_at IS NULL OR created_at IS strftime('%Y-%m-%dT%H:%M:%fZ', created_at)),
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
    training_started_at TEXT CHECK (training_started_at IS NULL OR training_started_at IS strftime('%Y-%m-%dT%H:%M:%fZ', training_started_at)),
    training_completed_at TEXT CHECK (training_completed_at IS NULL OR training_completed_at IS strftime('%Y-%m-%dT%H:%M:%fZ', training_completed_at)),
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
    created_at TEXT DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) CHECK (created_at IS NULL OR created_at IS strftime('%Y-%m-%dT%H:%M:%fZ', created_at)),
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
    initial_elo TEXT NOT NULL CHECK (CAST(initial_elo AS REAL) > 0) CHECK (initial_elo IS NULL OR (typeof(initial_elo) = 'text' AND initial_elo = printf('%.4f', initial_elo) AND abs(initial_elo) < 1e6)),
    current_elo TEXT NOT NULL CHECK (CAST(current_elo AS REAL) > 0) CHECK (current_elo IS NULL OR (typeof(current_elo) = 'text' AND current_elo = printf('%.4f', current_elo) AND abs(current_elo) < 1e6)),
    created_at TEXT DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) CHECK (created_at IS NULL OR created_at IS strftime('%Y-%m-%dT%H:%M:%fZ', created_at)),
    updated_at TEXT DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) CHECK (updated_at IS NULL OR updated_at IS strftime('%Y-%m-%dT%H:%M:%fZ', updated_at))
);

CREATE TABLE elo_rating_history (
    history_id INTEGER PRIMARY KEY AUTOINCREMENT,
    team_id INTEGER NOT NULL REFERENCES teams(team_id) ON DELETE CASCADE,
    model_id INTEGER REFERENCES probability_models(model_id),
    external_game_id VARCHAR,
    game_date TEXT CHECK (game_date IS NULL OR game_date = date(game_date)),
    season INT,
    opponent_code VARCHAR,
    elo_before TEXT NOT NULL CHECK (CAST(elo_before AS REAL) > 0) CHECK (elo_before IS NULL OR (typeof(elo_before) = 'text' AND elo_before = printf('%.4f', elo_before) AND abs(elo_before) < 1e6)),
    elo_after TEXT NOT NULL CHECK (CAST(elo_after AS REAL) > 0) CHECK (elo_after IS NULL OR (typeof(elo_after) = 'text' AND elo_after = printf('%.4f', elo_after) AND abs(elo_after) < 1e6)),
    win_probability TEXT CHECK (CAST(win_probability AS REAL) BETWEEN 0 AND 1) CHECK (win_probability IS NULL OR (typeof(win_probability) = 'text' AND win_probability = printf('%.4f', win_probability) AND abs(win_probability) < 1e6)),
    result TEXT CHECK (CAST(result AS REAL) IN (0, 0.5, 1)) CHECK (result IS NULL OR (typeof(result) = 'text' AND result = printf('%.4f', result) AND abs(result) < 1e6)),
    created_at TEXT DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) CHECK (created_at IS NULL OR created_at IS strftime('%Y-%m-%dT%H:%M:%fZ', created_at))
);
CREATE INDEX idx_elo_rating_history_team ON elo_rating_history(team_id, game_date);
