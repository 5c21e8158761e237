-- Accord workspace, schema version 1: every record of a workspace, and the change log.
-- Never edit this file once it has shipped: add a new numbered migration instead.

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

CREATE TABLE project (
    seq                  INTEGER PRIMARY KEY CHECK (seq = 1),
    id                   TEXT NOT NULL,
    title                TEXT NOT NULL,
    problem              TEXT NOT NULL DEFAULT '',
    outcomes             TEXT NOT NULL DEFAULT '',
    phase                TEXT NOT NULL,
    status               TEXT NOT NULL,
    tags                 TEXT NOT NULL DEFAULT '[]',
    collaboration_level  TEXT NOT NULL,
    budget_band          TEXT,
    looking_for_partners INTEGER NOT NULL DEFAULT 0,
    start_date           TEXT,
    review_date          TEXT,
    pipeline_id          TEXT
) STRICT;

CREATE TABLE organisation (
    seq       INTEGER PRIMARY KEY,
    id        TEXT NOT NULL UNIQUE,
    name      TEXT NOT NULL,
    kind      TEXT NOT NULL,
    gss_code  TEXT,
    role      TEXT NOT NULL,
    signatory TEXT
) STRICT;

CREATE TABLE person (
    seq          INTEGER PRIMARY KEY,
    id           TEXT NOT NULL UNIQUE,
    name         TEXT NOT NULL,
    job_title    TEXT NOT NULL DEFAULT '',
    organisation TEXT,
    email        TEXT NOT NULL DEFAULT '',
    phone        TEXT NOT NULL DEFAULT '',
    active       INTEGER NOT NULL DEFAULT 1
) STRICT;

CREATE TABLE agreement (
    seq            INTEGER PRIMARY KEY CHECK (seq = 1),
    version        INTEGER NOT NULL,
    status         TEXT NOT NULL,
    binding        INTEGER NOT NULL DEFAULT 0,
    effective_date TEXT,
    review_date    TEXT
) STRICT;

CREATE TABLE section (
    seq        INTEGER PRIMARY KEY,
    key        TEXT NOT NULL UNIQUE,
    position   INTEGER NOT NULL,
    title      TEXT NOT NULL,
    body       TEXT NOT NULL DEFAULT '',
    status     TEXT NOT NULL,
    updated_at TEXT,
    updated_by TEXT
) STRICT;

CREATE TABLE activity (
    seq         INTEGER PRIMARY KEY,
    id          TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    phase       TEXT
) STRICT;

CREATE TABLE assignment (
    seq      INTEGER PRIMARY KEY,
    activity TEXT NOT NULL REFERENCES activity (id),
    party    TEXT NOT NULL,
    role     TEXT NOT NULL CHECK (role IN ('R', 'A', 'C', 'I')),
    UNIQUE (activity, party, role)
) STRICT;

CREATE TABLE decision (
    seq          INTEGER PRIMARY KEY, -- the decision's number: D-001 is 1
    id           TEXT NOT NULL UNIQUE,
    title        TEXT NOT NULL,
    date         TEXT NOT NULL,
    status       TEXT NOT NULL,
    context      TEXT NOT NULL DEFAULT '',
    options      TEXT NOT NULL DEFAULT '[]',
    decision     TEXT NOT NULL DEFAULT '',
    consequences TEXT NOT NULL DEFAULT '',
    deciders     TEXT NOT NULL DEFAULT '[]',
    consulted    TEXT NOT NULL DEFAULT '[]',
    informed     TEXT NOT NULL DEFAULT '[]',
    supersedes   TEXT,
    review_date  TEXT,
    tags         TEXT NOT NULL DEFAULT '[]'
) STRICT;

CREATE INDEX decision_status ON decision (status);

CREATE TABLE handover_note (
    seq              INTEGER PRIMARY KEY,
    id               TEXT NOT NULL UNIQUE,
    role             TEXT NOT NULL,
    holder           TEXT NOT NULL,
    successor        TEXT,
    handover_date    TEXT,
    status           TEXT NOT NULL,
    responsibilities TEXT NOT NULL DEFAULT '',
    key_contacts     TEXT NOT NULL DEFAULT '',
    in_flight_work   TEXT NOT NULL DEFAULT '',
    where_things_are TEXT NOT NULL DEFAULT '',
    tacit_knowledge  TEXT NOT NULL DEFAULT '',
    risks            TEXT NOT NULL DEFAULT '',
    first_two_weeks  TEXT NOT NULL DEFAULT '',
    acknowledged_on  TEXT
) STRICT;

CREATE TABLE signoff (
    seq         INTEGER PRIMARY KEY,
    id          TEXT NOT NULL UNIQUE,
    document    TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    signed_by   TEXT NOT NULL,
    signed_on   TEXT NOT NULL,
    method      TEXT NOT NULL,
    note        TEXT NOT NULL DEFAULT ''
) STRICT;

-- A sign-off is never edited or deleted, whatever code runs against the file.
CREATE TRIGGER signoff_never_changes BEFORE UPDATE ON signoff
BEGIN SELECT RAISE(ABORT, 'a sign-off is never changed'); END;
CREATE TRIGGER signoff_never_deleted BEFORE DELETE ON signoff
BEGIN SELECT RAISE(ABORT, 'a sign-off is never deleted'); END;

-- The change log: one operation per change, written in the same transaction as the change.
-- It is the workspace's history and, later, what sync exchanges between councils.
CREATE TABLE operation (
    seq         INTEGER PRIMARY KEY,
    op_id       TEXT NOT NULL UNIQUE,   -- UUID v7
    device      TEXT NOT NULL,          -- the replica that made the change
    hlc         TEXT NOT NULL,          -- hybrid logical clock, sortable as text
    at          TEXT NOT NULL,          -- wall-clock time, RFC 3339 UTC
    actor       TEXT NOT NULL,          -- "Name (Organisation)"
    record_type TEXT NOT NULL,
    record_id   TEXT NOT NULL,
    action      TEXT NOT NULL CHECK (action IN ('create', 'update', 'delete')),
    summary     TEXT NOT NULL,
    before      TEXT,                   -- the record as JSON before the change
    after       TEXT                    -- the record as JSON after the change
) STRICT;

CREATE INDEX operation_record ON operation (record_type, record_id);

CREATE TRIGGER operation_never_changes BEFORE UPDATE ON operation
BEGIN SELECT RAISE(ABORT, 'history is never changed'); END;
CREATE TRIGGER operation_never_deleted BEFORE DELETE ON operation
BEGIN SELECT RAISE(ABORT, 'history is never deleted'); END;
