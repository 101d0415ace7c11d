-- owner: scheduler-service
-- schema: scheduler
-- Cron schedules of workflows with a schedule trigger. scheduler-service polls for due rows,
-- takes the Redis lease scheduler:lock:{scheduleId} (SET NX, 30 s) and publishes
-- schedule.fired.

CREATE SCHEMA IF NOT EXISTS scheduler;
COMMENT ON SCHEMA scheduler IS 'Owned by scheduler-service (automation-team).';

CREATE TABLE IF NOT EXISTS scheduler.schedules (
    id               uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    workflow_id      uuid        NOT NULL,
    trigger_id       uuid        NOT NULL,
    workspace_id     uuid        NOT NULL,
    cron_expr        text        NOT NULL,
    timezone         text        NOT NULL DEFAULT 'UTC',
    enabled          boolean     NOT NULL DEFAULT true,
    next_fire_at     timestamptz NOT NULL,
    last_fired_at    timestamptz,
    last_event_id    uuid,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT schedules_cron_five_fields CHECK (
        array_length(regexp_split_to_array(btrim(cron_expr), '\s+'), 1) = 5
    ),
    CONSTRAINT schedules_timezone_len CHECK (char_length(timezone) BETWEEN 1 AND 64),
    CONSTRAINT schedules_fire_order CHECK (last_fired_at IS NULL OR next_fire_at > last_fired_at),
    CONSTRAINT schedules_trigger_key UNIQUE (trigger_id)
);

CREATE INDEX IF NOT EXISTS schedules_due_idx
    ON scheduler.schedules (next_fire_at) WHERE enabled;
CREATE INDEX IF NOT EXISTS schedules_workflow_id_idx
    ON scheduler.schedules (workflow_id);

COMMENT ON TABLE scheduler.schedules IS 'One row per schedule trigger. The poller runs every 5 s and selects enabled rows with next_fire_at <= now().';
COMMENT ON COLUMN scheduler.schedules.workflow_id IS 'workflows.workflows id (workflow-engine); no cross-schema foreign key.';
COMMENT ON COLUMN scheduler.schedules.trigger_id IS 'workflows.workflow_triggers id of the schedule trigger this row fires.';
COMMENT ON COLUMN scheduler.schedules.cron_expr IS 'Five-field cron (minute hour day-of-month month day-of-week), evaluated in timezone.';
COMMENT ON COLUMN scheduler.schedules.next_fire_at IS 'Next firing instant in UTC, recomputed from cron_expr and timezone after each firing (DST-aware).';
COMMENT ON COLUMN scheduler.schedules.last_event_id IS 'eventId of the last schedule.fired envelope, for tracing a firing to its workflow run.';
