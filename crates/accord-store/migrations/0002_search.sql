-- Accord workspace, schema version 2: full-text search over every text field.
-- Never edit this file once it has shipped: add a new numbered migration instead.
--
-- Each record has one row in `search`, whose rowid is (kind << 40) | the record's seq, so
-- that triggers can replace it without scanning the index.

CREATE VIRTUAL TABLE search USING fts5(
    record_type UNINDEXED,
    record_id UNINDEXED,
    label UNINDEXED,
    title,
    body,
    tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER search_project_insert AFTER INSERT ON project BEGIN
    INSERT INTO search (rowid, record_type, record_id, label, title, body) VALUES ((1 << 40) | new.seq, 'project', new.id, new.title, new.title, new.problem || ' ' || new.outcomes || ' ' || new.tags);
END;
CREATE TRIGGER search_project_update AFTER UPDATE ON project BEGIN
    DELETE FROM search WHERE rowid = (1 << 40) | old.seq;
    INSERT INTO search (rowid, record_type, record_id, label, title, body) VALUES ((1 << 40) | new.seq, 'project', new.id, new.title, new.title, new.problem || ' ' || new.outcomes || ' ' || new.tags);
END;
CREATE TRIGGER search_project_delete AFTER DELETE ON project BEGIN
    DELETE FROM search WHERE rowid = (1 << 40) | old.seq;
END;
INSERT INTO search (rowid, record_type, record_id, label, title, body) SELECT (1 << 40) | seq, 'project', id, title, title, problem || ' ' || outcomes || ' ' || tags FROM project;

CREATE TRIGGER search_organisation_insert AFTER INSERT ON organisation BEGIN
    INSERT INTO search (rowid, record_type, record_id, label, title, body) VALUES ((2 << 40) | new.seq, 'organisation', new.id, new.name, new.name, new.kind || ' ' || coalesce(new.gss_code, ''));
END;
CREATE TRIGGER search_organisation_update AFTER UPDATE ON organisation BEGIN
    DELETE FROM search WHERE rowid = (2 << 40) | old.seq;
    INSERT INTO search (rowid, record_type, record_id, label, title, body) VALUES ((2 << 40) | new.seq, 'organisation', new.id, new.name, new.name, new.kind || ' ' || coalesce(new.gss_code, ''));
END;
CREATE TRIGGER search_organisation_delete AFTER DELETE ON organisation BEGIN
    DELETE FROM search WHERE rowid = (2 << 40) | old.seq;
END;
INSERT INTO search (rowid, record_type, record_id, label, title, body) SELECT (2 << 40) | seq, 'organisation', id, name, name, kind || ' ' || coalesce(gss_code, '') FROM organisation;

CREATE TRIGGER search_person_insert AFTER INSERT ON person BEGIN
    INSERT INTO search (rowid, record_type, record_id, label, title, body) VALUES ((3 << 40) | new.seq, 'person', new.id, new.name, new.name, new.job_title || ' ' || new.email);
END;
CREATE TRIGGER search_person_update AFTER UPDATE ON person BEGIN
    DELETE FROM search WHERE rowid = (3 << 40) | old.seq;
    INSERT INTO search (rowid, record_type, record_id, label, title, body) VALUES ((3 << 40) | new.seq, 'person', new.id, new.name, new.name, new.job_title || ' ' || new.email);
END;
CREATE TRIGGER search_person_delete AFTER DELETE ON person BEGIN
    DELETE FROM search WHERE rowid = (3 << 40) | old.seq;
END;
INSERT INTO search (rowid, record_type, record_id, label, title, body) SELECT (3 << 40) | seq, 'person', id, name, name, job_title || ' ' || email FROM person;

CREATE TRIGGER search_section_insert AFTER INSERT ON section BEGIN
    INSERT INTO search (rowid, record_type, record_id, label, title, body) VALUES ((4 << 40) | new.seq, 'section', new.key, new.title, new.title, new.body);
END;
CREATE TRIGGER search_section_update AFTER UPDATE ON section BEGIN
    DELETE FROM search WHERE rowid = (4 << 40) | old.seq;
    INSERT INTO search (rowid, record_type, record_id, label, title, body) VALUES ((4 << 40) | new.seq, 'section', new.key, new.title, new.title, new.body);
END;
CREATE TRIGGER search_section_delete AFTER DELETE ON section BEGIN
    DELETE FROM search WHERE rowid = (4 << 40) | old.seq;
END;
INSERT INTO search (rowid, record_type, record_id, label, title, body) SELECT (4 << 40) | seq, 'section', key, title, title, body FROM section;

CREATE TRIGGER search_activity_insert AFTER INSERT ON activity BEGIN
    INSERT INTO search (rowid, record_type, record_id, label, title, body) VALUES ((5 << 40) | new.seq, 'activity', new.id, new.name, new.name, new.description);
END;
CREATE TRIGGER search_activity_update AFTER UPDATE ON activity BEGIN
    DELETE FROM search WHERE rowid = (5 << 40) | old.seq;
    INSERT INTO search (rowid, record_type, record_id, label, title, body) VALUES ((5 << 40) | new.seq, 'activity', new.id, new.name, new.name, new.description);
END;
CREATE TRIGGER search_activity_delete AFTER DELETE ON activity BEGIN
    DELETE FROM search WHERE rowid = (5 << 40) | old.seq;
END;
INSERT INTO search (rowid, record_type, record_id, label, title, body) SELECT (5 << 40) | seq, 'activity', id, name, name, description FROM activity;

CREATE TRIGGER search_decision_insert AFTER INSERT ON decision BEGIN
    INSERT INTO search (rowid, record_type, record_id, label, title, body) VALUES ((6 << 40) | new.seq, 'decision', new.id, 'D-' || printf('%03d', new.seq) || ' ' || new.title, new.title, new.context || ' ' || new.options || ' ' || new.decision || ' ' || new.consequences || ' ' || new.tags);
END;
CREATE TRIGGER search_decision_update AFTER UPDATE ON decision BEGIN
    DELETE FROM search WHERE rowid = (6 << 40) | old.seq;
    INSERT INTO search (rowid, record_type, record_id, label, title, body) VALUES ((6 << 40) | new.seq, 'decision', new.id, 'D-' || printf('%03d', new.seq) || ' ' || new.title, new.title, new.context || ' ' || new.options || ' ' || new.decision || ' ' || new.consequences || ' ' || new.tags);
END;
CREATE TRIGGER search_decision_delete AFTER DELETE ON decision BEGIN
    DELETE FROM search WHERE rowid = (6 << 40) | old.seq;
END;
INSERT INTO search (rowid, record_type, record_id, label, title, body) SELECT (6 << 40) | seq, 'decision', id, 'D-' || printf('%03d', seq) || ' ' || title, title, context || ' ' || options || ' ' || decision || ' ' || consequences || ' ' || tags FROM decision;

CREATE TRIGGER search_handover_note_insert AFTER INSERT ON handover_note BEGIN
    INSERT INTO search (rowid, record_type, record_id, label, title, body) VALUES ((7 << 40) | new.seq, 'handover_note', new.id, new.role, new.role, new.responsibilities || ' ' || new.key_contacts || ' ' || new.in_flight_work || ' ' || new.where_things_are || ' ' || new.tacit_knowledge || ' ' || new.risks || ' ' || new.first_two_weeks);
END;
CREATE TRIGGER search_handover_note_update AFTER UPDATE ON handover_note BEGIN
    DELETE FROM search WHERE rowid = (7 << 40) | old.seq;
    INSERT INTO search (rowid, record_type, record_id, label, title, body) VALUES ((7 << 40) | new.seq, 'handover_note', new.id, new.role, new.role, new.responsibilities || ' ' || new.key_contacts || ' ' || new.in_flight_work || ' ' || new.where_things_are || ' ' || new.tacit_knowledge || ' ' || new.risks || ' ' || new.first_two_weeks);
END;
CREATE TRIGGER search_handover_note_delete AFTER DELETE ON handover_note BEGIN
    DELETE FROM search WHERE rowid = (7 << 40) | old.seq;
END;
INSERT INTO search (rowid, record_type, record_id, label, title, body) SELECT (7 << 40) | seq, 'handover_note', id, role, role, responsibilities || ' ' || key_contacts || ' ' || in_flight_work || ' ' || where_things_are || ' ' || tacit_knowledge || ' ' || risks || ' ' || first_two_weeks FROM handover_note;

CREATE TRIGGER search_signoff_insert AFTER INSERT ON signoff BEGIN
    INSERT INTO search (rowid, record_type, record_id, label, title, body) VALUES ((8 << 40) | new.seq, 'signoff', new.id, new.document || ' sign-off', new.document, new.note);
END;
CREATE TRIGGER search_signoff_update AFTER UPDATE ON signoff BEGIN
    DELETE FROM search WHERE rowid = (8 << 40) | old.seq;
    INSERT INTO search (rowid, record_type, record_id, label, title, body) VALUES ((8 << 40) | new.seq, 'signoff', new.id, new.document || ' sign-off', new.document, new.note);
END;
CREATE TRIGGER search_signoff_delete AFTER DELETE ON signoff BEGIN
    DELETE FROM search WHERE rowid = (8 << 40) | old.seq;
END;
INSERT INTO search (rowid, record_type, record_id, label, title, body) SELECT (8 << 40) | seq, 'signoff', id, document || ' sign-off', document, note FROM signoff;
