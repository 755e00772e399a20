-- Precog schema v1.7 (../shared/seed/DATABASE_SCHEMA_SUMMARY_V1.7.md) plus the v1.7 change log
-- (DESIGN.md, "Persistence and the schema"). Times are UTC in TIMESTAMPTZ; money, prices and
-- probabilities are DECIMAL(10,4). Versioned tables (SCD type 2) carry row_current_ind and row_end_ts
-- (set exactly when the row is closed) and a unique partial index: at most one current row per
-- business key (docs/SCHEMA.md).

-- 1. Platform & market hierarchy
CREATE TABLE platforms (
    platform_id VARCHAR PRIMARY KEY,
    platform_type VARCHAR NOT NULL CHECK (platform_type IN ('trading', 'data_source')),
    display_name VARCHAR NOT NULL,
    base_url VARCHAR,
    websocket_url VARCHAR,
    api_version VARCHAR,
    auth_method VARCHAR,
    fees_structure JSONB,
    status VARCHAR DEFAULT 'active' CHECK (status IN ('active', 'inactive')),
    created_at TIMESTAMPTZ DEFAULT NOW()
);

CREATE TABLE series (
    series_id VARCHAR PRIMARY KEY,
    platform_id VARCHAR REFERENCES platforms(platform_id) ON DELETE CASCADE,
    external_id VARCHAR NOT NULL,
    category VARCHAR NOT NULL,
    subcategory VARCHAR,
    title VARCHAR NOT NULL,
    frequency VARCHAR,
    metadata JSONB,
    created_at TIMESTAMPTZ DEFAULT NOW(),
    updated_at TIMESTAMPTZ DEFAULT NOW()
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
    start_time TIMESTAMPTZ,
    end_time TIMESTAMPTZ,
    status VARCHAR CHECK (status IN ('scheduled', 'live', 'final', 'cancelled')),
    result JSONB,
    metadata JSONB,
    created_at TIMESTAMPTZ DEFAULT NOW(),
    updated_at TIMESTAMPTZ DEFAULT NOW()
);

-- Versioned: one row per version; market_uuid is the market's identity across its versions.
CREATE TABLE markets (
    id BIGSERIAL PRIMARY KEY,
    market_uuid UUID NOT NULL,
    market_id VARCHAR NOT NULL,
    platform_id VARCHAR REFERENCES platforms(platform_id) ON DELETE CASCADE,
    event_id VARCHAR REFERENCES events(event_id) ON DELETE CASCADE,
    external_id VARCHAR NOT NULL,
    ticker VARCHAR,
    title VARCHAR NOT NULL,
    market_type VARCHAR CHECK (market_type IN ('binary', 'categorical', 'scalar')),
    yes_price DECIMAL(10,4) CHECK (yes_price BETWEEN 0 AND 1),
    no_price DECIMAL(10,4) CHECK (no_price BETWEEN 0 AND 1),
    volume INT CHECK (volume >= 0),
    open_interest INT CHECK (open_interest >= 0),
    spread DECIMAL(10,4) CHECK (spread BETWEEN 0 AND 1),
    status VARCHAR CHECK (status IN ('open', 'closed', 'settled')),
    settlement_value DECIMAL(10,4) CHECK (settlement_value BETWEEN 0 AND 1),
    metadata JSONB,
    created_at TIMESTAMPTZ DEFAULT NOW(),
    updated_at TIMESTAMPTZ DEFAULT NOW(),
    row_current_ind BOOLEAN NOT NULL DEFAULT TRUE,
    row_end_ts TIMESTAMPTZ,
    CHECK (row_current_ind = (row_end_ts IS NULL))
);
CREATE INDEX idx_markets_event ON markets(event_id);
CREATE INDEX idx_markets_platform ON markets(platform_id);
CREATE INDEX idx_markets_current ON markets(row_current_ind) WHERE row_current_ind = TRUE;
CREATE INDEX idx_markets_uuid ON markets(market_uuid);
CREATE UNIQUE INDEX uq_markets_current ON markets(market_uuid) WHERE row_current_ind = TRUE;

-- 2. Live game data (versioned; business key: sport + external_game_id)
CREATE TABLE game_states (
    game_state_id BIGSERIAL PRIMARY KEY,
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
    sport_metadata JSONB,
    created_at TIMESTAMPTZ DEFAULT NOW(),
    updated_at TIMESTAMPTZ DEFAULT NOW(),
    row_current_ind BOOLEAN NOT NULL DEFAULT TRUE,
    row_end_ts TIMESTAMPTZ,
    CHECK (row_current_ind = (row_end_ts IS NULL))
);
CREATE INDEX idx_game_states_event ON game_states(event_id);
CREATE INDEX idx_game_states_sport ON game_states(sport);
CREATE INDEX idx_game_states_current ON game_states(row_current_ind) WHERE row_current_ind = TRUE;
CREATE UNIQUE INDEX uq_game_states_current ON game_states(sport, external_game_id) WHERE row_current_ind = TRUE;

-- 3. Probability & edge detection
CREATE TABLE probability_matrices (
    probability_id BIGSERIAL PRIMARY KEY,
    category VARCHAR NOT NULL,
    subcategory VARCHAR NOT NULL,
    version VARCHAR NOT NULL,
    state_descriptor VARCHAR NOT NULL,
    value_bucket VARCHAR NOT NULL,
    situational_factors JSONB,
    win_probability DECIMAL(10,4) NOT NULL CHECK (win_probability BETWEEN 0 AND 1),
    confidence_interval_lower DECIMAL(10,4) CHECK (confidence_interval_lower BETWEEN 0 AND 1),
    confidence_interval_upper DECIMAL(10,4) CHECK (confidence_interval_upper BETWEEN 0 AND 1),
    sample_size INT CHECK (sample_size >= 0),
    source VARCHAR,
    methodology TEXT,
    matrix_name VARCHAR,
    description TEXT,
    created_at TIMESTAMPTZ DEFAULT NOW(),
    CHECK (confidence_interval_lower IS NULL OR confidence_interval_upper IS NULL OR confidence_interval_lower <= confidence_interval_upper)
);
CREATE INDEX idx_probability_lookup ON probability_matrices(category, subcategory, version, state_descriptor, value_bucket);
CREATE INDEX idx_probability_matrices_name ON probability_matrices(matrix_name);

-- Immutable versions: config never changes; status and metrics do.
CREATE TABLE probability_models (
    model_id BIGSERIAL PRIMARY KEY,
    model_name VARCHAR NOT NULL,
    model_version VARCHAR NOT NULL CHECK (model_version ~ '^v[0-9]+\.[0-9]+$'),
    model_type VARCHAR NOT NULL,
    sport VARCHAR,
    config JSONB NOT NULL,
    description TEXT,
    status VARCHAR DEFAULT 'draft' CHECK (status IN ('draft', 'training', 'validating', 'active', 'deprecated')),
    validation_accuracy DECIMAL(10,4),
    validation_calibration DECIMAL(10,4),
    validation_sample_size INT CHECK (validation_sample_size >= 0),
    created_at TIMESTAMPTZ DEFAULT NOW(),
    created_by VARCHAR,
    notes TEXT,
    UNIQUE (model_name, model_version)
);
CREATE INDEX idx_probability_models_name ON probability_models(model_name);
CREATE INDEX idx_probability_models_status ON probability_models(status);
CREATE INDEX idx_probability_models_active ON probability_models(status) WHERE status = 'active';

CREATE TABLE strategies (
    strategy_id BIGSERIAL PRIMARY KEY,
    strategy_name VARCHAR NOT NULL,
    strategy_version VARCHAR NOT NULL CHECK (strategy_version ~ '^v[0-9]+\.[0-9]+$'),
    strategy_type VARCHAR NOT NULL CHECK (strategy_type IN ('entry', 'exit', 'sizing', 'hedging')),
    sport VARCHAR,
    config JSONB NOT NULL,
    description TEXT,
    status VARCHAR DEFAULT 'draft' CHECK (status IN ('draft', 'testing', 'active', 'inactive', 'deprecated')),
    paper_roi DECIMAL(10,4),
    live_roi DECIMAL(10,4),
    paper_trades_count INT DEFAULT 0 CHECK (paper_trades_count >= 0),
    live_trades_count INT DEFAULT 0 CHECK (live_trades_count >= 0),
    created_at TIMESTAMPTZ DEFAULT NOW(),
    created_by VARCHAR,
    notes TEXT,
    UNIQUE (strategy_name, strategy_version)
);
CREATE INDEX idx_strategies_name ON strategies(strategy_name);
CREATE INDEX idx_strategies_status ON strategies(status);
CREATE INDEX idx_strategies_active ON strategies(status) WHERE status = 'active';

-- 6. Trading methods (strategy + model + position management + risk), immutable versions
CREATE TABLE methods (
    method_id BIGSERIAL PRIMARY KEY,
    method_name VARCHAR NOT NULL,
    method_version VARCHAR NOT NULL CHECK (method_version ~ '^v[0-9]+\.[0-9]+$'),
    strategy_id BIGINT NOT NULL REFERENCES strategies(strategy_id),
    model_id BIGINT NOT NULL REFERENCES probability_models(model_id),
    position_mgmt_config JSONB NOT NULL,
    risk_config JSONB NOT NULL,
    execution_config JSONB NOT NULL,
    sport_config JSONB NOT NULL,
    config_hash VARCHAR(64) NOT NULL,
    status VARCHAR DEFAULT 'draft' CHECK (status IN ('draft', 'testing', 'active', 'deprecated')),
    activated_at TIMESTAMPTZ,
    deactivated_at TIMESTAMPTZ,
    paper_roi DECIMAL(10,4),
    live_roi DECIMAL(10,4),
    sharpe_ratio DECIMAL(10,4),
    win_rate DECIMAL(6,4) CHECK (win_rate BETWEEN 0 AND 1),
    total_trades INT DEFAULT 0 CHECK (total_trades >= 0),
    description TEXT,
    notes TEXT,
    created_at TIMESTAMPTZ DEFAULT NOW(),
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
    template_id BIGSERIAL PRIMARY KEY,
    template_name VARCHAR NOT NULL UNIQUE,
    description TEXT,
    position_mgmt_config JSONB NOT NULL,
    risk_config JSONB NOT NULL,
    execution_config JSONB NOT NULL,
    sport_config JSONB,
    created_at TIMESTAMPTZ DEFAULT NOW()
);

-- Versioned; business key: the market, strategy, model and method versions and the side.
CREATE TABLE edges (
    edge_id BIGSERIAL PRIMARY KEY,
    market_uuid UUID NOT NULL,
    market_id VARCHAR,
    side VARCHAR NOT NULL CHECK (side IN ('yes', 'no')),
    probability_matrix_id BIGINT REFERENCES probability_matrices(probability_id),
    strategy_id BIGINT REFERENCES strategies(strategy_id),
    model_id BIGINT REFERENCES probability_models(model_id),
    method_id BIGINT REFERENCES methods(method_id),
    expected_value DECIMAL(10,4) NOT NULL CHECK (expected_value BETWEEN -1 AND 1),
    true_win_probability DECIMAL(10,4) NOT NULL CHECK (true_win_probability BETWEEN 0 AND 1),
    market_implied_probability DECIMAL(10,4) NOT NULL CHECK (market_implied_probability BETWEEN 0 AND 1),
    market_price DECIMAL(10,4) NOT NULL CHECK (market_price BETWEEN 0 AND 1),
    confidence_level VARCHAR CHECK (confidence_level IN ('high', 'medium', 'low')),
    confidence_metrics JSONB,
    recommended_action VARCHAR CHECK (recommended_action IN ('auto_execute', 'alert', 'ignore')),
    created_at TIMESTAMPTZ DEFAULT NOW(),
    row_current_ind BOOLEAN NOT NULL DEFAULT TRUE,
    row_end_ts TIMESTAMPTZ,
    CHECK (row_current_ind = (row_end_ts IS NULL))
);
CREATE INDEX idx_edges_market ON edges(market_uuid);
CREATE INDEX idx_edges_probability ON edges(probability_matrix_id);
CREATE INDEX idx_edges_strategy ON edges(strategy_id);
CREATE INDEX idx_edges_model ON edges(model_id);
CREATE INDEX idx_edges_method ON edges(method_id);
CREATE INDEX idx_edges_ev ON edges(expected_value) WHERE row_current_ind = TRUE;
CREATE INDEX idx_edges_current ON edges(row_current_ind) WHERE row_current_ind = TRUE;
CREATE UNIQUE INDEX uq_edges_current ON edges(market_uuid, COALESCE(strategy_id, -1), COALESCE(model_id, -1), COALESCE(method_id, -1), side)
    WHERE row_current_ind = TRUE;

-- 4. Trading & positions. Versioned; position_uuid is the position's identity (the PositionActor's id).
CREATE TABLE positions (
    position_id BIGSERIAL PRIMARY KEY,
    position_uuid UUID NOT NULL,
    market_uuid UUID NOT NULL,
    market_id VARCHAR,
    platform_id VARCHAR REFERENCES platforms(platform_id) ON DELETE CASCADE,
    strategy_id BIGINT REFERENCES strategies(strategy_id),
    model_id BIGINT REFERENCES probability_models(model_id),
    method_id BIGINT REFERENCES methods(method_id),
    side VARCHAR NOT NULL CHECK (side IN ('yes', 'no')),
    entry_price DECIMAL(10,4) NOT NULL CHECK (entry_price BETWEEN 0 AND 1),
    quantity INT NOT NULL CHECK (quantity >= 0),
    fees DECIMAL(10,4) CHECK (fees >= 0),
    status VARCHAR DEFAULT 'open' CHECK (status IN ('open', 'closed', 'settled')),
    unrealized_pnl DECIMAL(10,4),
    realized_pnl DECIMAL(10,4),
    current_price DECIMAL(10,4) CHECK (current_price BETWEEN 0 AND 1),
    unrealized_pnl_pct DECIMAL(6,4),
    last_update TIMESTAMPTZ,
    trailing_stop_state JSONB,
    exit_reason VARCHAR(50),
    exit_priority VARCHAR(20) CHECK (exit_priority IN ('CRITICAL', 'HIGH', 'MEDIUM', 'LOW')),
    target_price DECIMAL(10,4) CHECK (target_price BETWEEN 0 AND 1),
    stop_loss_price DECIMAL(10,4) CHECK (stop_loss_price BETWEEN 0 AND 1),
    entry_time TIMESTAMPTZ,
    exit_time TIMESTAMPTZ,
    last_check_time TIMESTAMPTZ,
    exit_price DECIMAL(10,4) CHECK (exit_price BETWEEN 0 AND 1),
    position_metadata JSONB,
    initial_order_id VARCHAR,
    created_at TIMESTAMPTZ DEFAULT NOW(),
    updated_at TIMESTAMPTZ DEFAULT NOW(),
    row_current_ind BOOLEAN NOT NULL DEFAULT TRUE,
    row_end_ts TIMESTAMPTZ,
    CHECK (row_current_ind = (row_end_ts IS NULL))
);
CREATE INDEX idx_positions_market ON positions(market_uuid);
CREATE INDEX idx_positions_platform ON positions(platform_id);
CREATE INDEX idx_positions_status ON positions(status);
CREATE INDEX idx_positions_current ON positions(row_current_ind) WHERE row_current_ind = TRUE;
CREATE INDEX idx_positions_last_update ON positions(last_update);
CREATE INDEX idx_positions_uuid ON positions(position_uuid);
CREATE UNIQUE INDEX uq_positions_current ON positions(position_uuid) WHERE row_current_ind = TRUE;

-- Append-only: trades never change. One row per fill (trade_external_id is the venue's trade id).
CREATE TABLE trades (
    trade_id BIGSERIAL PRIMARY KEY,
    trade_external_id VARCHAR UNIQUE,
    market_uuid UUID NOT NULL,
    market_id VARCHAR,
    platform_id VARCHAR REFERENCES platforms(platform_id) ON DELETE CASCADE,
    position_uuid UUID,
    position_id BIGINT,
    edge_id BIGINT,
    strategy_id BIGINT REFERENCES strategies(strategy_id),
    model_id BIGINT REFERENCES probability_models(model_id),
    method_id BIGINT REFERENCES methods(method_id),
    order_id VARCHAR,
    client_order_id UUID,
    side VARCHAR NOT NULL CHECK (side IN ('buy', 'sell')),
    price DECIMAL(10,4) NOT NULL CHECK (price BETWEEN 0 AND 1),
    quantity INT NOT NULL CHECK (quantity >= 0),
    fees DECIMAL(10,4) CHECK (fees >= 0),
    edge_at_execution DECIMAL(10,4),
    confidence_at_execution VARCHAR CHECK (confidence_at_execution IN ('high', 'medium', 'low')),
    order_type VARCHAR CHECK (order_type IN ('market', 'limit')),
    execution_time TIMESTAMPTZ,
    trade_metadata JSONB,
    created_at TIMESTAMPTZ DEFAULT NOW()
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
    exit_id BIGSERIAL PRIMARY KEY,
    position_uuid UUID NOT NULL,
    position_id BIGINT,
    exit_condition VARCHAR(50) NOT NULL CHECK (exit_condition IN ('stop_loss', 'circuit_breaker', 'trailing_stop', 'time_based_urgent',
        'liquidity_dried_up', 'profit_target', 'partial_exit_target', 'edge_disappeared', 'early_exit', 'rebalance', 'settlement')),
    exit_priority VARCHAR(20) NOT NULL CHECK (exit_priority IN ('CRITICAL', 'HIGH', 'MEDIUM', 'LOW')),
    quantity_exited INT NOT NULL CHECK (quantity_exited >= 0),
    exit_price DECIMAL(10,4) NOT NULL CHECK (exit_price BETWEEN 0 AND 1),
    unrealized_pnl_at_exit DECIMAL(10,4),
    exit_trade_id BIGINT REFERENCES trades(trade_id),
    created_at TIMESTAMPTZ DEFAULT NOW()
);
CREATE INDEX idx_position_exits_position ON position_exits(position_uuid);
CREATE INDEX idx_position_exits_condition ON position_exits(exit_condition);
CREATE INDEX idx_position_exits_priority ON position_exits(exit_priority);
CREATE INDEX idx_position_exits_created ON position_exits(created_at);

CREATE TABLE exit_attempts (
    attempt_id BIGSERIAL PRIMARY KEY,
    position_uuid UUID NOT NULL,
    position_id BIGINT,
    exit_condition VARCHAR(50) NOT NULL,
    priority_level VARCHAR(20) NOT NULL CHECK (priority_level IN ('CRITICAL', 'HIGH', 'MEDIUM', 'LOW')),
    order_type VARCHAR(20) NOT NULL CHECK (order_type IN ('market', 'limit')),
    limit_price DECIMAL(10,4) CHECK (limit_price BETWEEN 0 AND 1),
    fill_price DECIMAL(10,4) CHECK (fill_price BETWEEN 0 AND 1),
    quantity INT NOT NULL CHECK (quantity >= 0),
    attempt_number INT NOT NULL CHECK (attempt_number >= 1),
    timeout_seconds INT CHECK (timeout_seconds >= 0),
    success BOOLEAN,
    order_id VARCHAR,
    client_order_id UUID,
    created_at TIMESTAMPTZ DEFAULT NOW()
);
CREATE INDEX idx_exit_attempts_position ON exit_attempts(position_uuid);
CREATE INDEX idx_exit_attempts_condition ON exit_attempts(exit_condition);
CREATE INDEX idx_exit_attempts_success ON exit_attempts(success);
CREATE INDEX idx_exit_attempts_created ON exit_attempts(created_at);

CREATE TABLE settlements (
    settlement_id BIGSERIAL PRIMARY KEY,
    market_uuid UUID NOT NULL,
    market_id VARCHAR,
    platform_id VARCHAR REFERENCES platforms(platform_id) ON DELETE CASCADE,
    outcome VARCHAR NOT NULL CHECK (outcome IN ('yes', 'no', 'void')),
    payout DECIMAL(10,4) CHECK (payout >= 0),
    external_settlement_id VARCHAR,
    settlement_timestamp TIMESTAMPTZ,
    api_response JSONB,
    created_at TIMESTAMPTZ DEFAULT NOW()
);
CREATE INDEX idx_settlements_market ON settlements(market_uuid);
CREATE INDEX idx_settlements_platform ON settlements(platform_id);

-- Versioned; business key: platform_id.
CREATE TABLE account_balance (
    balance_id BIGSERIAL PRIMARY KEY,
    platform_id VARCHAR NOT NULL REFERENCES platforms(platform_id) ON DELETE CASCADE,
    balance DECIMAL(10,4) NOT NULL CHECK (balance >= 0),
    currency VARCHAR DEFAULT 'USD',
    created_at TIMESTAMPTZ DEFAULT NOW(),
    row_current_ind BOOLEAN NOT NULL DEFAULT TRUE,
    row_end_ts TIMESTAMPTZ,
    CHECK (row_current_ind = (row_end_ts IS NULL))
);
CREATE INDEX idx_balance_platform ON account_balance(platform_id);
CREATE INDEX idx_balance_current ON account_balance(row_current_ind) WHERE row_current_ind = TRUE;
CREATE UNIQUE INDEX uq_account_balance_current ON account_balance(platform_id) WHERE row_current_ind = TRUE;

-- 5. Configuration & state
CREATE TABLE config_overrides (
    override_id BIGSERIAL PRIMARY KEY,
    config_key VARCHAR NOT NULL,
    override_value JSONB NOT NULL,
    data_type VARCHAR CHECK (data_type IN ('float', 'int', 'bool', 'string', 'duration')),
    reason TEXT,
    applied_by VARCHAR,
    applied_at TIMESTAMPTZ DEFAULT NOW(),
    expires_at TIMESTAMPTZ,
    active BOOLEAN DEFAULT TRUE
);
CREATE INDEX idx_config_overrides_key ON config_overrides(config_key);
CREATE INDEX idx_config_overrides_active ON config_overrides(active) WHERE active = TRUE;

CREATE TABLE circuit_breaker_events (
    event_id BIGSERIAL PRIMARY KEY,
    breaker_type VARCHAR NOT NULL CHECK (breaker_type IN ('daily_loss_limit', 'consecutive_losses', 'api_failures', 'data_stale',
        'position_limit', 'persistence', 'manual')),
    triggered_at TIMESTAMPTZ DEFAULT NOW(),
    resolved_at TIMESTAMPTZ,
    trigger_value JSONB,
    resolution_action VARCHAR,
    notes TEXT
);
CREATE INDEX idx_circuit_breaker_triggered ON circuit_breaker_events(triggered_at);

CREATE TABLE system_health (
    health_id BIGSERIAL PRIMARY KEY,
    component VARCHAR NOT NULL,
    status VARCHAR NOT NULL CHECK (status IN ('healthy', 'degraded', 'down')),
    last_check TIMESTAMPTZ DEFAULT NOW(),
    details JSONB,
    alert_sent BOOLEAN DEFAULT FALSE
);
CREATE INDEX idx_health_component ON system_health(component);
CREATE INDEX idx_health_status ON system_health(status);

CREATE TABLE alerts (
    alert_id BIGSERIAL PRIMARY KEY,
    alert_uuid UUID NOT NULL DEFAULT gen_random_uuid() UNIQUE,
    alert_type VARCHAR NOT NULL,
    severity VARCHAR NOT NULL CHECK (severity IN ('critical', 'high', 'medium', 'low')),
    category VARCHAR,
    component VARCHAR NOT NULL,
    message TEXT NOT NULL,
    details JSONB,
    source_table VARCHAR,
    source_id BIGINT,
    triggered_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    acknowledged_at TIMESTAMPTZ,
    resolved_at TIMESTAMPTZ,
    acknowledged_by VARCHAR,
    acknowledged_notes TEXT,
    resolved_by VARCHAR,
    resolved_notes TEXT,
    resolution_action VARCHAR CHECK (resolution_action IS NULL OR resolution_action IN ('fixed', 'false_positive', 'ignored', 'escalated')),
    notification_sent BOOLEAN DEFAULT FALSE,
    notification_channels JSONB,
    notification_sent_at TIMESTAMPTZ,
    notification_attempts INT DEFAULT 0 CHECK (notification_attempts >= 0),
    notification_errors JSONB,
    fingerprint VARCHAR(64),
    suppressed BOOLEAN DEFAULT FALSE,
    environment VARCHAR,
    tags JSONB
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
    feature_id BIGSERIAL PRIMARY KEY,
    feature_name VARCHAR NOT NULL,
    feature_version VARCHAR NOT NULL,
    category VARCHAR NOT NULL,
    sport VARCHAR,
    calculation_method TEXT,
    data_type VARCHAR NOT NULL CHECK (data_type IN ('float', 'int', 'boolean', 'categorical')),
    unit VARCHAR,
    description TEXT,
    status VARCHAR DEFAULT 'active' CHECK (status IN ('active', 'deprecated')),
    created_at TIMESTAMPTZ DEFAULT NOW(),
    created_by VARCHAR,
    UNIQUE (feature_name, feature_version)
);
CREATE INDEX idx_feature_definitions_name ON feature_definitions(feature_name);
CREATE INDEX idx_feature_definitions_sport ON feature_definitions(sport);
CREATE INDEX idx_feature_definitions_category ON feature_definitions(category);
CREATE INDEX idx_feature_definitions_active ON feature_definitions(status) WHERE status = 'active';

CREATE TABLE features_historical (
    feature_record_id BIGSERIAL PRIMARY KEY,
    feature_id BIGINT NOT NULL REFERENCES feature_definitions(feature_id),
    entity_type VARCHAR NOT NULL CHECK (entity_type IN ('team', 'player', 'market', 'game')),
    entity_id VARCHAR NOT NULL,
    timestamp TIMESTAMPTZ NOT NULL,
    feature_value DECIMAL(12,6),
    metadata JSONB,
    created_at TIMESTAMPTZ DEFAULT NOW()
);
CREATE INDEX idx_features_historical_lookup ON features_historical(feature_id, entity_id, timestamp);
CREATE INDEX idx_features_historical_entity ON features_historical(entity_type, entity_id);
CREATE INDEX idx_features_historical_timestamp ON features_historical(timestamp);
CREATE INDEX idx_features_historical_feature ON features_historical(feature_id);

CREATE TABLE training_datasets (
    dataset_id BIGSERIAL PRIMARY KEY,
    dataset_name VARCHAR NOT NULL,
    sport VARCHAR NOT NULL,
    model_type VARCHAR CHECK (model_type IN ('classification', 'regression', 'ranking')),
    label_type VARCHAR NOT NULL,
    start_date TIMESTAMPTZ NOT NULL,
    end_date TIMESTAMPTZ NOT NULL,
    feature_snapshot_date TIMESTAMPTZ,
    sample_count INT CHECK (sample_count >= 0),
    feature_ids JSONB,
    feature_count INT CHECK (feature_count >= 0),
    train_test_split JSONB,
    storage_path VARCHAR,
    checksum VARCHAR,
    file_size_mb DECIMAL(10,2) CHECK (file_size_mb >= 0),
    description TEXT,
    created_at TIMESTAMPTZ DEFAULT NOW(),
    created_by VARCHAR,
    CHECK (start_date <= end_date)
);
CREATE INDEX idx_training_datasets_sport ON training_datasets(sport);
CREATE INDEX idx_training_datasets_dates ON training_datasets(start_date, end_date);
CREATE INDEX idx_training_datasets_model_type ON training_datasets(model_type);

CREATE TABLE model_training_runs (
    run_id BIGSERIAL PRIMARY KEY,
    model_id BIGINT REFERENCES probability_models(model_id),
    dataset_id BIGINT REFERENCES training_datasets(dataset_id),
    training_started_at TIMESTAMPTZ,
    training_completed_at TIMESTAMPTZ,
    training_duration_seconds INT CHECK (training_duration_seconds >= 0),
    hyperparameters JSONB NOT NULL,
    metrics JSONB,
    train_metrics JSONB,
    val_metrics JSONB,
    test_metrics JSONB,
    feature_importance JSONB,
    hardware_specs JSONB,
    framework_version VARCHAR,
    status VARCHAR DEFAULT 'running' CHECK (status IN ('running', 'completed', 'failed', 'cancelled')),
    error_message TEXT,
    notes TEXT,
    created_at TIMESTAMPTZ DEFAULT NOW(),
    created_by VARCHAR
);
CREATE INDEX idx_model_training_runs_model ON model_training_runs(model_id);
CREATE INDEX idx_model_training_runs_dataset ON model_training_runs(dataset_id);
CREATE INDEX idx_model_training_runs_status ON model_training_runs(status);
CREATE INDEX idx_model_training_runs_started ON model_training_runs(training_started_at DESC);

-- Migration 010 of the document: teams and their Elo history
CREATE TABLE teams (
    team_id BIGSERIAL PRIMARY KEY,
    team_code VARCHAR NOT NULL UNIQUE,
    team_name VARCHAR NOT NULL,
    sport VARCHAR NOT NULL DEFAULT 'nfl',
    conference VARCHAR,
    division VARCHAR,
    initial_elo DECIMAL(10,4) NOT NULL CHECK (initial_elo > 0),
    current_elo DECIMAL(10,4) NOT NULL CHECK (current_elo > 0),
    created_at TIMESTAMPTZ DEFAULT NOW(),
    updated_at TIMESTAMPTZ DEFAULT NOW()
);

CREATE TABLE elo_rating_history (
    history_id BIGSERIAL PRIMARY KEY,
    team_id BIGINT NOT NULL REFERENCES teams(team_id) ON DELETE CASCADE,
    model_id BIGINT REFERENCES probability_models(model_id),
    external_game_id VARCHAR,
    game_date DATE,
    season INT,
    opponent_code VARCHAR,
    elo_before DECIMAL(10,4) NOT NULL CHECK (elo_before > 0),
    elo_after DECIMAL(10,4) NOT NULL CHECK (elo_after > 0),
    win_probability DECIMAL(10,4) CHECK (win_probability BETWEEN 0 AND 1),
    result DECIMAL(10,4) CHECK (result IN (0, 0.5, 1)),
    created_at TIMESTAMPTZ DEFAULT NOW()
);
CREATE INDEX idx_elo_rating_history_team ON elo_rating_history(team_id, game_date);
