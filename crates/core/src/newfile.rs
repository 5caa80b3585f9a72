//! Every new file Casebook writes outside the vault (packs, backups, extracted originals) and
//! the vault file itself when it is made: written privately, then put in place once, complete,
//! never replacing anything. One policy, one place.
//!
//! 1. The content goes to a temporary file in the target's folder, readable by its owner only
//!    (0600). On Linux file systems that allow it, that file has no name at all (`O_TMPFILE`):
//!    a run killed by any signal, even `SIGKILL`, leaves nothing behind. Elsewhere (FAT and
//!    exFAT sticks, other systems) it is named `.<name>.casebook-tmp-<pid>-<12 hex>`.
//! 2. The content is fsynced.
//! 3. It is put in place without replacing: a hard link (a link fails if anything exists
//!    there); where links fail (FAT, exFAT), a copy into a newly created file (`create_new`,
//!    0600), fsynced. The folder is then fsynced.
//! 4. The temporary name is removed on every path the process lives through: success, error,
//!    cancel, unwinding (`Drop`). A run stopped outright (Ctrl-C, `SIGKILL`) leaves nothing where
//!    the file is unnamed, and a named temporary that step 5 removes.
//! 5. Named temporaries left by a run that was killed outright are removed the next time a new
//!    file is made in that folder: the name carries the writer's process id, and one whose
//!    process no longer runs is stale.

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

use casebook_crypto::random_array;

use crate::error::{Result, VaultError};

/// What marks a named temporary file as ours (between the target's name and the process id).
const TEMP_MARK: &str = ".casebook-tmp-";

/// A file being written that appears at its destination only when [`NewFile::place`] succeeds.
/// Dropping it unplaced removes everything it wrote.
pub struct NewFile {
    file: File,
    dest: PathBuf,
    /// The temporary name, if the file has one.
    named: Option<PathBuf>,
}

impl std::fmt::Debug for NewFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NewFile").field("dest", &self.dest).finish_non_exhaustive()
    }
}

impl NewFile {
    /// Starts a new file for `dest`, which must not exist. Unnamed where the file system
    /// allows it.
    pub fn create(dest: &Path) -> Result<NewFile> {
        Self::start(dest, true)
    }

    /// Starts a new file for `dest` that has a temporary name, for writers that need a path
    /// (SQLite). [`NewFile::temp_path`] gives it.
    pub fn create_named(dest: &Path) -> Result<NewFile> {
        Self::start(dest, false)
    }

    fn start(dest: &Path, unnamed: bool) -> Result<NewFile> {
        if dest.exists() {
            return Err(VaultError::AlreadyExists(dest.to_owned()));
        }
        let dir = parent(dest);
        remove_stale(dir);
        if unnamed && let Some(file) = unnamed_file(dir) {
            return Ok(NewFile { file, dest: dest.to_owned(), named: None });
        }
        let name = dest.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let tmp = dir.join(format!(".{name}{TEMP_MARK}{}-{}", std::process::id(), hex::encode(random_array::<6>())));
        let file = create_private(&tmp)?;
        Ok(NewFile { file, dest: dest.to_owned(), named: Some(tmp) })
    }

    /// The temporary file's path (only for files made with [`NewFile::create_named`]).
    pub fn temp_path(&self) -> Option<&Path> {
        self.named.as_deref()
    }

    /// Where the file will appear.
    pub fn dest(&self) -> &Path {
        &self.dest
    }

    /// Fsyncs the content and puts it at its destination without replacing anything, then
    /// fsyncs the folder. On failure nothing is left at the destination or under a temporary
    /// name.
    pub fn place(mut self) -> Result<()> {
        self.file.flush()?;
        self.file.sync_all()?;
        let placed = match &self.named {
            Some(tmp) => link_or_copy(tmp, &self.dest, || File::open(tmp)),
            None => link_unnamed(&mut self.file, &self.dest),
        };
        self.discard();
        placed?;
        // The caller is told a failure means no file: one in place whose name the folder
        // could not make durable must not stay (found by the export fault sweep: the pack
        // stayed, unlogged, under "no pack was made there").
        if let Err(e) = sync_folder_of_placed(parent(&self.dest)) {
            let _ = std::fs::remove_file(&self.dest);
            return Err(e);
        }
        Ok(())
    }

    fn discard(&mut self) {
        if let Some(tmp) = self.named.take() {
            let _ = std::fs::remove_file(&tmp);
        }
    }
}

impl Drop for NewFile {
    fn drop(&mut self) {
        self.discard();
    }
}

impl Write for NewFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.file.write(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.file.flush()
    }
}

fn parent(path: &Path) -> &Path {
    path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."))
}

/// Creates a file readable by its owner only (0600). Fails if anything exists there.
#[cfg(not(windows))]
pub(crate) fn create_private(path: &Path) -> std::io::Result<File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true).write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)
}

/// Creates a file readable by its owner only: a protected DACL granting the current user
/// alone, set as the file is created (`casebook_windows::owner_only`; a FAT or exFAT stick has
/// no ACLs and ignores it). Fails if anything exists there.
#[cfg(windows)]
pub(crate) fn create_private(path: &Path) -> std::io::Result<File> {
    casebook_windows::owner_only::create_file(path)
}

/// Creates one folder (its parent must exist) that its owner alone may open (0700). Fails if
/// anything exists there.
#[cfg(not(windows))]
pub(crate) fn create_private_folder(path: &Path) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(path)
}

/// Creates one folder (its parent must exist) that its owner alone may open: a protected DACL
/// granting the current user alone, passed on to what is made inside. Fails if anything exists
/// there.
#[cfg(windows)]
pub(crate) fn create_private_folder(path: &Path) -> std::io::Result<()> {
    casebook_windows::owner_only::create_dir(path)
}

/// An `O_TMPFILE` file in `dir`: no name until it is linked in place. `None` where the file
/// system (FAT, exFAT, some network ones) or the system does not offer it.
#[cfg(target_os = "linux")]
fn unnamed_file(dir: &Path) -> Option<File> {
    #[cfg(test)]
    if matches!(inject::get(), inject::Fault::NoLink | inject::Fault::NoLinkNoCopy) {
        return None; // the tests of the fallback need named files
    }
    use rustix::fs::{Mode, OFlags, openat};
    let fd = openat(rustix::fs::CWD, dir, OFlags::TMPFILE | OFlags::RDWR | OFlags::CLOEXEC, Mode::from(0o600)).ok()?;
    // Linking goes through /proc/self/fd; without /proc the file could never be placed.
    Path::new("/proc/self/fd").is_dir().then(|| File::from(fd))
}

#[cfg(not(target_os = "linux"))]
fn unnamed_file(_dir: &Path) -> Option<File> {
    None
}

#[cfg(target_os = "linux")]
fn link_unnamed(file: &mut File, dest: &Path) -> Result<()> {
    use std::os::fd::AsRawFd;
    let proc_path = format!("/proc/self/fd/{}", file.as_raw_fd());
    let linked = rustix::fs::linkat(
        rustix::fs::CWD,
        proc_path.as_str(),
        rustix::fs::CWD,
        dest,
        rustix::fs::AtFlags::SYMLINK_FOLLOW,
    );
    match linked {
        Ok(()) => Ok(()),
        Err(rustix::io::Errno::EXIST) => Err(VaultError::AlreadyExists(dest.to_owned())),
        Err(_) => {
            std::io::Seek::rewind(file)?;
            copy_to_new_file(file, dest)
        }
    }
}

#[cfg(not(target_os = "linux"))]
fn link_unnamed(_file: &mut File, _dest: &Path) -> Result<()> {
    unreachable!("unnamed files exist only on Linux")
}

/// Hard-links `tmp` to `dest`, or where links fail, copies it into a newly created `dest`.
pub(crate) fn link_or_copy(tmp: &Path, dest: &Path, reopen: impl FnOnce() -> std::io::Result<File>) -> Result<()> {
    match hard_link(tmp, dest) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Err(VaultError::AlreadyExists(dest.to_owned())),
        Err(_) => copy_to_new_file(&mut reopen()?, dest),
    }
}

fn hard_link(tmp: &Path, dest: &Path) -> std::io::Result<()> {
    #[cfg(test)]
    if matches!(inject::get(), inject::Fault::NoLink | inject::Fault::NoLinkNoCopy) {
        return Err(std::io::Error::from(std::io::ErrorKind::Unsupported));
    }
    std::fs::hard_link(tmp, dest)
}

/// The fallback for file systems without hard links: a new file (never an existing one),
/// filled and fsynced. A copy that fails removes what it made.
fn copy_to_new_file(from: &mut File, dest: &Path) -> Result<()> {
    let mut out = create_private(dest).map_err(|e| match e.kind() {
        std::io::ErrorKind::AlreadyExists => VaultError::AlreadyExists(dest.to_owned()),
        _ => e.into(),
    })?;
    let copied = (|| -> std::io::Result<()> {
        #[cfg(test)]
        if inject::get() == inject::Fault::NoLinkNoCopy {
            return Err(std::io::Error::from(std::io::ErrorKind::StorageFull));
        }
        std::io::copy(from, &mut out)?;
        out.sync_all()
    })();
    if let Err(e) = copied {
        drop(out);
        let _ = std::fs::remove_file(dest);
        return Err(e.into());
    }
    Ok(())
}

/// Fsyncs a file that is not open, by its path. It is opened for writing: Windows flushes
/// (`FlushFileBuffers`) only through a handle that may write and answers "access denied"
/// through a read-only one, which made `casebook init` fail on Windows (issue 19).
pub(crate) fn sync_file(path: &Path) -> std::io::Result<()> {
    std::fs::OpenOptions::new().write(true).open(path)?.sync_all()
}

/// Fsyncs a directory so that a new name in it survives a power cut. Windows has no directory
/// fsync (a folder cannot be opened as a file); NTFS journals the new name itself, and on
/// FAT a name is as durable as the system's write cache makes it (docs/ARCHITECTURE.md).
pub(crate) fn sync_dir(dir: &Path) -> Result<()> {
    #[cfg(unix)]
    File::open(dir)?.sync_all()?;
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

fn sync_folder_of_placed(dir: &Path) -> Result<()> {
    #[cfg(test)]
    if inject::get() == inject::Fault::FolderSync {
        return Err(std::io::Error::from_raw_os_error(5).into());
    }
    sync_dir(dir)
}

/// Removes named temporaries in `dir` whose writing process no longer runs. Best effort.
fn remove_stale(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = stale_pid(&name.to_string_lossy()) else { continue };
        if !process_runs(pid) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// The writer's process id in a temporary name `.<name>.casebook-tmp-<pid>-<12 hex>`, or in
/// the files SQLite keeps beside one (a backup is written into a named temporary through
/// SQLite, which adds `-journal`, `-wal` or `-shm`; a killed backup left its `-journal` behind
/// for good before, found by the migrate kill test in crates/cli/tests/durability).
fn stale_pid(name: &str) -> Option<u32> {
    if !name.starts_with('.') {
        return None;
    }
    let (_, rest) = name.rsplit_once(TEMP_MARK)?;
    let rest = ["-journal", "-wal", "-shm"].iter().find_map(|s| rest.strip_suffix(s)).unwrap_or(rest);
    let (pid, random) = rest.split_once('-')?;
    (random.len() == 12 && random.bytes().all(|b| b.is_ascii_hexdigit())).then_some(())?;
    pid.parse().ok()
}

#[cfg(target_os = "linux")]
fn process_runs(pid: u32) -> bool {
    pid == std::process::id() || Path::new(&format!("/proc/{pid}")).exists()
}

#[cfg(not(target_os = "linux"))]
fn process_runs(_pid: u32) -> bool {
    true // cannot tell: leave it
}

/// Faults the tests inject: file systems without hard links, and full ones.
#[cfg(test)]
pub(crate) mod inject {
    use std::cell::Cell;

    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub(crate) enum Fault {
        None,
        /// Hard links fail (as on FAT): the copy fallback runs.
        NoLink,
        /// Hard links fail and so does the copy (a full stick).
        NoLinkNoCopy,
        /// The folder's fsync after the file is placed fails (EIO).
        FolderSync,
    }

    thread_local! {
        static FAULT: Cell<Fault> = const { Cell::new(Fault::None) };
    }

    pub(crate) fn get() -> Fault {
        FAULT.with(Cell::get)
    }

    /// Sets the fault for this thread until the guard is dropped.
    pub(crate) fn set(fault: Fault) -> impl Drop {
        struct Reset;
        impl Drop for Reset {
            fn drop(&mut self) {
                FAULT.with(|f| f.set(Fault::None));
            }
        }
        FAULT.with(|f| f.set(fault));
        Reset
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> =
            std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
        v.sort();
        v
    }

    fn write_and_place(dest: &Path, bytes: &[u8]) -> Result<()> {
        let mut f = NewFile::create(dest)?;
        f.write_all(bytes)?;
        f.place()
    }

    #[test]
    fn a_new_file_appears_complete_and_private_and_nothing_else_is_left() {
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("pack.zip");
        write_and_place(&dest, b"evidence").unwrap();
        assert_eq!(std::fs::read(&dest).unwrap(), b"evidence");
        #[cfg(unix)]
        assert_eq!(
            std::os::unix::fs::PermissionsExt::mode(&std::fs::metadata(&dest).unwrap().permissions()) & 0o777,
            0o600
        );
        assert_eq!(names(dir.path()), ["pack.zip"]);
    }

    /// Issue 19: `casebook init` failed on Windows with "permission denied" because the new
    /// vault was fsynced through a read-only handle, which Windows refuses to flush.
    #[test]
    fn a_file_is_fsynced_by_path_through_a_handle_that_may_write() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("vault.casebook");
        std::fs::write(&path, b"evidence").unwrap();
        sync_file(&path).unwrap();
        #[cfg(windows)]
        assert!(File::open(&path).unwrap().sync_all().is_err(), "Windows flushed through a read-only handle");
    }

    #[test]
    fn an_existing_file_is_never_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("pack.zip");
        let mut f = NewFile::create(&dest).unwrap();
        f.write_all(b"new").unwrap();
        std::fs::write(&dest, b"appeared meanwhile").unwrap();
        assert!(matches!(f.place(), Err(VaultError::AlreadyExists(_))));
        assert_eq!(std::fs::read(&dest).unwrap(), b"appeared meanwhile");
        assert_eq!(names(dir.path()), ["pack.zip"]);
    }

    #[test]
    fn without_hard_links_the_copy_fallback_places_the_file() {
        let _fault = inject::set(inject::Fault::NoLink);
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("pack.zip");
        write_and_place(&dest, b"evidence").unwrap();
        assert_eq!(std::fs::read(&dest).unwrap(), b"evidence");
        assert_eq!(names(dir.path()), ["pack.zip"]);
    }

    #[test]
    fn a_failed_copy_leaves_nothing_at_all() {
        let _fault = inject::set(inject::Fault::NoLinkNoCopy);
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("pack.zip");
        assert!(write_and_place(&dest, b"evidence").is_err());
        assert!(names(dir.path()).is_empty(), "{:?}", names(dir.path()));
    }

    #[test]
    fn a_file_whose_folder_cannot_be_synced_after_placing_is_taken_back() {
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("pack.zip");
        let _fault = inject::set(inject::Fault::FolderSync);
        assert!(write_and_place(&dest, b"evidence").is_err());
        assert!(names(dir.path()).is_empty(), "{:?}", names(dir.path()));
    }

    #[test]
    fn an_abandoned_file_leaves_nothing() {
        let _fault = inject::set(inject::Fault::NoLink); // named, to see the name go
        let dir = tempfile::tempdir().unwrap();
        let mut f = NewFile::create(&dir.path().join("pack.zip")).unwrap();
        f.write_all(b"half").unwrap();
        assert_eq!(names(dir.path()).len(), 1);
        // What a run killed now would leave until the next run sweeps it: readable by its
        // owner only (a killed export once left a 0644 `.partial` with entry text in it).
        #[cfg(unix)]
        assert_eq!(
            std::os::unix::fs::PermissionsExt::mode(&std::fs::metadata(f.temp_path().unwrap()).unwrap().permissions())
                & 0o777,
            0o600
        );
        drop(f);
        assert!(names(dir.path()).is_empty());
    }

    #[test]
    #[cfg_attr(windows, ignore = "whether the writer still runs is read from /proc; Windows keeps stale temporaries")]
    fn temporaries_of_dead_processes_are_removed_and_live_ones_kept() {
        let dir = tempfile::tempdir().unwrap();
        // Process ids above the kernel's maximum (4194304) never run.
        let stale = format!(".pack.zip{TEMP_MARK}99999999-0123456789ab");
        let live = format!(".other.zip{TEMP_MARK}{}-0123456789ab", std::process::id());
        std::fs::write(dir.path().join(&stale), b"left by a killed run").unwrap();
        std::fs::write(dir.path().join(&live), b"still being written").unwrap();
        std::fs::write(dir.path().join("keep.casebook-tmp-notes"), b"not ours").unwrap();
        // SQLite's companions of a killed backup's temporary go with it.
        let journal = format!("{stale}-journal");
        std::fs::write(dir.path().join(&journal), b"rollback journal of a killed backup").unwrap();
        write_and_place(&dir.path().join("pack2.zip"), b"x").unwrap();
        let left = names(dir.path());
        assert!(!left.contains(&stale) && !left.contains(&journal), "{left:?}");
        assert!(left.contains(&live) && left.contains(&"keep.casebook-tmp-notes".to_owned()), "{left:?}");
    }
}
