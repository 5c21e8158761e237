-- Each search term's rows carry their listing's update time, kept in step by the statements
-- both databases share. PostgreSQL indexes it to read a term's listings newest first; SQLite
-- looks listings up cheaply enough without (see docs/performance.md), so it has no index
-- here. Never edit once released: add a new file.
ALTER TABLE listing_tags ADD COLUMN updated_at INTEGER NOT NULL DEFAULT 0;
ALTER TABLE listing_words ADD COLUMN updated_at INTEGER NOT NULL DEFAULT 0;
ALTER TABLE listing_places ADD COLUMN updated_at INTEGER NOT NULL DEFAULT 0;
UPDATE listing_tags SET updated_at = (SELECT updated_at FROM listings WHERE number = listing_tags.listing);
UPDATE listing_words SET updated_at = (SELECT updated_at FROM listings WHERE number = listing_words.listing);
UPDATE listing_places SET updated_at = (SELECT updated_at FROM listings WHERE number = listing_places.listing);
