-- Casebook vault format 1. Shipped migrations are never edited; add 0002_... instead.
-- Plaintext here is limited to ids, sequence numbers, sizes, hashes of the chain, KDF
-- parameters and the public key. Every value about the person's life is an envelope
-- (docs/FORMAT.md).

CREATE TABLE vault_meta (
    id                INTEGER PRIMARY KEY CHECK (id = 1),
    vault_id          BLOB    NOT NULL CHECK (length(vault_id) = 16),
    format_version    INTEGER NOT NULL,
    insecure_test_kdf INTEGER NOT NULL DEFAULT 0,
    public_key        BLOB    NOT NULL CHECK (length(public_key) = 32),
    signing_key       BLOB    NOT NULL,            -- envelope: Ed25519 seed
    case_seq          INTEGER                      -- ledger seq of the latest case_updated
) STRICT;

CREATE TABLE key_slots (
    kind        TEXT    PRIMARY KEY CHECK (kind IN ('passphrase', 'recovery')),
    salt        BLOB    NOT NULL CHECK (length(salt) = 16),
    m_kib       INTEGER NOT NULL,
    t_cost      INTEGER NOT NULL,
    p_cost      INTEGER NOT NULL,
    wrapped_key BLOB    NOT NULL                   -- envelope: the master key
) STRICT;

CREATE TABLE ledger (
    seq        INTEGER PRIMARY KEY,                -- 1, 2, 3 ... without gaps
    prev_link  BLOB    NOT NULL CHECK (length(prev_link) = 32),
    commitment BLOB    NOT NULL CHECK (length(commitment) = 32),
    link       BLOB    NOT NULL CHECK (length(link) = 32),
    sealed     BLOB                                -- envelope: salt[32] ‖ body; NULL once purged
) STRICT;

-- Indexes over the ledger, so a query need not open every record. Rebuildable from it.
CREATE TABLE entries (
    id          INTEGER PRIMARY KEY,
    created_seq INTEGER NOT NULL REFERENCES ledger(seq),
    head_seq    INTEGER NOT NULL REFERENCES ledger(seq), -- latest created/revised record
    retract_seq INTEGER REFERENCES ledger(seq),
    purge_seq   INTEGER REFERENCES ledger(seq)
) STRICT;

CREATE TABLE entry_records (
    entry_id INTEGER NOT NULL REFERENCES entries(id),
    seq      INTEGER NOT NULL REFERENCES ledger(seq),
    PRIMARY KEY (entry_id, seq)
) STRICT, WITHOUT ROWID;

CREATE TABLE attachments (
    id          INTEGER PRIMARY KEY,
    entry_id    INTEGER NOT NULL REFERENCES entries(id),
    seq         INTEGER NOT NULL REFERENCES ledger(seq) DEFERRABLE INITIALLY DEFERRED, -- its attachment_added record
    size        INTEGER NOT NULL,
    chunk_count INTEGER NOT NULL,
    thumbnail   BLOB,                               -- envelope: JPEG, at most 512 px; or NULL
    purged      INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE TABLE attachment_chunks (
    -- Chunks are written before the attachment's ledger record and row (the record holds
    -- the SHA-256 of them all), so the reference is checked at commit.
    attachment_id INTEGER NOT NULL REFERENCES attachments(id) DEFERRABLE INITIALLY DEFERRED,
    idx           INTEGER NOT NULL,
    data          BLOB    NOT NULL,                 -- envelope: up to 1 MiB of the original
    PRIMARY KEY (attachment_id, idx)
) STRICT, WITHOUT ROWID;
