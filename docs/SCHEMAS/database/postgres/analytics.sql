-- owner: analytics-service
-- schema: analytics
-- Daily usage per workspace and report requests. analytics-service consumes
-- airtable.record.changed, auth.session, user.lifecycle, workspace.membership and
-- workflow.run, and reads metrics.usage_daily_v (the one documented cross-schema grant).

CREATE SCHEMA IF NOT EXISTS analytics;
COMMENT ON SCHEMA analytics IS 'Owned by analytics-service (insights-team).';

CREATE TABLE IF NOT EXISTS analytics.usage_daily (
    workspace_id          uuid        NOT NULL,
    day                   date        NOT NULL,
    api_requests          bigint      NOT NULL DEFAULT 0,
    chat_messages         bigint      NOT NULL DEFAULT 0,
    llm_input_tokens      bigint      NOT NULL DEFAULT 0,
    llm_output_tokens     bigint      NOT NULL DEFAULT 0,
    workflow_runs         bigint      NOT NULL DEFAULT 0,
    workflow_runs_failed  bigint      NOT NULL DEFAULT 0,
    records_changed       bigint      NOT NULL DEFAULT 0,
    active_users          integer     NOT NULL DEFAULT 0,
    updated_at            timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (workspace_id, day),
    CONSTRAINT usage_daily_non_negative CHECK (
        api_requests >= 0 AND chat_messages >= 0 AND llm_input_tokens >= 0
        AND llm_output_tokens >= 0 AND workflow_runs >= 0 AND records_changed >= 0
        AND active_users >= 0
    ),
    CONSTRAINT usage_daily_failed_le_total CHECK (workflow_runs_failed BETWEEN 0 AND workflow_runs)
);

CREATE INDEX IF NOT EXISTS usage_daily_day_idx ON analytics.usage_daily (day);

COMMENT ON TABLE analytics.usage_daily IS 'One row per workspace and UTC day; served by GET /api/v1/analytics/usage and GraphQL usage. Rebuilt for the current day every 15 minutes and finalised at 01:00 UTC. Kept 25 months.';
COMMENT ON COLUMN analytics.usage_daily.api_requests IS 'From metrics.usage_daily_v (metric api_request, produced by api-gateway).';
COMMENT ON COLUMN analytics.usage_daily.llm_input_tokens IS 'From metrics.usage_daily_v (metric llm_input_tokens, produced by llm-orchestrator).';
COMMENT ON COLUMN analytics.usage_daily.workflow_runs IS 'Runs that finished that day, counted from workflow.run events.';
COMMENT ON COLUMN analytics.usage_daily.records_changed IS 'Count of airtable.record.changed events for bases of the workspace.';
COMMENT ON COLUMN analytics.usage_daily.active_users IS 'Distinct users with a login or refresh on auth.session that day.';

CREATE TABLE IF NOT EXISTS analytics.reports (
    id             uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    workspace_id   uuid        NOT NULL,
    requested_by   uuid        NOT NULL,
    kind           text        NOT NULL,
    format         text        NOT NULL,
    period_from    date        NOT NULL,
    period_to      date        NOT NULL,
    status         text        NOT NULL DEFAULT 'queued',
    file_id        uuid,
    error_message  text,
    requested_at   timestamptz NOT NULL DEFAULT now(),
    completed_at   timestamptz,
    CONSTRAINT reports_kind CHECK (kind IN ('usage_summary', 'workflow_runs', 'chat_activity')),
    CONSTRAINT reports_format CHECK (format IN ('pdf', 'csv', 'xlsx')),
    CONSTRAINT reports_period CHECK (period_to >= period_from AND period_to - period_from <= 366),
    CONSTRAINT reports_status CHECK (status IN ('queued', 'running', 'ready', 'failed')),
    CONSTRAINT reports_ready_has_file CHECK (status <> 'ready' OR file_id IS NOT NULL),
    CONSTRAINT reports_completed CHECK ((status IN ('ready', 'failed')) = (completed_at IS NOT NULL))
);

CREATE INDEX IF NOT EXISTS reports_workspace_requested_idx
    ON analytics.reports (workspace_id, requested_at DESC);
CREATE INDEX IF NOT EXISTS reports_pending_idx
    ON analytics.reports (requested_at) WHERE status IN ('queued', 'running');

COMMENT ON TABLE analytics.reports IS 'Report requests (POST /api/v1/reports). analytics-service publishes report.requested; report-generator sets running/ready/failed through analytics-service''s internal API.';
COMMENT ON COLUMN analytics.reports.file_id IS 'storage.files id of the rendered document (purpose report).';
