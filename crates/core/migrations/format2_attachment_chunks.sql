-- Casebook vault format 2: attachment chunks in an ordinary (rowid) table. Shipped; never edit.
-- Format 1's table was WITHOUT ROWID: SQLite keeps such a table as an index b-tree, whose
-- interior pages hold copies of whole rows, so 1 MiB rows were copied again (with their
-- overflow pages) every time a page split; attach ran at about a quarter of the raw
-- pipeline's speed. Here interior pages hold only rowids, and the primary key is a small
-- separate index. Same columns, same values, same place in every envelope's associated data
-- (the table keeps its name once the migration renames it), so nothing is re-encrypted.
-- Made under this name, filled, then renamed over the old table (vault/format.rs).
CREATE TABLE attachment_chunks_v2 (
    -- Chunks are written before the attachment's ledger record and row (the record holds
    -- the SHA-256 of them all), so the reference is checked at commit.
    attachment_id INTEGER NOT NULL REFERENCES attachments(id) DEFERRABLE INITIALLY DEFERRED,
    idx           INTEGER NOT NULL,
    data          BLOB    NOT NULL,                 -- envelope: up to 1 MiB of the original
    PRIMARY KEY (attachment_id, idx)
) STRICT;
