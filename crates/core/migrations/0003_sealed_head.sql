-- Casebook vault, migration 3: the sealed head (issue 9). Shipped migrations are never edited.
-- vault_meta.head is an envelope (place vault_meta/head/1) holding the chain head and the
-- attachment count, rewritten by every transaction; `check` compares it with the tables so
-- that dropping the newest records or an attachment's row is named. NULL only until the
-- first transaction after this migration, which is the migration's own.
ALTER TABLE vault_meta ADD COLUMN head BLOB;
