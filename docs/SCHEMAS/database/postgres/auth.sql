-- owner: auth-service
-- schema: auth
-- Credentials, refresh tokens and workspace role grants used by auth-service to issue
-- RS256 access tokens (15 min) and opaque refresh tokens (30 days, rotated on each use).
-- Applied by auth-service's migrations (pyairtable-auth, migrations/) as role auth_service.

CREATE SCHEMA IF NOT EXISTS auth;
COMMENT ON SCHEMA auth IS 'Owned by auth-service (identity-team). No other service reads or writes this schema.';

-- ---------------------------------------------------------------------------
-- credentials: one row per user who can sign in
-- ---------------------------------------------------------------------------
CREATE TABLE IF NOT EXISTS auth.credentials (
    user_id                 uuid        PRIMARY KEY,
    email                   text        NOT NULL,
    password_hash           text        NOT NULL,
    mfa_enabled             boolean     NOT NULL DEFAULT false,
    mfa_secret_enc          bytea,
    mfa_data_key_encrypted  bytea,
    password_changed_at     timestamptz NOT NULL DEFAULT now(),
    last_login_at           timestamptz,
    created_at              timestamptz NOT NULL DEFAULT now(),
    updated_at              timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT credentials_email_format CHECK (email ~ '^[^@\s]+@[^@\s]+$'),
    CONSTRAINT credentials_password_argon2id CHECK (password_hash LIKE '$argon2id$%'),
    CONSTRAINT credentials_mfa_secret_present CHECK (
        NOT mfa_enabled
        OR (mfa_secret_enc IS NOT NULL AND mfa_data_key_encrypted IS NOT NULL)
    )
);

CREATE UNIQUE INDEX IF NOT EXISTS credentials_email_lower_key
    ON auth.credentials (lower(email));

COMMENT ON TABLE auth.credentials IS 'Sign-in secrets per user. user_id is the id of users.users (user-service); there is no cross-schema foreign key.';
COMMENT ON COLUMN auth.credentials.email IS 'Login name; copy of users.users.email, compared case-insensitively.';
COMMENT ON COLUMN auth.credentials.password_hash IS 'argon2id PHC string (m=65536 KiB, t=3, p=4), never the password.';
COMMENT ON COLUMN auth.credentials.mfa_secret_enc IS 'TOTP secret encrypted with AES-256-GCM: 12-byte nonce || ciphertext || 16-byte tag.';
COMMENT ON COLUMN auth.credentials.mfa_data_key_encrypted IS 'AES-256 data key encrypted by AWS KMS (alias/pyairtable-auth); decrypted with kms:Decrypt at use.';

-- ---------------------------------------------------------------------------
-- refresh_tokens: opaque, single-use, stored as SHA-256 hashes
-- ---------------------------------------------------------------------------
CREATE TABLE IF NOT EXISTS auth.refresh_tokens (
    id              uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    family_id       uuid        NOT NULL,
    parent_id       uuid        REFERENCES auth.refresh_tokens (id) ON DELETE SET NULL,
    user_id         uuid        NOT NULL REFERENCES auth.credentials (user_id) ON DELETE CASCADE,
    workspace_id    uuid,
    token_hash      bytea       NOT NULL,
    issued_at       timestamptz NOT NULL DEFAULT now(),
    expires_at      timestamptz NOT NULL,
    used_at         timestamptz,
    revoked_at      timestamptz,
    revoked_reason  text,
    user_agent      text,
    CONSTRAINT refresh_tokens_hash_len CHECK (octet_length(token_hash) = 32),
    CONSTRAINT refresh_tokens_lifetime CHECK (
        expires_at > issued_at AND expires_at <= issued_at + interval '30 days'
    ),
    CONSTRAINT refresh_tokens_revoked_reason CHECK (
        (revoked_at IS NULL AND revoked_reason IS NULL)
        OR (revoked_at IS NOT NULL AND revoked_reason IN
            ('logout', 'reuse_detected', 'password_changed', 'user_deleted', 'admin'))
    )
);

CREATE UNIQUE INDEX IF NOT EXISTS refresh_tokens_token_hash_key ON auth.refresh_tokens (token_hash);
CREATE INDEX IF NOT EXISTS refresh_tokens_user_id_idx ON auth.refresh_tokens (user_id);
CREATE INDEX IF NOT EXISTS refresh_tokens_family_id_idx ON auth.refresh_tokens (family_id);
CREATE INDEX IF NOT EXISTS refresh_tokens_expires_at_idx ON auth.refresh_tokens (expires_at);

COMMENT ON TABLE auth.refresh_tokens IS 'Refresh tokens, rotated on every POST /api/v1/auth/refresh. Presenting a token whose used_at is set revokes its whole family (reuse_detected). Rows are deleted 7 days after expires_at.';
COMMENT ON COLUMN auth.refresh_tokens.family_id IS 'Id shared by all tokens descending from one login; revocation works per family.';
COMMENT ON COLUMN auth.refresh_tokens.token_hash IS 'SHA-256 of the opaque token; the token itself is only ever sent to the client.';
COMMENT ON COLUMN auth.refresh_tokens.workspace_id IS 'Workspace put into the wid claim of access tokens issued from this token.';

-- ---------------------------------------------------------------------------
-- role_grants: the roles claim of the access token
-- ---------------------------------------------------------------------------
CREATE TABLE IF NOT EXISTS auth.role_grants (
    user_id       uuid        NOT NULL REFERENCES auth.credentials (user_id) ON DELETE CASCADE,
    workspace_id  uuid        NOT NULL,
    role          text        NOT NULL,
    granted_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, workspace_id),
    CONSTRAINT role_grants_role CHECK (role IN ('owner', 'editor', 'viewer'))
);

CREATE INDEX IF NOT EXISTS role_grants_workspace_id_idx ON auth.role_grants (workspace_id);

COMMENT ON TABLE auth.role_grants IS 'Role per user and workspace that auth-service stamps into the roles claim at login and refresh. A role change therefore reaches API calls within one access-token lifetime (15 minutes).';
COMMENT ON COLUMN auth.role_grants.workspace_id IS 'Id of workspaces.workspaces (workspace-service); no cross-schema foreign key.';
