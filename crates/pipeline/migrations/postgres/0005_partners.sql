-- Partners confirm: a listing names an organisation as taking part, and until that
-- organisation confirms, the listing shows it as invited and is not found by its places.
-- One row per organisation a listing names (by `name_key`, its trimmed name with ASCII
-- letters in lower case), and the listing's own publisher, confirmed from the start.
CREATE TABLE listing_partners (
    listing BIGINT NOT NULL REFERENCES listings (number),
    name_key TEXT NOT NULL,
    id TEXT NOT NULL UNIQUE,
    state TEXT NOT NULL,
    invited_at BIGINT NOT NULL,
    decided_at BIGINT,
    PRIMARY KEY (listing, name_key)
);
CREATE INDEX listing_partners_by_name ON listing_partners (name_key, invited_at);
-- The places (`nation:wales`, `region:london`) each named organisation would give the
-- listing; `listing_places` holds those of the confirmed ones only.
CREATE TABLE listing_partner_places (
    listing BIGINT NOT NULL REFERENCES listings (number),
    name_key TEXT NOT NULL,
    place TEXT NOT NULL,
    PRIMARY KEY (listing, name_key, place)
);
-- A contact's email address is published only when the publisher chose to: none has yet.
UPDATE listings SET contact = (contact::jsonb || '{"email": "", "publish_email": false}'::jsonb)::text
WHERE contact IS NOT NULL AND contact <> 'null';
