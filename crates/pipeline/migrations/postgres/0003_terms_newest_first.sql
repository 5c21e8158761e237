-- Each search term's rows carry their listing's update time, so that PostgreSQL reads a
-- term's listings newest first from one index and stops at a page, instead of looking up
-- every listing of the term to sort them. Never edit once released: add a new file.
ALTER TABLE listing_tags ADD COLUMN updated_at BIGINT NOT NULL DEFAULT 0;
ALTER TABLE listing_words ADD COLUMN updated_at BIGINT NOT NULL DEFAULT 0;
ALTER TABLE listing_places ADD COLUMN updated_at BIGINT NOT NULL DEFAULT 0;
UPDATE listing_tags t SET updated_at = l.updated_at FROM listings l WHERE l.number = t.listing;
UPDATE listing_words t SET updated_at = l.updated_at FROM listings l WHERE l.number = t.listing;
UPDATE listing_places t SET updated_at = l.updated_at FROM listings l WHERE l.number = t.listing;
CREATE INDEX listing_tags_newest ON listing_tags (tag, updated_at, listing);
CREATE INDEX listing_words_newest ON listing_words (word, updated_at, listing);
CREATE INDEX listing_places_newest ON listing_places (place, updated_at, listing);
