-- owner: workspace-service
-- schema: workspaces
-- Workspaces, their members and their Airtable connections. Membership changes are
-- published on the Kafka topic workspace.membership.

CREATE SCHEMA IF NOT EXISTS workspaces;
COMMENT ON SCHEMA workspaces IS 'Owned by workspace-service (platform-team).';

CREATE TABLE IF NOT EXISTS workspaces.workspaces (
    id          uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    name        text        NOT NULL,
    slug        text        NOT NULL,
    created_by  uuid        NOT NULL,
    status      text        NOT NULL DEFAULT 'active',
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    deleted_at  timestamptz,
    CONSTRAINT workspaces_name_len CHECK (char_length(name) BETWEEN 1 AND 80),
    CONSTRAINT workspaces_status CHECK (status IN ('active', 'orphaned')),
    CONSTRAINT workspaces_slug_format CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND char_length(slug) <= 63)
);

CREATE UNIQUE INDEX IF NOT EXISTS workspaces_slug_key
    ON workspaces.workspaces (slug) WHERE deleted_at IS NULL;

COMMENT ON TABLE workspaces.workspaces IS 'Tenants. Soft-deleted rows are purged, with their members and connections, 30 days after deleted_at.';
COMMENT ON COLUMN workspaces.workspaces.created_by IS 'users.users id of the creator, who becomes the first owner.';
COMMENT ON COLUMN workspaces.workspaces.status IS 'orphaned after the last owner was erased, until support assigns a new owner.';

CREATE TABLE IF NOT EXISTS workspaces.workspace_members (
    workspace_id   uuid        NOT NULL REFERENCES workspaces.workspaces (id) ON DELETE CASCADE,
    user_id        uuid        NOT NULL,
    role           text        NOT NULL,
    status         text        NOT NULL DEFAULT 'active',
    invited_by     uuid,
    invited_at     timestamptz,
    joined_at      timestamptz,
    PRIMARY KEY (workspace_id, user_id),
    CONSTRAINT workspace_members_role CHECK (role IN ('owner', 'editor', 'viewer')),
    CONSTRAINT workspace_members_status CHECK (status IN ('active', 'invited')),
    CONSTRAINT workspace_members_invited_fields CHECK (
        status <> 'invited' OR (invited_by IS NOT NULL AND invited_at IS NOT NULL)
    ),
    CONSTRAINT workspace_members_joined_when_active CHECK ((status = 'active') = (joined_at IS NOT NULL))
);

CREATE INDEX IF NOT EXISTS workspace_members_user_id_idx
    ON workspaces.workspace_members (user_id);
CREATE INDEX IF NOT EXISTS workspace_members_open_invites_idx
    ON workspaces.workspace_members (invited_at) WHERE status = 'invited';

COMMENT ON TABLE workspaces.workspace_members IS 'Who belongs to a workspace and with which role. The service keeps at least one owner per workspace: removing or demoting the last owner is rejected with 409. Invitations older than 14 days are deleted.';
COMMENT ON COLUMN workspaces.workspace_members.user_id IS 'users.users id. Inviting an email without an account first creates an invited user through user-service (POST /internal/users).';

CREATE TABLE IF NOT EXISTS workspaces.airtable_connections (
    id                   uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    workspace_id         uuid        NOT NULL REFERENCES workspaces.workspaces (id) ON DELETE CASCADE,
    base_id              text        NOT NULL,
    base_name            text        NOT NULL,
    pat_ciphertext       bytea       NOT NULL,
    pat_nonce            bytea       NOT NULL,
    data_key_ciphertext  bytea       NOT NULL,
    kms_key_arn          text        NOT NULL,
    pat_last4            char(4)     NOT NULL,
    status               text        NOT NULL DEFAULT 'active',
    created_by           uuid        NOT NULL,
    created_at           timestamptz NOT NULL DEFAULT now(),
    last_verified_at     timestamptz,
    CONSTRAINT airtable_connections_base_id CHECK (base_id ~ '^app[A-Za-z0-9]{14}$'),
    CONSTRAINT airtable_connections_nonce_len CHECK (octet_length(pat_nonce) = 12),
    CONSTRAINT airtable_connections_status CHECK (status IN ('active', 'invalid', 'revoked')),
    CONSTRAINT airtable_connections_workspace_base_key UNIQUE (workspace_id, base_id)
);

CREATE INDEX IF NOT EXISTS airtable_connections_base_id_idx
    ON workspaces.airtable_connections (base_id);

COMMENT ON TABLE workspaces.airtable_connections IS 'Airtable bases connected to a workspace, with the personal access token encrypted (AES-256-GCM, envelope encryption with a KMS data key).';
COMMENT ON COLUMN workspaces.airtable_connections.pat_ciphertext IS 'AES-256-GCM ciphertext of the personal access token, 16-byte tag appended.';
COMMENT ON COLUMN workspaces.airtable_connections.pat_nonce IS '12-byte random GCM nonce, new for every encryption.';
COMMENT ON COLUMN workspaces.airtable_connections.data_key_ciphertext IS 'The AES-256 data key, encrypted by AWS KMS key kms_key_arn (GenerateDataKey).';
COMMENT ON COLUMN workspaces.airtable_connections.pat_last4 IS 'Last four characters of the token, shown in the UI and API as tokenLast4.';
COMMENT ON COLUMN workspaces.airtable_connections.status IS 'invalid when Airtable answered 401 with this token; revoked when an owner disconnected the base.';
