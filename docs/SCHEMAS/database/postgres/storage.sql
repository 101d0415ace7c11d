-- owner: storage-service
-- schema: storage
-- Metadata of objects in the S3 bucket (MinIO locally). storage-service publishes
-- file.uploaded; file-processor reports the outcome back through storage-service's
-- internal API, which updates status.

CREATE SCHEMA IF NOT EXISTS storage;
COMMENT ON SCHEMA storage IS 'Owned by storage-service (data-team).';

CREATE TABLE IF NOT EXISTS storage.files (
    id               uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    workspace_id     uuid        NOT NULL,
    uploaded_by      uuid,
    original_name    text        NOT NULL,
    bucket_key       text        NOT NULL,
    sha256           char(64)    NOT NULL,
    size_bytes       bigint      NOT NULL,
    content_type     text        NOT NULL,
    purpose          text        NOT NULL DEFAULT 'import',
    status           text        NOT NULL DEFAULT 'stored',
    target_base_id   text,
    target_table_id  text,
    error_message    text,
    created_at       timestamptz NOT NULL DEFAULT now(),
    processed_at     timestamptz,
    deleted_at       timestamptz,
    CONSTRAINT files_bucket_key_key UNIQUE (bucket_key),
    CONSTRAINT files_bucket_key_format CHECK (bucket_key ~ '^workspaces/[0-9a-f-]{36}/(files|reports)/[0-9a-f-]{36}$'),
    CONSTRAINT files_sha256_hex CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    CONSTRAINT files_size CHECK (size_bytes > 0),
    CONSTRAINT files_upload_size CHECK (purpose = 'report' OR size_bytes <= 52428800),
    CONSTRAINT files_content_type CHECK (content_type IN (
        'text/csv',
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        'application/pdf'
    )),
    CONSTRAINT files_purpose CHECK (purpose IN ('import', 'knowledge', 'report')),
    CONSTRAINT files_status CHECK (status IN ('stored', 'processing', 'processed', 'failed', 'deleted')),
    CONSTRAINT files_import_target CHECK (
        purpose <> 'import'
        OR (target_base_id ~ '^app[A-Za-z0-9]{14}$' AND target_table_id ~ '^tbl[A-Za-z0-9]{14}$')
    ),
    CONSTRAINT files_deleted_at_matches_status CHECK ((status = 'deleted') = (deleted_at IS NOT NULL))
);

CREATE INDEX IF NOT EXISTS files_workspace_created_idx
    ON storage.files (workspace_id, created_at DESC);
CREATE INDEX IF NOT EXISTS files_workspace_sha256_idx
    ON storage.files (workspace_id, sha256);
CREATE INDEX IF NOT EXISTS files_uploaded_by_idx
    ON storage.files (uploaded_by) WHERE uploaded_by IS NOT NULL;

COMMENT ON TABLE storage.files IS 'One row per object in the bucket. Objects of deleted rows are removed by an S3 lifecycle rule 30 days after deleted_at; rows follow 30 days later.';
COMMENT ON COLUMN storage.files.uploaded_by IS 'users.users id of the uploader; the requesting user for generated reports.';
COMMENT ON COLUMN storage.files.bucket_key IS 'Object key, workspaces/{workspaceId}/files/{fileId} for uploads or workspaces/{workspaceId}/reports/{fileId} for reports.';
COMMENT ON COLUMN storage.files.sha256 IS 'Lowercase hex SHA-256 of the object, computed while streaming the upload.';
COMMENT ON COLUMN storage.files.purpose IS 'import: rows go to target_base_id/target_table_id via data-pipeline; knowledge: text is embedded by embedding-service; report: written by report-generator.';
