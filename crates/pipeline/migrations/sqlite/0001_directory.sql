-- Pipeline directory, first schema (SQLite). Never edit once released: add a new file.
CREATE TABLE organisations (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    gss_code TEXT,
    created_at INTEGER NOT NULL
);
CREATE TABLE users (
    id TEXT PRIMARY KEY,
    organisation_id TEXT NOT NULL REFERENCES organisations (id),
    name TEXT NOT NULL,
    email TEXT NOT NULL,
    feed_seen INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL
);
CREATE TABLE tokens (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users (id),
    hash TEXT NOT NULL UNIQUE,
    label TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    revoked_at INTEGER
);
CREATE TABLE listings (
    number INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    owner_id TEXT NOT NULL REFERENCES organisations (id),
    workspace_id TEXT,
    title TEXT NOT NULL,
    problem TEXT NOT NULL,
    outcomes TEXT NOT NULL,
    phase TEXT NOT NULL,
    status TEXT NOT NULL,
    collaboration_level TEXT NOT NULL,
    budget_band TEXT,
    looking_for_partners INTEGER NOT NULL,
    start_date TEXT,
    review_date TEXT,
    contact TEXT,
    organisations TEXT NOT NULL,
    tags TEXT NOT NULL,
    published_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    UNIQUE (owner_id, workspace_id)
);
CREATE INDEX listings_by_update ON listings (updated_at, number);
CREATE TABLE listing_tags (
    tag TEXT NOT NULL,
    listing INTEGER NOT NULL REFERENCES listings (number),
    PRIMARY KEY (tag, listing)
) WITHOUT ROWID;
CREATE INDEX listing_tags_by_listing ON listing_tags (listing);
CREATE TABLE listing_words (
    word TEXT NOT NULL,
    listing INTEGER NOT NULL REFERENCES listings (number),
    in_problem INTEGER NOT NULL,
    PRIMARY KEY (word, listing)
) WITHOUT ROWID;
CREATE INDEX listing_words_by_listing ON listing_words (listing);
CREATE TABLE listing_places (
    place TEXT NOT NULL,
    listing INTEGER NOT NULL REFERENCES listings (number),
    PRIMARY KEY (place, listing)
) WITHOUT ROWID;
CREATE INDEX listing_places_by_listing ON listing_places (listing);
CREATE TABLE memberships (
    listing INTEGER NOT NULL REFERENCES listings (number),
    organisation_id TEXT NOT NULL REFERENCES organisations (id),
    role TEXT NOT NULL,
    since INTEGER NOT NULL,
    PRIMARY KEY (listing, organisation_id)
);
CREATE TABLE status_updates (
    id TEXT PRIMARY KEY,
    listing INTEGER NOT NULL REFERENCES listings (number),
    organisation_id TEXT NOT NULL REFERENCES organisations (id),
    text TEXT NOT NULL,
    posted_at INTEGER NOT NULL
);
CREATE INDEX status_updates_by_listing ON status_updates (listing, posted_at);
CREATE TABLE watches (
    user_id TEXT NOT NULL REFERENCES users (id),
    listing INTEGER NOT NULL REFERENCES listings (number),
    since INTEGER NOT NULL,
    PRIMARY KEY (user_id, listing)
);
CREATE TABLE subscriptions (
    user_id TEXT NOT NULL REFERENCES users (id),
    tag TEXT NOT NULL,
    since INTEGER NOT NULL,
    PRIMARY KEY (user_id, tag)
);
CREATE TABLE join_requests (
    id TEXT PRIMARY KEY,
    listing INTEGER NOT NULL REFERENCES listings (number),
    organisation_id TEXT NOT NULL REFERENCES organisations (id),
    message TEXT NOT NULL,
    state TEXT NOT NULL,
    requested_at INTEGER NOT NULL,
    decided_at INTEGER,
    UNIQUE (listing, organisation_id)
);
-- What happened, in commit order: the feed reads this.
CREATE TABLE events (
    seq INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    listing INTEGER NOT NULL REFERENCES listings (number),
    organisation_id TEXT NOT NULL REFERENCES organisations (id),
    subject_id TEXT,
    text TEXT NOT NULL,
    at INTEGER NOT NULL
);
CREATE INDEX events_by_listing ON events (listing, seq);
-- How many listings use each search term: a word, a tag (as "#tag") or a place (as "@nation:wales").
-- Search starts from the rarest term; "similar" skips words too common to tell listings apart.
CREATE TABLE word_frequency (
    word TEXT PRIMARY KEY,
    listings INTEGER NOT NULL
);
