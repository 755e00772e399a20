-- The two venues Precog trades.
INSERT INTO platforms (platform_id, platform_type, display_name, base_url, websocket_url, api_version, auth_method, status)
VALUES ('kalshi', 'trading', 'Kalshi', 'https://external-api.kalshi.com/trade-api/v2', 'wss://external-api-ws.kalshi.com/trade-api/ws/v2', 'v2', 'rsa_pss', 'active'),
       ('polymarket', 'trading', 'Polymarket', 'https://clob.polymarket.com', 'wss://ws-subscriptions-clob.polymarket.com/ws/market', 'v1', 'api_key', 'active')
ON CONFLICT (platform_id) DO NOTHING;
