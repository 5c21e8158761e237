-- Accord workspace, schema version 4: the language the project's documents are written
-- in (a BCP 47 tag: 'en-GB' or 'cy'), which the PDFs declare for screen readers and
-- archives. Only a column with a default is added, so every older file upgrades without
-- loss and says British English, as its PDFs always did.
-- Never edit this file once it has shipped: add a new numbered migration instead.

ALTER TABLE project ADD COLUMN language TEXT NOT NULL DEFAULT 'en-GB';
