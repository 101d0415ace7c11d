-- owner: embedding-service
-- schema: embeddings
-- Text chunks of knowledge files and their embeddings (text-embedding-004, 768
-- dimensions) for retrieval by llm-orchestrator. embedding-service is experimental.

CREATE EXTENSION IF NOT EXISTS vector;

CREATE SCHEMA IF NOT EXISTS embeddings;
COMMENT ON SCHEMA embeddings IS 'Owned by embedding-service (ai-team). Requires the pgvector extension.';

CREATE TABLE IF NOT EXISTS embeddings.chunks (
    id             uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    workspace_id   uuid        NOT NULL,
    file_id        uuid        NOT NULL,
    chunk_index    integer     NOT NULL,
    content        text        NOT NULL,
    content_sha256 char(64)    NOT NULL,
    token_count    integer     NOT NULL,
    embedding      vector(768) NOT NULL,
    model          text        NOT NULL DEFAULT 'text-embedding-004',
    created_at     timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT chunks_file_chunk_key UNIQUE (file_id, chunk_index),
    CONSTRAINT chunks_index_non_negative CHECK (chunk_index >= 0),
    CONSTRAINT chunks_content_len CHECK (char_length(content) BETWEEN 1 AND 8000),
    CONSTRAINT chunks_sha256_hex CHECK (content_sha256 ~ '^[0-9a-f]{64}$'),
    CONSTRAINT chunks_token_count CHECK (token_count BETWEEN 1 AND 2048),
    CONSTRAINT chunks_model CHECK (model IN ('text-embedding-004'))
);

CREATE INDEX IF NOT EXISTS chunks_workspace_idx
    ON embeddings.chunks (workspace_id);
CREATE INDEX IF NOT EXISTS chunks_embedding_hnsw_idx
    ON embeddings.chunks USING hnsw (embedding vector_cosine_ops) WITH (m = 16, ef_construction = 64);

COMMENT ON TABLE embeddings.chunks IS 'Chunks of about 512 tokens with 64 tokens overlap, written when file-processor sends a knowledge file to embedding-service. Searched by cosine distance, always filtered by workspace_id.';
COMMENT ON COLUMN embeddings.chunks.file_id IS 'storage.files id of the source file; chunks are deleted when the file is deleted.';
COMMENT ON COLUMN embeddings.chunks.embedding IS 'pgvector vector(768) from Gemini text-embedding-004 (task type RETRIEVAL_DOCUMENT).';
