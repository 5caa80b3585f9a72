//! What the shell keeps between commands: the vault (when unlocked) and the settings.
//!
//! # Lock order
//!
//! `AppState` has several mutexes, not one session lock: a long job keeps the vault outside
//! any mutex for minutes so that quick exit never waits, the sealed channel is used around
//! every command (sealed.rs runs the command between two uses of it, so it cannot share the
//! session's lock), and the clipboard mark is shared with a main-thread task. They are private
//! to this file; every lock is taken in a method below, in this order:
//!
//! 1. `session`, then 2. `last_activity`, then 3. `job`;
//! 4. the leaves, `settings`, `pending_recovery`, `channel`, `copied`: taken last, one at a
//!    time, and released before any other lock is taken.
//!
//! While a lock is held, only locks further down the list are taken (a method may skip
//! steps), and nothing runs while a leaf is held but a copy, a swap or a seal. The closure given to [`AppState::with_vault`] runs with
//! `session` and `last_activity` held, so it gets only the vault: it must not call back into
//! `AppState`.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use casebook_core::{KdfPolicy, RecoveryKey, Vault};
use casebook_crypto::channel::Channel;

use crate::clipboard::CopiedMark;
use crate::error::{IpcError, IpcResult};
use crate::settings::Settings;

/// Managed state. The vault lives here only while unlocked; locking drops it, which
/// zeroizes the master key.
pub struct AppState {
    /// The vault file.
    pub vault_path: PathBuf,
    /// Where settings are kept.
    pub settings_path: PathBuf,
    /// The unlocked vault, or `None` when locked.
    session: Mutex<Option<Vault>>,
    /// Current settings.
    settings: Mutex<Settings>,
    /// When the person last did something; past the auto-lock time the next command locks.
    last_activity: Mutex<Instant>,
    /// Test-only override of the auto-lock time (`CASEBOOK_AUTO_LOCK_SECONDS`).
    pub auto_lock_override: Option<Duration>,
    /// Real vaults, or (in `test-kdf` builds only) tiny-KDF test vaults (`CASEBOOK_INSECURE_TEST_KDF=1`).
    pub kdf_policy: KdfPolicy,
    /// The long job (an export, an import) running now. While it runs it holds the vault
    /// outside `session`, so no mutex is held for minutes and quick exit never waits.
    job: Mutex<Option<Arc<Job>>>,
    /// The recovery key shown for a re-key that has not run yet (`new_recovery_key`); dropped
    /// (zeroized) when the re-key takes it or Casebook locks.
    pending_recovery: Mutex<Option<RecoveryKey>>,
    /// The shell's half of the sealed channel with the page (sealed.rs); dropped on lock.
    channel: Mutex<Option<Channel>>,
    /// What Casebook last put on the clipboard (a salted hash), so quick exit clears only
    /// that (clipboard.rs). Shared with the main-thread task that clears it.
    copied: Arc<Mutex<CopiedMark>>,
}

/// Flags a running job reads at every progress step.
#[derive(Debug, Default)]
pub struct Job {
    cancel: AtomicBool,
    lock_requested: AtomicBool,
}

impl Job {
    /// Whether the job should stop (Cancel was pressed, or Casebook is locking).
    pub fn cancelled(&self) -> bool {
        self.cancel.load(Ordering::SeqCst)
    }

    /// Asks the job to stop at its next step.
    pub fn cancel(&self) {
        self.cancel.store(true, Ordering::SeqCst);
    }
}

impl AppState {
    /// State from the environment: `CASEBOOK_VAULT` (else the platform data directory),
    /// `CASEBOOK_INSECURE_TEST_KDF` (read only by `test-kdf` builds), `CASEBOOK_AUTO_LOCK_SECONDS`. Read once, at start.
    pub fn from_env() -> Self {
        let vault_path = std::env::var_os("CASEBOOK_VAULT")
            .map(PathBuf::from)
            .or_else(casebook_core::default_vault_path)
            .unwrap_or_else(|| PathBuf::from("vault.casebook"));
        let auto_lock_override = std::env::var("CASEBOOK_AUTO_LOCK_SECONDS")
            .ok()
            .and_then(|s| s.parse::<u64>().ok())
            .map(Duration::from_secs);
        Self::new(vault_path, KdfPolicy::from_env(), auto_lock_override)
    }

    /// State for the vault at `vault_path`, with settings read from beside it.
    pub fn new(vault_path: PathBuf, kdf_policy: KdfPolicy, auto_lock_override: Option<Duration>) -> Self {
        let settings_path = crate::settings::settings_path_for(&vault_path);
        let settings = Settings::load(&settings_path);
        Self {
            vault_path,
            settings_path,
            session: Mutex::new(None),
            settings: Mutex::new(settings),
            last_activity: Mutex::new(Instant::now()),
            auto_lock_override,
            kdf_policy,
            job: Mutex::new(None),
            pending_recovery: Mutex::new(None),
            channel: Mutex::new(None),
            copied: Arc::new(Mutex::new(CopiedMark::default())),
        }
    }

    /// The auto-lock time in force. Takes `settings` (a leaf).
    pub fn auto_lock_after(&self) -> Duration {
        self.auto_lock_override.unwrap_or_else(|| Duration::from_secs(u64::from(self.settings().auto_lock_seconds)))
    }

    /// A copy of the current settings. Takes `settings` (a leaf).
    pub fn settings(&self) -> Settings {
        lock(&self.settings).clone()
    }

    /// Puts `settings` in force and returns the ones they replace. Takes `settings` (a leaf).
    pub fn replace_settings(&self, settings: Settings) -> Settings {
        std::mem::replace(&mut *lock(&self.settings), settings)
    }

    /// Whether the vault is open in the session. Takes `session`.
    pub fn is_unlocked(&self) -> bool {
        lock(&self.session).is_some()
    }

    /// Makes `vault` (just created or unlocked) the session's, counting as activity. Takes
    /// `session`, then `last_activity`: both at once, so an auto-lock check between the two
    /// cannot find the new session with the old idle time and drop it.
    pub fn open_session(&self, vault: Vault) {
        let mut session = lock(&self.session);
        *lock(&self.last_activity) = Instant::now();
        *session = Some(vault);
    }

    /// Runs `f` on the unlocked vault. Locks first if the person has been idle past the
    /// auto-lock time (so a frozen UI cannot keep the vault open), then records activity.
    /// Takes `session`, `last_activity`, then `job` only when there is no vault; `f` runs with
    /// the first two held (see the lock order above).
    pub fn with_vault<T>(&self, f: impl FnOnce(&mut Vault) -> IpcResult<T>) -> IpcResult<T> {
        let auto_lock_after = self.auto_lock_after();
        let mut session = lock(&self.session);
        let mut last = lock(&self.last_activity);
        if last.elapsed() > auto_lock_after {
            *session = None;
        }
        let Some(vault) = session.as_mut() else {
            return Err(if lock(&self.job).is_some() { IpcError::busy_with_job() } else { IpcError::locked() });
        };
        *last = Instant::now();
        f(vault)
    }

    /// Takes the vault out of the session for a long job, on the same auto-lock terms as
    /// [`Self::with_vault`]. Until [`Self::finish_job`], other commands get `busy`. Takes
    /// `session`, `last_activity`, `job`.
    pub fn start_job(&self) -> IpcResult<(Vault, Arc<Job>)> {
        let auto_lock_after = self.auto_lock_after();
        let mut session = lock(&self.session);
        let mut last = lock(&self.last_activity);
        if last.elapsed() > auto_lock_after {
            *session = None;
        }
        let mut job = lock(&self.job);
        if job.is_some() {
            return Err(IpcError::busy_with_job());
        }
        let vault = session.take().ok_or_else(IpcError::locked)?;
        *last = Instant::now();
        let flags = Arc::new(Job::default());
        *job = Some(flags.clone());
        Ok((vault, flags))
    }

    /// Ends the job: the vault goes back into the session, unless Casebook was locked while
    /// the job ran (then it is dropped, and stays locked). `None`: the job lost the vault
    /// (it panicked), so Casebook is locked. Takes `session`, `last_activity`, `job`.
    pub fn finish_job(&self, vault: Option<Vault>) {
        let mut session = lock(&self.session);
        let mut last = lock(&self.last_activity);
        let job = lock(&self.job).take();
        let lock_requested = job.is_some_and(|j| j.lock_requested.load(Ordering::SeqCst));
        if let Some(vault) = vault
            && !lock_requested
            && session.is_none()
        {
            *session = Some(vault);
            // The person was waiting for the job: that counts as use.
            *last = Instant::now();
        }
    }

    /// Asks the running job, if any, to stop. Returns whether there was one. Takes `job`.
    pub fn cancel_job(&self) -> bool {
        lock(&self.job).as_ref().map(|j| j.cancel()).is_some()
    }

    /// Records activity without touching the vault. Takes `last_activity`.
    pub fn touch(&self) {
        *lock(&self.last_activity) = Instant::now();
    }

    /// Keeps the recovery key a re-key will put in use (replacing one kept before). Takes
    /// `pending_recovery` (a leaf).
    pub fn keep_recovery_key(&self, key: RecoveryKey) {
        *lock(&self.pending_recovery) = Some(key);
    }

    /// Takes the kept recovery key, if any. Takes `pending_recovery` (a leaf).
    pub fn take_recovery_key(&self) -> Option<RecoveryKey> {
        lock(&self.pending_recovery).take()
    }

    /// Makes `channel` the page's sealed channel, replacing any earlier one. Takes `channel`
    /// (a leaf).
    pub fn set_channel(&self, channel: Channel) {
        *lock(&self.channel) = Some(channel);
    }

    /// Runs `f` with the page's sealed channel, if one is open. Takes `channel` (a leaf): `f`
    /// only seals or opens bytes, and must not call back into `AppState`.
    pub fn with_channel<T>(&self, f: impl FnOnce(Option<&Channel>) -> T) -> T {
        f(lock(&self.channel).as_ref())
    }

    /// The clipboard mark (clipboard.rs), shared with the main-thread task that clears it.
    /// Its lock is a leaf: clipboard.rs holds it only to record, compare or forget.
    pub fn copied(&self) -> Arc<Mutex<CopiedMark>> {
        self.copied.clone()
    }

    /// Locks: drops the vault (zeroizing its keys; with it go its SQLite connection, page
    /// cache and cached statements, and the chain head it remembered), then hands the freed
    /// heap back to the system. A running job is stopped, and drops its vault when it returns
    /// instead of putting it back. The sealed channel's keys go too, so the copies of sealed
    /// IPC bodies WebKit kept can never be opened (sealed.rs). Nothing else in the shell holds the diary: the settings
    /// say nothing about the person's life, and images are served from the vault on each
    /// request, never kept. The page is another process; the callers replace it. Takes `job`
    /// and releases it, then `session`, then the leaves, each released before the next.
    pub fn lock_now(&self) {
        if let Some(job) = lock(&self.job).as_ref() {
            job.lock_requested.store(true, Ordering::SeqCst);
            job.cancel();
        }
        let vault = lock(&self.session).take();
        drop(vault);
        drop(lock(&self.pending_recovery).take());
        drop(lock(&self.channel).take());
        casebook_memory::release_freed();
    }
}

/// Locks a mutex, recovering from a poisoned one (a panicked command must not leave the
/// diary unusable).
pub fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}
