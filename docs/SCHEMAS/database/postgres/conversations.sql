-- owner: llm-orchestrator
-- schema: conversations
-- Chat history of the AI assistant. The last 20 messages of an active conversation are
-- also cached in Redis (llm:conversation:{conversationId}, 24 h).

CREATE SCHEMA IF NOT EXISTS conversations;
COMMENT ON SCHEMA conversations IS 'Owned by llm-orchestrator (ai-team).';

CREATE TABLE IF NOT EXISTS conversations.conversations (
    id               uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    workspace_id     uuid        NOT NULL,
    user_id          uuid        NOT NULL,
    title            text        NOT NULL DEFAULT 'New conversation',
    model            text        NOT NULL DEFAULT 'gemini-1.5-pro',
    base_ids         text[]      NOT NULL DEFAULT '{}',
    message_count    integer     NOT NULL DEFAULT 0,
    created_at       timestamptz NOT NULL DEFAULT now(),
    last_message_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT conversations_title_len CHECK (char_length(title) BETWEEN 1 AND 200),
    CONSTRAINT conversations_message_count CHECK (message_count >= 0),
    CONSTRAINT conversations_last_after_created CHECK (last_message_at >= created_at)
);

CREATE INDEX IF NOT EXISTS conversations_user_last_idx
    ON conversations.conversations (user_id, last_message_at DESC);
CREATE INDEX IF NOT EXISTS conversations_workspace_idx
    ON conversations.conversations (workspace_id);
CREATE INDEX IF NOT EXISTS conversations_last_message_idx
    ON conversations.conversations (last_message_at);

COMMENT ON TABLE conversations.conversations IS 'One chat thread of one user in one workspace. Deleted with its messages 365 days after last_message_at.';
COMMENT ON COLUMN conversations.conversations.title IS 'Generated from the first user message (at most 200 characters).';
COMMENT ON COLUMN conversations.conversations.base_ids IS 'Airtable bases the assistant''s MCP tools may use in this conversation; empty means all bases of the workspace.';

CREATE TABLE IF NOT EXISTS conversations.messages (
    id               uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    conversation_id  uuid        NOT NULL REFERENCES conversations.conversations (id) ON DELETE CASCADE,
    seq              integer     NOT NULL,
    role             text        NOT NULL,
    content          text        NOT NULL,
    tool_name        text,
    tool_arguments   jsonb,
    input_tokens     integer,
    output_tokens    integer,
    created_at       timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT messages_conversation_seq_key UNIQUE (conversation_id, seq),
    CONSTRAINT messages_seq_positive CHECK (seq >= 1),
    CONSTRAINT messages_role CHECK (role IN ('system', 'user', 'assistant', 'tool')),
    CONSTRAINT messages_tool_named CHECK (role <> 'tool' OR tool_name IS NOT NULL),
    CONSTRAINT messages_user_content_len CHECK (role <> 'user' OR char_length(content) <= 8000),
    CONSTRAINT messages_tokens_non_negative CHECK (
        coalesce(input_tokens, 0) >= 0 AND coalesce(output_tokens, 0) >= 0
    )
);

COMMENT ON TABLE conversations.messages IS 'Messages in order (seq). Tool messages hold the MCP tool result summary that was sent back to the model.';
COMMENT ON COLUMN conversations.messages.tool_name IS 'MCP tool of mcp-server, e.g. list_records, get_record, create_records, update_record, describe_table.';
COMMENT ON COLUMN conversations.messages.input_tokens IS 'Gemini prompt tokens for an assistant message; also metered on usage.metered.';
