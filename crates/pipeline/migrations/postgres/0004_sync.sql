-- Sync between councils (PostgreSQL): a space per shared project, its members, and its log of
-- operations, each numbered per project. The server stores op bodies as opaque text and
-- never parses them. Never edit once released: add a new file.
CREATE TABLE server_identity (
    one BIGINT PRIMARY KEY CHECK (one = 1),
    id TEXT NOT NULL
);
CREATE TABLE sync_projects (
    id TEXT PRIMARY KEY,
    log_id TEXT NOT NULL UNIQUE,
    lead_org TEXT NOT NULL REFERENCES organisations (id),
    head_seq BIGINT NOT NULL CHECK (head_seq >= 0),
    created_at BIGINT NOT NULL
);
CREATE TABLE sync_members (
    project TEXT NOT NULL REFERENCES sync_projects (id),
    organisation_id TEXT NOT NULL REFERENCES organisations (id),
    role TEXT NOT NULL CHECK (role IN ('lead', 'partner', 'observer')),
    since BIGINT NOT NULL,
    removed_at BIGINT,
    PRIMARY KEY (project, organisation_id)
);
CREATE INDEX sync_members_by_organisation ON sync_members (organisation_id, project);
CREATE TABLE sync_ops (
    project TEXT NOT NULL REFERENCES sync_projects (id),
    seq BIGINT NOT NULL CHECK (seq > 0),
    op_id TEXT NOT NULL,
    hash TEXT NOT NULL,
    hlc TEXT NOT NULL,
    body TEXT NOT NULL,
    bytes BIGINT NOT NULL,
    pushed_by_user TEXT NOT NULL REFERENCES users (id),
    pushed_by_org TEXT NOT NULL REFERENCES organisations (id),
    received_at BIGINT NOT NULL,
    order_at BIGINT NOT NULL,
    PRIMARY KEY (project, seq),
    UNIQUE (project, op_id)
);
