-- owner: metrics-collector
-- schema: metrics
-- Raw metered usage from the Kafka topic usage.metered (producers: api-gateway,
-- llm-orchestrator), partitioned by month. metrics-collector inserts in batches of up
-- to 500 events or every 2 seconds, whichever comes first.

CREATE SCHEMA IF NOT EXISTS metrics;
COMMENT ON SCHEMA metrics IS 'Owned by metrics-collector (insights-team). analytics-service may SELECT metrics.usage_daily_v only.';

CREATE TABLE IF NOT EXISTS metrics.usage_events (
    event_id      uuid        NOT NULL,
    occurred_at   timestamptz NOT NULL,
    workspace_id  uuid        NOT NULL,
    user_id       uuid,
    metric        text        NOT NULL,
    quantity      bigint      NOT NULL,
    route         text,
    model         text,
    producer      text        NOT NULL,
    received_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (event_id, occurred_at),
    CONSTRAINT usage_events_metric CHECK (metric IN ('api_request', 'chat_message', 'llm_input_tokens', 'llm_output_tokens')),
    CONSTRAINT usage_events_quantity_positive CHECK (quantity > 0),
    CONSTRAINT usage_events_producer CHECK (producer IN ('api-gateway', 'llm-orchestrator')),
    CONSTRAINT usage_events_model_for_tokens CHECK (
        metric NOT IN ('llm_input_tokens', 'llm_output_tokens') OR model IS NOT NULL
    )
) PARTITION BY RANGE (occurred_at);

COMMENT ON TABLE metrics.usage_events IS 'One row per usage.metered event, partitioned by calendar month (UTC). metrics-collector creates the next two monthly partitions on the 20th of each month and detaches and drops partitions older than 13 months.';
COMMENT ON COLUMN metrics.usage_events.event_id IS 'eventId of the Kafka envelope; ON CONFLICT DO NOTHING makes redelivery harmless.';
COMMENT ON COLUMN metrics.usage_events.route IS 'Route template for api_request, e.g. GET /api/v1/bases/{baseId}/tables/{tableIdOrName}/records.';
COMMENT ON COLUMN metrics.usage_events.model IS 'gemini-1.5-pro for token metrics.';

CREATE TABLE IF NOT EXISTS metrics.usage_events_2024_02 PARTITION OF metrics.usage_events
    FOR VALUES FROM ('2024-02-01 00:00:00+00') TO ('2024-03-01 00:00:00+00');
CREATE TABLE IF NOT EXISTS metrics.usage_events_2024_03 PARTITION OF metrics.usage_events
    FOR VALUES FROM ('2024-03-01 00:00:00+00') TO ('2024-04-01 00:00:00+00');
CREATE TABLE IF NOT EXISTS metrics.usage_events_2024_04 PARTITION OF metrics.usage_events
    FOR VALUES FROM ('2024-04-01 00:00:00+00') TO ('2024-05-01 00:00:00+00');
CREATE TABLE IF NOT EXISTS metrics.usage_events_default PARTITION OF metrics.usage_events DEFAULT;

COMMENT ON TABLE metrics.usage_events_default IS 'Catches events outside the prepared months; a non-empty default partition fires the MetricsDefaultPartitionNotEmpty alert.';

CREATE INDEX IF NOT EXISTS usage_events_workspace_time_idx
    ON metrics.usage_events (workspace_id, occurred_at);
CREATE INDEX IF NOT EXISTS usage_events_metric_time_idx
    ON metrics.usage_events (metric, occurred_at);

CREATE OR REPLACE VIEW metrics.usage_daily_v AS
SELECT
    workspace_id,
    (occurred_at AT TIME ZONE 'UTC')::date AS day,
    metric,
    sum(quantity) AS quantity
FROM metrics.usage_events
GROUP BY workspace_id, (occurred_at AT TIME ZONE 'UTC')::date, metric;

COMMENT ON VIEW metrics.usage_daily_v IS 'Daily totals per workspace and metric; the only object of this schema analytics-service may read.';

GRANT USAGE ON SCHEMA metrics TO analytics_service;
GRANT SELECT ON metrics.usage_daily_v TO analytics_service;
