-- owner: workflow-engine
-- schema: workflows
-- Workflow definitions, their triggers, runs and the steps of each run. workflow-engine
-- consumes airtable.record.changed, webhook.received and schedule.fired and publishes
-- workflow.run and notification.requested.

CREATE SCHEMA IF NOT EXISTS workflows;
COMMENT ON SCHEMA workflows IS 'Owned by workflow-engine (automation-team).';

CREATE TABLE IF NOT EXISTS workflows.workflows (
    id            uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    workspace_id  uuid        NOT NULL,
    name          text        NOT NULL,
    description   text,
    enabled       boolean     NOT NULL DEFAULT true,
    version       integer     NOT NULL DEFAULT 1,
    steps         jsonb       NOT NULL,
    created_by    uuid        NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT workflows_name_len CHECK (char_length(name) BETWEEN 1 AND 120),
    CONSTRAINT workflows_description_len CHECK (description IS NULL OR char_length(description) <= 2000),
    CONSTRAINT workflows_version_positive CHECK (version >= 1),
    CONSTRAINT workflows_steps_array CHECK (
        jsonb_typeof(steps) = 'array' AND jsonb_array_length(steps) BETWEEN 1 AND 50
    )
);

CREATE INDEX IF NOT EXISTS workflows_workspace_created_idx
    ON workflows.workflows (workspace_id, created_at DESC);

COMMENT ON TABLE workflows.workflows IS 'Automation definitions. steps is the ordered list of {action, config} objects of the public API.';
COMMENT ON COLUMN workflows.workflows.workspace_id IS 'workspaces.workspaces id; no cross-schema foreign key.';
COMMENT ON COLUMN workflows.workflows.version IS 'Incremented on every change to steps or triggers; each run records the version it executed.';

CREATE TABLE IF NOT EXISTS workflows.workflow_triggers (
    id                         uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    workflow_id                uuid        NOT NULL REFERENCES workflows.workflows (id) ON DELETE CASCADE,
    type                       text        NOT NULL,
    base_id                    text,
    table_id                   text,
    change_types               text[],
    cron_expr                  text,
    timezone                   text,
    webhook_secret_enc         bytea,
    webhook_secret_nonce       bytea,
    created_at                 timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT workflow_triggers_type CHECK (type IN ('record_changed', 'schedule', 'webhook')),
    CONSTRAINT workflow_triggers_record_changed CHECK (
        type <> 'record_changed'
        OR (base_id ~ '^app[A-Za-z0-9]{14}$' AND table_id ~ '^tbl[A-Za-z0-9]{14}$'
            AND change_types <@ ARRAY['created', 'updated']::text[])
    ),
    CONSTRAINT workflow_triggers_schedule CHECK (
        type <> 'schedule' OR (cron_expr IS NOT NULL AND timezone IS NOT NULL)
    ),
    CONSTRAINT workflow_triggers_webhook CHECK (
        type <> 'webhook'
        OR (webhook_secret_enc IS NOT NULL AND octet_length(webhook_secret_nonce) = 12)
    )
);

CREATE INDEX IF NOT EXISTS workflow_triggers_workflow_id_idx
    ON workflows.workflow_triggers (workflow_id);
CREATE INDEX IF NOT EXISTS workflow_triggers_table_idx
    ON workflows.workflow_triggers (base_id, table_id) WHERE type = 'record_changed';

COMMENT ON TABLE workflows.workflow_triggers IS 'What starts a workflow. Record-change triggers are matched against airtable.record.changed by (base_id, table_id).';
COMMENT ON COLUMN workflows.workflow_triggers.change_types IS 'The changeType values of airtable.record.changed that start the workflow: created, updated. There is no deleted type, since record deletions are not detected (ADR-007).';
COMMENT ON COLUMN workflows.workflow_triggers.webhook_secret_enc IS 'HMAC-SHA256 signing secret (32 random bytes) encrypted with AES-256-GCM; webhook-handler obtains the plaintext from workflow-engine''s internal API to check X-PyAirtable-Signature.';

CREATE TABLE IF NOT EXISTS workflows.workflow_runs (
    id                uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    workflow_id       uuid        NOT NULL REFERENCES workflows.workflows (id) ON DELETE CASCADE,
    workflow_version  integer     NOT NULL,
    trigger_id        uuid        REFERENCES workflows.workflow_triggers (id) ON DELETE SET NULL,
    trigger_type      text        NOT NULL,
    trigger_event_id  uuid,
    started_by        uuid,
    status            text        NOT NULL DEFAULT 'queued',
    input             jsonb       NOT NULL DEFAULT '{}'::jsonb,
    queued_at         timestamptz NOT NULL DEFAULT now(),
    started_at        timestamptz,
    finished_at       timestamptz,
    error_step        smallint,
    error_code        text,
    error_message     text,
    CONSTRAINT workflow_runs_trigger_type CHECK (trigger_type IN ('manual', 'record_changed', 'schedule', 'webhook')),
    CONSTRAINT workflow_runs_status CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
    CONSTRAINT workflow_runs_manual_has_user CHECK (trigger_type <> 'manual' OR started_by IS NOT NULL),
    CONSTRAINT workflow_runs_times CHECK (
        (started_at IS NULL OR started_at >= queued_at)
        AND (finished_at IS NULL OR finished_at >= COALESCE(started_at, queued_at))
        AND (started_at IS NOT NULL OR status IN ('queued', 'cancelled'))
    ),
    CONSTRAINT workflow_runs_error_when_failed CHECK (status <> 'failed' OR error_code IS NOT NULL)
);

CREATE UNIQUE INDEX IF NOT EXISTS workflow_runs_trigger_event_key
    ON workflows.workflow_runs (workflow_id, trigger_event_id) WHERE trigger_event_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS workflow_runs_workflow_queued_idx
    ON workflows.workflow_runs (workflow_id, queued_at DESC);
CREATE INDEX IF NOT EXISTS workflow_runs_active_idx
    ON workflows.workflow_runs (status, queued_at) WHERE status IN ('queued', 'running');

COMMENT ON TABLE workflows.workflow_runs IS 'One execution of a workflow. Kept 90 days after finished_at, then deleted with its steps.';
COMMENT ON COLUMN workflows.workflow_runs.trigger_event_id IS 'eventId of the Kafka envelope that caused the run; the unique index makes redelivered events idempotent.';
COMMENT ON COLUMN workflows.workflow_runs.started_by IS 'users.users id for manual runs (REST or GraphQL startWorkflowRun).';

CREATE TABLE IF NOT EXISTS workflows.run_steps (
    run_id         uuid        NOT NULL REFERENCES workflows.workflow_runs (id) ON DELETE CASCADE,
    step_index     smallint    NOT NULL,
    action         text        NOT NULL,
    status         text        NOT NULL DEFAULT 'queued',
    attempt        smallint    NOT NULL DEFAULT 1,
    input          jsonb,
    output         jsonb,
    started_at     timestamptz,
    finished_at    timestamptz,
    error_message  text,
    PRIMARY KEY (run_id, step_index),
    CONSTRAINT run_steps_index_range CHECK (step_index BETWEEN 0 AND 49),
    CONSTRAINT run_steps_action CHECK (action IN ('condition', 'create_record', 'update_record', 'llm_prompt', 'notify', 'http_request')),
    CONSTRAINT run_steps_status CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
    CONSTRAINT run_steps_attempt CHECK (attempt BETWEEN 1 AND 3),
    CONSTRAINT run_steps_times CHECK (finished_at IS NULL OR (started_at IS NOT NULL AND finished_at >= started_at))
);

COMMENT ON TABLE workflows.run_steps IS 'Per-step state of a run. A step gets at most 3 attempts (attempt): a failed one is retried after 10 s, then after 1 min, unless Airtable''s Retry-After asks for longer.';
COMMENT ON COLUMN workflows.run_steps.output IS 'Result passed to later steps; create_record/update_record store the Airtable record id, llm_prompt the generated text.';
