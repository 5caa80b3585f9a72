//! The vault: one SQLite file, encrypted value by value, opened with a passphrase.

pub(crate) mod file;
mod format;
pub(crate) mod head;
pub(crate) mod journal;
mod keys;
mod rotate;
pub(crate) mod schema;
pub(crate) mod seal;
#[cfg(test)]
mod tests;

use std::path::{Path, PathBuf};

use casebook_crypto::{Passphrase, SecretKey, SigningKey, VerifyingKey, random_array};
use rusqlite::{Connection, OptionalExtension, Transaction, TransactionBehavior, params};

pub(crate) use format::chunks_to_format2;
pub use format::{Migration, MigrationOffer, MigrationStop, OLDEST_READABLE_FORMAT};
pub use keys::{Credential, RecoveryKey};

use crate::clock::Clock;
use crate::error::{Result, VaultError};
use crate::ledger::{self, Event};
use crate::newfile::NewFile;
use seal::{Place, Sealer};

/// The vault format this build writes (the associated-data layout has its own version). It
/// reads formats [`OLDEST_READABLE_FORMAT`] to this one; `format.rs` migrates older ones.
pub const FORMAT_VERSION: i64 = 2;

/// Environment variable that lets tests make and open vaults with a tiny, insecure KDF. It
/// exists, and is read, only in builds with the `test-kdf` feature.
#[cfg(feature = "test-kdf")]
pub const INSECURE_TEST_KDF_ENV: &str = "CASEBOOK_INSECURE_TEST_KDF";

/// Whether `CASEBOOK_INSECURE_TEST_KDF=1` is set. Front ends read it once and pass the
/// answer down; nothing deeper reads the environment.
#[cfg(feature = "test-kdf")]
pub fn insecure_test_kdf_requested() -> bool {
    std::env::var_os(INSECURE_TEST_KDF_ENV).is_some_and(|v| v == "1")
}

/// Where the vault lives unless `--vault` or `CASEBOOK_VAULT` says otherwise: the platform's
/// local data folder (on Linux `~/.local/share/casebook/vault.casebook`, on Windows
/// `%LOCALAPPDATA%\casebook\data\vault.casebook`, on macOS `~/Library/Application
/// Support/casebook/`). On Windows the local folder and not the roaming one (`%APPDATA%`): a
/// roaming profile is copied to the employer's or school's servers at every sign-out.
pub fn default_vault_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "casebook").map(|d| d.data_local_dir().join("vault.casebook"))
}

/// How a vault's keys are protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KdfPolicy {
    /// Real vaults: Argon2id at the default cost for new slots, the floor enforced on open.
    Standard,
    /// Test vaults only (`CASEBOOK_INSECURE_TEST_KDF=1`): a tiny KDF, and the vault is marked
    /// so that it refuses to open without the same switch. Only in `test-kdf` builds: what
    /// people run cannot make or open such a vault.
    #[cfg(feature = "test-kdf")]
    InsecureTestOnly,
}

impl KdfPolicy {
    /// In `test-kdf` builds, `InsecureTestOnly` when the environment switch is set; always
    /// `Standard` otherwise (and the environment is not read).
    pub fn from_env() -> Self {
        #[cfg(feature = "test-kdf")]
        if insecure_test_kdf_requested() {
            return KdfPolicy::InsecureTestOnly;
        }
        KdfPolicy::Standard
    }

    /// Whether this process may make and open test vaults.
    fn allows_test_vaults(self) -> bool {
        match self {
            KdfPolicy::Standard => false,
            #[cfg(feature = "test-kdf")]
            KdfPolicy::InsecureTestOnly => true,
        }
    }
}

/// Facts about an open vault that are safe to show.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, optional_fields = nullable))]
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct VaultInfo {
    /// Where the file is.
    pub path: PathBuf,
    /// The vault id, hex.
    pub vault_id: String,
    /// The signing key's fingerprint (SHA-256 of the public key, grouped).
    pub fingerprint: String,
    /// The Ed25519 public key, hex.
    pub public_key: String,
    /// The vault format.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub format_version: i64,
    /// Whether this is an insecure test vault.
    pub insecure_test_kdf: bool,
    /// Number of ledger records.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub records: i64,
    /// The chain head's link, hex.
    pub head: String,
}

/// An unlocked vault. Dropping it locks it: the master key is zeroized.
pub struct Vault {
    pub(crate) conn: Connection,
    pub(crate) sealer: Sealer,
    pub(crate) clock: Box<dyn Clock>,
    pub(crate) public_key: VerifyingKey,
    /// What is remembered of the chain head between appends (see [`ledger::HeadCache`]).
    head_cache: ledger::HeadCache,
    /// Entry versions already opened and checked this session ([`crate::query::DecodedVersions`]).
    pub(crate) decoded: crate::query::DecodedVersions,
    path: PathBuf,
    insecure: bool,
    /// `vault_meta.format_version`: [`FORMAT_VERSION`], or an older one not yet migrated.
    format: i64,
}

impl std::fmt::Debug for Vault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Vault").field("path", &self.path).finish_non_exhaustive()
    }
}

impl Vault {
    /// Makes a new vault at `path` and returns it unlocked, with the recovery key to show
    /// the person once. Refuses to overwrite anything.
    pub fn create(
        path: &Path,
        passphrase: Passphrase,
        policy: KdfPolicy,
        clock: Box<dyn Clock>,
    ) -> Result<(Vault, RecoveryKey)> {
        Self::create_in_format(path, passphrase, policy, clock, FORMAT_VERSION)
    }

    /// [`Vault::create`] in an older format, for tests and benchmarks of the migration. Only
    /// in builds made for tests.
    #[cfg(feature = "test-kdf")]
    #[doc(hidden)]
    pub fn create_old_format(
        path: &Path,
        passphrase: Passphrase,
        policy: KdfPolicy,
        clock: Box<dyn Clock>,
        format: i64,
    ) -> Result<(Vault, RecoveryKey)> {
        if !(OLDEST_READABLE_FORMAT..=FORMAT_VERSION).contains(&format) {
            return Err(VaultError::InvalidInput(format!("format {format} cannot be made")));
        }
        Self::create_in_format(path, passphrase, policy, clock, format)
    }

    fn create_in_format(
        path: &Path,
        passphrase: Passphrase,
        policy: KdfPolicy,
        clock: Box<dyn Clock>,
        format: i64,
    ) -> Result<(Vault, RecoveryKey)> {
        if passphrase.expose_secret().is_empty() {
            return Err(VaultError::InvalidInput("the passphrase cannot be empty".into()));
        }
        if path.exists() {
            return Err(VaultError::AlreadyExists(path.to_owned()));
        }
        let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        file::create_private_dir(dir)?;
        // Build the whole vault under a temporary name, then put it in place without ever
        // replacing an existing file: a crash leaves either no vault or a complete one.
        let new = NewFile::create_named(path)?;
        let tmp = new.temp_path().ok_or_else(|| VaultError::InvalidInput("no temporary name".into()))?.to_owned();
        let (recovery, master) = Self::build_new(&tmp, passphrase, policy, format)?;
        new.place()?;
        let conn = file::open_existing(path)?;
        let vault = Self::assemble(conn, master, path, clock)?;
        Ok((vault, recovery))
    }

    fn build_new(
        tmp: &Path,
        passphrase: Passphrase,
        policy: KdfPolicy,
        format: i64,
    ) -> Result<(RecoveryKey, SecretKey)> {
        let mut conn = Connection::open(tmp)?;
        // Before anything writes the header: the page size is fixed when the file is first
        // written (and cannot change in WAL mode).
        conn.pragma_update(None, "page_size", file::NEW_VAULT_PAGE_SIZE)?;
        conn.pragma_update(None, "application_id", file::APPLICATION_ID as i32)?;
        let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
        if mode != "wal" {
            return Err(VaultError::InvalidInput(format!(
                "this file system does not support SQLite WAL mode ({mode})"
            )));
        }
        file::configure(&conn)?;
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        schema::migrate(&tx)?;
        if format >= 2 {
            format::chunks_to_format2(&tx, None)?;
        }
        let vault_id: [u8; 16] = random_array();
        let master = SecretKey::generate();
        let signing = SigningKey::generate();
        let sealer = Sealer::new(master, vault_id);
        let sealed_seed = sealer.seal(Place::cell("vault_meta", "signing_key", 1), &signing.expose_seed()[..]);
        tx.execute(
            "INSERT INTO vault_meta (id, vault_id, format_version, insecure_test_kdf, public_key, signing_key)
             VALUES (1, ?1, ?2, ?3, ?4, ?5)",
            params![
                &vault_id[..],
                format,
                policy.allows_test_vaults(),
                &signing.verifying_key().to_bytes()[..],
                sealed_seed
            ],
        )?;
        let floor = keys::SlotFloor::of(policy.allows_test_vaults());
        keys::write_slot(&tx, &vault_id, &Credential::Passphrase(passphrase), floor, sealer.master())?;
        let recovery = RecoveryKey::generate();
        let recovery_copy = RecoveryKey::parse(&recovery.expose_display())?;
        keys::write_slot(&tx, &vault_id, &Credential::RecoveryKey(recovery_copy), floor, sealer.master())?;
        tx.commit()?;
        drop(conn);
        // The first ledger record (`vault_created`) is written by `assemble`, with the
        // caller's clock.
        crate::newfile::sync_file(tmp)?;
        let master = SecretKey::from_bytes(*sealer.master().expose_secret_bytes());
        Ok((recovery, master))
    }

    /// Opens the vault at `path`. Never creates, repairs or changes a file it cannot open:
    /// after a wrong passphrase the file is byte-identical.
    pub fn unlock(path: &Path, credential: Credential, policy: KdfPolicy, clock: Box<dyn Clock>) -> Result<Vault> {
        file::check_header(path)?;
        // A crash during a bulk write leaves a journal the read-only checks below cannot read
        // past; putting the last committed state back first changes nothing committed.
        journal::roll_back_hot_journal(path)?;
        let conn = file::open_read_only(path)?;
        let not_a_vault = || VaultError::NotAVault(path.to_owned());
        let version = schema::version(&conn)?;
        if version == 0 {
            return Err(not_a_vault());
        }
        let meta = conn
            .query_row("SELECT vault_id, format_version, insecure_test_kdf FROM vault_meta WHERE id = 1", [], |r| {
                Ok((r.get::<_, Vec<u8>>(0)?, r.get::<_, i64>(1)?, r.get::<_, bool>(2)?))
            })
            .optional()
            .map_err(|_| not_a_vault())?
            .ok_or_else(not_a_vault)?;
        let (vault_id, format_version, insecure) = meta;
        // Refused before anything is written: a newer Casebook may store things this one
        // would misread or, worse, rewrite.
        if !(OLDEST_READABLE_FORMAT..=FORMAT_VERSION).contains(&format_version) {
            return Err(VaultError::UnsupportedFormat { found: format_version, supported: FORMAT_VERSION });
        }
        if version > schema::LATEST {
            return Err(VaultError::NewerSchema { found: version, supported: schema::LATEST });
        }
        let vault_id: [u8; 16] = vault_id.try_into().map_err(|_| not_a_vault())?;
        // The mark is plain text anyone can flip; it only ever makes opening harder: what
        // people run refuses a marked vault outright, and a test build unwraps the slot under
        // associated data that names the mark, so a real vault marked by hand does not open.
        if insecure && !policy.allows_test_vaults() {
            return Err(VaultError::InsecureTestVault);
        }
        let floor = keys::SlotFloor::of(insecure);
        let slot = keys::read_slot(&conn, credential.slot())?.ok_or_else(not_a_vault)?;
        if !floor.allows(slot.params) {
            return Err(VaultError::WeakKdf);
        }
        if !slot.params.within_sane_bounds() {
            return Err(VaultError::Corrupt { seq: None, detail: "the key slot's parameters are out of range".into() });
        }
        let master = keys::unwrap_master(&vault_id, &slot, &credential, floor)?;
        // Everything so far ran on a read-only connection, which cannot fold a leftover WAL
        // into the file: a failed unlock leaves the vault byte-identical even after a crash.
        drop(conn);
        let conn = file::open_existing(path)?;
        journal::ensure_wal(&conn);
        Self::assemble(conn, master, path, clock)
    }

    /// Builds the unlocked vault from an opened connection and its master key, checks that
    /// the signing key opens, and writes the first record of a new vault.
    fn assemble(conn: Connection, master: SecretKey, path: &Path, clock: Box<dyn Clock>) -> Result<Vault> {
        let (vault_id, insecure, public_key, format) = conn.query_row(
            "SELECT vault_id, insecure_test_kdf, public_key, format_version FROM vault_meta WHERE id = 1",
            [],
            |r| Ok((r.get::<_, Vec<u8>>(0)?, r.get::<_, bool>(1)?, r.get::<_, Vec<u8>>(2)?, r.get::<_, i64>(3)?)),
        )?;
        let corrupt = |detail: &str| VaultError::Corrupt { seq: None, detail: detail.into() };
        let vault_id: [u8; 16] = vault_id.try_into().map_err(|_| corrupt("the vault id is malformed"))?;
        let public_key =
            VerifyingKey::from_bytes(&public_key).map_err(|_| corrupt("the vault's public key is malformed"))?;
        let mut vault = Vault {
            conn,
            sealer: Sealer::new(master, vault_id),
            clock,
            public_key,
            head_cache: ledger::HeadCache::default(),
            decoded: crate::query::DecodedVersions::default(),
            path: path.to_owned(),
            insecure,
            format,
        };
        vault.signing_key()?; // fails early if the sealed signing key was tampered with
        if schema::version(&vault.conn)? < schema::LATEST {
            vault.write(|tx, _| schema::migrate(tx))?;
        }
        let records: i64 = vault.conn.query_row("SELECT count(*) FROM ledger", [], |r| r.get(0))?;
        if records == 0 {
            let event = Event::VaultCreated {
                vault_id: hex::encode(vault_id),
                public_key: hex::encode(public_key.to_bytes()),
                format_version: vault.format,
            };
            vault.write(|tx, v| v.append(tx, event).map(|_| ()))?;
        }
        Ok(vault)
    }

    /// Locks the vault: closes the database and zeroizes the master key.
    pub fn lock(self) {
        drop(self);
    }

    /// The vault file's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The vault's Ed25519 public key.
    pub fn public_key(&self) -> VerifyingKey {
        self.public_key
    }

    /// The vault id.
    pub fn vault_id(&self) -> [u8; 16] {
        *self.sealer.vault_id()
    }

    /// Facts about the vault that are safe to show.
    pub fn info(&self) -> Result<VaultInfo> {
        let (records, head) = self.head()?;
        Ok(VaultInfo {
            path: self.path.clone(),
            vault_id: hex::encode(self.sealer.vault_id()),
            fingerprint: self.public_key.fingerprint(),
            public_key: hex::encode(self.public_key.to_bytes()),
            format_version: self.format,
            insecure_test_kdf: self.insecure,
            records,
            head: hex::encode(head),
        })
    }

    /// The chain head: (seq, link). (0, zeros) for an empty ledger.
    pub fn head(&self) -> Result<(i64, [u8; 32])> {
        ledger::chain_head(&self.conn)
    }

    pub(crate) fn signing_key(&self) -> Result<SigningKey> {
        let sealed: Vec<u8> =
            self.conn.query_row("SELECT signing_key FROM vault_meta WHERE id = 1", [], |r| r.get(0))?;
        let seed = self
            .sealer
            .open(Place::cell("vault_meta", "signing_key", 1), &sealed)
            .map_err(|e| VaultError::Corrupt { seq: None, detail: format!("the signing key does not open ({e})") })?;
        // Borrowed, never copied onto the stack: `seed` is zeroized when it goes.
        let seed: &[u8; 32] = seed
            .as_slice()
            .try_into()
            .map_err(|_| VaultError::Corrupt { seq: None, detail: "the signing key has the wrong length".into() })?;
        Ok(SigningKey::from_seed(seed))
    }

    /// Runs `f` in one `BEGIN IMMEDIATE` transaction and commits. Success is reported only
    /// after the commit (and its fsync) returned; any error rolls everything back.
    /// `&mut self` keeps writes on one connection strictly one at a time.
    pub(crate) fn write<T>(&mut self, f: impl FnOnce(&Transaction<'_>, &Vault) -> Result<T>) -> Result<T> {
        self.transact(f)
    }

    /// [`Vault::write`] for a transaction of many megabytes (an attachment): through the
    /// rollback journal when the vault can be switched to it, so that its new pages are written
    /// once instead of twice (`journal.rs`). The same transaction, as durable, either way.
    pub(crate) fn write_bulk<T>(&mut self, f: impl FnOnce(&Transaction<'_>, &Vault) -> Result<T>) -> Result<T> {
        let _bulk = journal::Bulk::enter(&self.conn);
        self.transact(f)
    }

    fn transact<T>(&self, f: impl FnOnce(&Transaction<'_>, &Vault) -> Result<T>) -> Result<T> {
        let tx = Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate)?;
        let value = f(&tx, self)?;
        head::write(&tx, &self.sealer)?;
        tx.commit()?;
        Ok(value)
    }

    /// Appends a ledger record inside `tx`.
    pub(crate) fn append(&self, tx: &Transaction<'_>, event: Event) -> Result<ledger::Appended> {
        self.head_cache.append(tx, &self.sealer, self.clock.as_ref(), event)
    }

    /// Opens a batch of appends inside `tx` (an import, `add_entries`): the chain head is read
    /// once, under the write lock, and carried in memory until the guard is dropped, instead
    /// of being read back and decrypted for every record. The records are the same either
    /// way. Drop the guard no later than the transaction ends; purge and re-key never run
    /// inside one.
    pub(crate) fn begin_batch(&self, tx: &Transaction<'_>) -> Result<ledger::Batch<'_>> {
        self.head_cache.begin(tx, &self.sealer)
    }

    /// What a new slot in this vault must be: a real vault always gets the full default cost,
    /// whatever switch the current process was started with. `insecure` was proven when the
    /// vault opened (the slot unwrapped under associated data naming it).
    pub(crate) fn slot_floor(&self) -> keys::SlotFloor {
        keys::SlotFloor::of(self.insecure)
    }
}
