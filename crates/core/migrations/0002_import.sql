-- Casebook vault, migration 2: imports (issue 5). Shipped migrations are never edited.
-- Indexes over the ledger's import_done records, rebuildable from them. Ids only: what an
-- item was (its key, its text) lives in the sealed entry bodies, never in plaintext here.

CREATE TABLE imports (
    id                   INTEGER PRIMARY KEY,
    seq                  INTEGER NOT NULL REFERENCES ledger(seq),        -- its import_done record
    record_entry_id      INTEGER NOT NULL REFERENCES entries(id),        -- the "export imported" entry
    source_attachment_id INTEGER NOT NULL REFERENCES attachments(id)     -- the export file, stored once
) STRICT;

-- Which entries came from which import (each entry points to its export file through it).
CREATE TABLE imported_entries (
    entry_id  INTEGER PRIMARY KEY REFERENCES entries(id),
    import_id INTEGER NOT NULL REFERENCES imports(id) DEFERRABLE INITIALLY DEFERRED -- written before its import row
) STRICT;

CREATE INDEX imported_entries_by_import ON imported_entries (import_id);
