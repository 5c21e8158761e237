-- Search picks a page of listing numbers from these indexes alone, without reading the
-- listings' long text, then reads just that page. Never edit once released: add a new file.
DROP INDEX listings_by_update;
CREATE INDEX listings_by_update ON listings (updated_at, number, phase, looking_for_partners);
CREATE INDEX listings_for_search ON listings (number, updated_at, phase, looking_for_partners);
