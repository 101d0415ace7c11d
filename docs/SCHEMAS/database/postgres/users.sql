-- owner: user-service
-- schema: users
-- User profiles and preferences. user-service publishes every change on the Kafka topic
-- user.lifecycle (user.created, user.updated, user.deleted).

CREATE SCHEMA IF NOT EXISTS users;
COMMENT ON SCHEMA users IS 'Owned by user-service (platform-team). Other services read profiles through user-service''s API, never from this schema.';

CREATE TABLE IF NOT EXISTS users.users (
    id            uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    email         text,
    display_name  text,
    locale        text        NOT NULL DEFAULT 'en-US',
    timezone      text        NOT NULL DEFAULT 'UTC',
    status        text        NOT NULL DEFAULT 'active',
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    erased_at     timestamptz,
    CONSTRAINT users_email_format CHECK (email ~ '^[^@\s]+@[^@\s]+$'),
    CONSTRAINT users_email_unless_erased CHECK ((status = 'erased') = (email IS NULL)),
    CONSTRAINT users_display_name_len CHECK (char_length(display_name) BETWEEN 1 AND 120),
    CONSTRAINT users_display_name_if_active CHECK (status <> 'active' OR display_name IS NOT NULL),
    CONSTRAINT users_locale_bcp47 CHECK (locale ~ '^[a-z]{2,3}(-[A-Z]{2})?$'),
    CONSTRAINT users_timezone_len CHECK (char_length(timezone) BETWEEN 1 AND 64),
    CONSTRAINT users_status CHECK (status IN ('invited', 'active', 'suspended', 'erased')),
    CONSTRAINT users_erased_at_matches_status CHECK ((status = 'erased') = (erased_at IS NOT NULL))
);

CREATE UNIQUE INDEX IF NOT EXISTS users_email_lower_key
    ON users.users (lower(email)) WHERE email IS NOT NULL;
CREATE INDEX IF NOT EXISTS users_erased_at_idx
    ON users.users (erased_at) WHERE erased_at IS NOT NULL;

COMMENT ON TABLE users.users IS 'One row per person. status invited: created for an email invited to a workspace, no sign-in yet. On erasure the row is kept as a tombstone (status erased, email and display_name NULL) so ids held by other services stay valid.';
COMMENT ON COLUMN users.users.email IS 'Contact and login address; auth.credentials keeps its own copy for sign-in.';
COMMENT ON COLUMN users.users.locale IS 'BCP 47 tag used for emails and report formatting, e.g. en-US, de-DE.';
COMMENT ON COLUMN users.users.timezone IS 'IANA zone name, e.g. Europe/Berlin; default for new schedules and digests.';

CREATE TABLE IF NOT EXISTS users.user_preferences (
    user_id                  uuid        PRIMARY KEY REFERENCES users.users (id) ON DELETE CASCADE,
    email_workflow_failures  text        NOT NULL DEFAULT 'immediate',
    email_workflow_messages  text        NOT NULL DEFAULT 'immediate',
    email_imports            text        NOT NULL DEFAULT 'immediate',
    email_reports            text        NOT NULL DEFAULT 'immediate',
    theme                    text        NOT NULL DEFAULT 'system',
    updated_at               timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT user_preferences_email_modes CHECK (
        email_workflow_failures IN ('immediate', 'digest', 'off')
        AND email_workflow_messages IN ('immediate', 'digest', 'off')
        AND email_imports IN ('immediate', 'digest', 'off')
        AND email_reports IN ('immediate', 'digest', 'off')),
    CONSTRAINT user_preferences_theme CHECK (theme IN ('system', 'light', 'dark'))
);

COMMENT ON TABLE users.user_preferences IS 'Per-user settings read by notification-service (through user-service) and the frontend.';
COMMENT ON COLUMN users.user_preferences.email_workflow_failures IS 'Emails about failed workflow runs (category workflowFailures). immediate: sent at once; digest: notification-service adds them to notify:digest:{userId}, sent as one email about an hour after the first entry; off: not sent (ADR-008).';
COMMENT ON COLUMN users.user_preferences.email_workflow_messages IS 'Emails sent by a workflow''s notify step (category workflowMessages): immediate, digest or off, as email_workflow_failures.';
COMMENT ON COLUMN users.user_preferences.email_imports IS 'Emails about finished or failed file imports (category imports): immediate, digest or off.';
COMMENT ON COLUMN users.user_preferences.email_reports IS 'Emails about reports, ready or failed (category reports): immediate, digest or off.';
