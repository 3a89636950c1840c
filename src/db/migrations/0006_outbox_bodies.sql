-- An email's HTML and text in a table of their own. In the outbox row they were ~13 KB, mostly on
-- overflow pages: every claim and every result (a lease taken, `sent` recorded) rewrote the whole row,
-- bodies included, twice per email — most of what a 100,000-email dispatch wrote. Outbox rows are now
-- a few hundred bytes; a body is written once and read when its email is sent or shown.
CREATE TABLE outbox_bodies (
  outbox_id TEXT PRIMARY KEY REFERENCES outbox (id),
  html      TEXT NOT NULL,
  text      TEXT NOT NULL
);
INSERT INTO outbox_bodies (outbox_id, html, text) SELECT id, html, text FROM outbox;
ALTER TABLE outbox DROP COLUMN html;
ALTER TABLE outbox DROP COLUMN text;
