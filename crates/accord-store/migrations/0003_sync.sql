-- Accord workspace, schema version 3: the change log made fit for exchange between councils
-- (sync), and the sync state beside it. Only columns and tables are added: the history
-- triggers allow ADD COLUMN, and every older file upgrades without losing anything.
-- Never edit this file once it has shipped: add a new numbered migration instead.

-- Per operation, beside the log (whose rows are never changed): which fields it set and
-- their new values, and the changes each field was based on (its heads when the change was
-- made), so that a replica tells "concurrent" from "later" by parents, never by clocks.
-- Older operations get theirs when the file is upgraded, by one pass over the history.
ALTER TABLE operation ADD COLUMN origin TEXT NOT NULL DEFAULT 'local' CHECK (origin IN ('local', 'remote'));
-- A notice (a decision renumbered, a copy of the file noticed) is history, never exchanged.
ALTER TABLE operation ADD COLUMN kind TEXT NOT NULL DEFAULT 'edit' CHECK (kind IN ('edit', 'notice'));

CREATE TABLE op_wire (
    op_id       TEXT PRIMARY KEY,
    record_type TEXT NOT NULL,  -- as exchanged: a RACI cell is "raci_cell", "ACTIVITY/PARTY"
    record_id   TEXT NOT NULL,
    changes     TEXT NOT NULL,  -- {"field": new value, ...}
    parents     TEXT NOT NULL   -- {"field": ["op_id", ...], ...}
) STRICT, WITHOUT ROWID;

CREATE INDEX operation_unsent ON operation (seq) WHERE origin = 'local' AND kind = 'edit';

-- The server this workspace is shared through, and how far it has read that server's log.
CREATE TABLE sync_link (
    one          INTEGER PRIMARY KEY CHECK (one = 1),
    server_url   TEXT NOT NULL,
    server_id    TEXT NOT NULL,
    project_id   TEXT NOT NULL,
    log_id       TEXT NOT NULL,
    cursor       INTEGER NOT NULL DEFAULT 0,   -- the last server seq applied here
    cursor_op    TEXT,                         -- the op id at that seq (a restored server is noticed)
    last_sync_at TEXT,
    last_result  TEXT
) STRICT;

-- The server's order for every op it holds: its seq and its clamped order time.
CREATE TABLE op_ack (
    op_id    TEXT PRIMARY KEY,
    seq      INTEGER NOT NULL UNIQUE,
    order_at TEXT NOT NULL
) STRICT, WITHOUT ROWID;

-- The heads of every field: the changes to it that no other change has built on yet. One
-- head is the usual case; several are concurrent changes, merged or in conflict.
CREATE TABLE field_head (
    record_type TEXT NOT NULL,
    record_id   TEXT NOT NULL,
    field       TEXT NOT NULL,
    op_id       TEXT NOT NULL,
    PRIMARY KEY (record_type, record_id, field, op_id)
) STRICT, WITHOUT ROWID;

-- A record a change removed: what it was, so that a concurrent edit can bring it back.
CREATE TABLE tombstone (
    record_type TEXT NOT NULL,
    record_id   TEXT NOT NULL,
    op_id       TEXT NOT NULL,
    PRIMARY KEY (record_type, record_id)
) STRICT, WITHOUT ROWID;

-- Open conflicts: concurrent changes a person must settle. Derived from the heads; the same
-- on every replica that holds the same changes.
CREATE TABLE conflict (
    id          TEXT PRIMARY KEY,
    kind        TEXT NOT NULL,
    record_type TEXT NOT NULL,
    record_id   TEXT NOT NULL,
    field       TEXT NOT NULL,
    label       TEXT NOT NULL,
    sides       TEXT NOT NULL,   -- [{"op_id", "actor", "at", "value"}], in the server's order
    base        TEXT             -- the common ancestor's value (text conflicts), as JSON
) STRICT;

CREATE INDEX conflict_field ON conflict (record_type, record_id, field);

-- The order records are listed in comes from the changes (the server's seq of the change
-- that created them), so two replicas holding the same changes list them alike. NULL until
-- the creating change has been ordered by a server: such records come last, in local order.
ALTER TABLE organisation ADD COLUMN order_key INTEGER;
ALTER TABLE person ADD COLUMN order_key INTEGER;
ALTER TABLE activity ADD COLUMN order_key INTEGER;
ALTER TABLE assignment ADD COLUMN order_key INTEGER;
ALTER TABLE section ADD COLUMN order_key INTEGER;
ALTER TABLE handover_note ADD COLUMN order_key INTEGER;
ALTER TABLE signoff ADD COLUMN order_key INTEGER;

-- A decision's number is provisional until the server has ordered the change that made it.
ALTER TABLE decision ADD COLUMN number_state TEXT NOT NULL DEFAULT 'confirmed'
    CHECK (number_state IN ('provisional', 'confirmed'));
