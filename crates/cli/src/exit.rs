//! Exit codes, and the one place where every error becomes a code and a plain sentence.

use std::fmt;
use std::path::Path;

use casebook_core::verify::ExhibitVerdict;
use casebook_core::{ExportError, ImportError, VaultError, Verdict};

/// The exit-code table, exactly as `--help` shows it.
pub const EXIT_CODES_HELP: &str = "\
Exit codes:
  0  success
  1  other error (file or database)
  2  usage error (bad flags or values)
  3  wrong passphrase or recovery key
  4  no vault at the path, or not a Casebook vault
     (also: test vault without the switch, weak KDF, newer format)
  5  damage or tampering found (check found problems, corrupt record)
     (also: a time-stamp reply whose signature or certificate does not hold)
  6  vault busy (open in another program)
  7  disk full or input too large (nothing was stored)
`casebook verify` has a table of its own: see `casebook verify --help`.";

/// The exit codes of `casebook verify`, as its `--help` shows them ([`Verdict::exit_code`]).
pub const VERIFY_EXIT_CODES_HELP: &str = "\
Anyone can run this: it needs no vault and no Casebook passphrase. Obtain this program yourself
(not from the pack or from the person who sent it). A signature alone proves nothing about who
made a pack: anyone can rewrite a pack and sign it with a new key. Give the fingerprint from the
person's key card with --expect-fingerprint FP, or a witness code they sent earlier with
--witness CODE (repeatable); without either, VALID means only that the pack is internally
consistent and signed by the key it names.

Exit codes of verify (its own table):
  0  VALID: every check passed (and the key is the expected one, and every witness code
     matches, when given)
  2  usage error (bad flags, a malformed fingerprint, unreadable passphrase file)
  3  ENCRYPTED, WRONG PASSPHRASE, FOR A RECIPIENT'S KEY or ANOTHER RECIPIENT'S KEY: an
     encrypted pack needs its passphrase (--pack-passphrase-file FILE), or a pack made for a
     recipient card needs that recipient's identity file (--identity FILE); or the one given
     does not open it
  4  NOT A PACK: not a Casebook pack (not a ZIP, no manifest, or no file there)
  5  INVALID: a check failed; the pack was changed after it was made, or is damaged
  6  NOT THE EXPECTED KEY: intact, but signed by a different key than --expect-fingerprint;
     it was not made by the diary whose key card you hold
  7  REFUSED: built to exhaust or mislead the checker (too many files, overlapping or duplicate
     entries, symbolic links, an encryption work factor above Casebook's own); not read further
  8  WITNESS MISMATCH: the pack is intact, but its records up to a --witness code's number,
     or its key, are not those the code was made from (rebuilt or forged after the code was
     sent, or another diary's code), or the pack ends before that record; likewise a
     --timestamp reply that matches no record of the pack with its key";

/// `casebook verify-exhibit --help`'s text, with its exit codes ([`ExhibitVerdict::exit_code`]).
pub const VERIFY_EXHIBIT_HELP: &str = "\
Checks the whole pack first, then that the sidecar names this pack (the SHA-256 of its
manifest.json and its key) and that the file is, byte for byte, the exhibit the signed manifest
lists under the sidecar's mark, in the entry the sidecar names. Needs no vault.

Exit codes of verify-exhibit:
  0  the file is that exhibit of that signed pack
  2  usage error
  4  no usable sidecar (missing, malformed, or another kind of file)
  5  the file differs from the exhibit (a changed byte, or another file), or the pack fails its
     own checks
  6  the sidecar belongs to another pack than the one given";

/// Why the command stopped, as a process exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Code {
    /// 0: used only to stop quietly (the reader of our output went away).
    Success = 0,
    /// 1: a file or database error not covered below.
    Other = 1,
    /// 2: bad flags or values.
    Usage = 2,
    /// 3: the passphrase or recovery key does not open the vault.
    WrongKey = 3,
    /// 4: no vault, or not one this program will open.
    NoVault = 4,
    /// 5: damage or tampering found.
    Damaged = 5,
    /// 6: another program holds the vault.
    Busy = 6,
    /// 7: the disk is full or an input is too large; nothing was stored.
    Full = 7,
    /// `casebook verify` only, 6: intact, but signed by another key than the expected one.
    VerifyKeyMismatch,
    /// `casebook verify` only, 7: refused as hostile or over the limits.
    VerifyRefused,
    /// `casebook verify --witness` only, 8: intact, but not passing through a witness code's
    /// checkpoint.
    WitnessMismatch,
    /// `casebook verify-exhibit` only, 6: the sidecar belongs to another pack.
    ExhibitForeignSidecar,
}

impl Code {
    /// The process exit code. `verify`'s codes 6 and 7 have their own meanings (see
    /// [`VERIFY_EXIT_CODES_HELP`]), so they are separate variants with the same numbers.
    pub fn number(self) -> u8 {
        match self {
            Code::VerifyKeyMismatch => 6,
            Code::VerifyRefused => 7,
            Code::WitnessMismatch => 8,
            Code::ExhibitForeignSidecar => 6,
            other => other as u8,
        }
    }
}

/// An error on its way out: an exit code and one plain sentence for stderr.
///
/// A `None` message exits with the code and says nothing more (the command already said
/// what it found, as `check` does, or the reader of our output went away).
#[derive(Debug)]
pub struct CliError {
    /// The exit code.
    pub code: Code,
    /// What to tell the person, without the `casebook: ` prefix.
    pub message: Option<String>,
}

impl CliError {
    /// An error with this code and sentence.
    pub fn new(code: Code, message: impl Into<String>) -> Self {
        Self { code, message: Some(message.into()) }
    }

    /// A usage error (exit 2).
    pub fn usage(message: impl Into<String>) -> Self {
        Self::new(Code::Usage, message)
    }

    /// Exits with `code` without a further message.
    pub fn silent(code: Code) -> Self {
        Self { code, message: None }
    }

    /// Any other error (exit 1).
    pub fn other(message: impl Into<String>) -> Self {
        Self::new(Code::Other, message)
    }

    /// A file problem, with the path and a plain reason.
    pub fn io(action: &str, path: &Path, err: &std::io::Error) -> Self {
        let code = if err.kind() == std::io::ErrorKind::StorageFull { Code::Full } else { Code::Other };
        Self::new(code, format!("could not {action} {}: {}", path.display(), describe_io(err)))
    }

    /// Adds words in front of the message, keeping the code.
    pub fn context(mut self, before: impl fmt::Display) -> Self {
        if let Some(m) = self.message.take() {
            self.message = Some(format!("{before}{m}"));
        }
        self
    }
}

impl From<VaultError> for CliError {
    fn from(err: VaultError) -> Self {
        let code = code_for(&err);
        let message = match &err {
            VaultError::NotFound(path) => {
                format!("there is no vault at {}; to make a new one, run: casebook init", path.display())
            }
            VaultError::Io(e) => format!("file error: {}", describe_io(e)),
            other => other.to_string(),
        };
        Self::new(code, message)
    }
}

impl From<std::io::Error> for CliError {
    fn from(err: std::io::Error) -> Self {
        if err.kind() == std::io::ErrorKind::BrokenPipe {
            // `casebook list | head`: the reader has what it wanted (ripgrep does the same).
            return Self::silent(Code::Success);
        }
        let code = if err.kind() == std::io::ErrorKind::StorageFull { Code::Full } else { Code::Other };
        Self::new(code, format!("could not write output: {}", describe_io(&err)))
    }
}

impl From<ExportError> for CliError {
    fn from(err: ExportError) -> Self {
        match err {
            // What was asked cannot be done as asked (and an excerpt or a copy that does not
            // come out as planned): ExportError says which these are.
            ref e if e.is_refusal() => Self::usage(err.to_string()),
            ExportError::Vault(VaultError::AlreadyExists(path)) => exists(&path),
            ExportError::NotSaved { ref source, .. } => {
                let code = if source.kind() == std::io::ErrorKind::StorageFull { Code::Full } else { Code::Other };
                Self::new(code, err.to_string())
            }
            ExportError::Vault(e) => e.into(),
            other => Self::other(other.to_string()),
        }
    }
}

impl From<ImportError> for CliError {
    fn from(err: ImportError) -> Self {
        let code = match &err {
            ImportError::UnknownFormat
            | ImportError::CasebookFile(_)
            | ImportError::WrongFormat { .. }
            | ImportError::Malformed { .. }
            | ImportError::DamagedZip { .. }
            | ImportError::Truncated { .. }
            | ImportError::NoMessages { .. }
            | ImportError::UnsafeZipPath { .. }
            | ImportError::DateOrderNeeded { .. }
            | ImportError::DateOrderInconsistent { .. }
            | ImportError::NothingSelected => Code::Usage,
            ImportError::ZipBomb { .. } | ImportError::TooLarge { .. } => Code::Full,
            ImportError::Io(e) if e.kind() == std::io::ErrorKind::StorageFull => Code::Full,
            _ => Code::Other,
        };
        match err {
            ImportError::Vault(e) => e.into(),
            ImportError::Io(e) => {
                Self::new(code, format!("the file could not be read: {}; nothing was imported", describe_io(&e)))
            }
            other => Self::new(code, other.to_string()),
        }
    }
}

/// A new file's name is taken: bad input (exit 2), and nothing was touched.
pub fn exists(path: &Path) -> CliError {
    CliError::usage(format!("{} already exists; choose a new name (nothing was overwritten)", path.display()))
}

/// The exit code for a pack verdict: the same numbers as the table in `--help`.
pub fn verdict_code(verdict: Verdict) -> Code {
    match verdict.exit_code() {
        0 => Code::Success,
        3 => Code::WrongKey,
        4 => Code::NoVault,
        5 => Code::Damaged,
        6 => Code::VerifyKeyMismatch,
        7 => Code::VerifyRefused,
        8 => Code::WitnessMismatch,
        _ => Code::Other,
    }
}

/// The exit code of `casebook verify-exhibit` for its verdict (see [`VERIFY_EXHIBIT_HELP`]).
pub fn exhibit_code(verdict: ExhibitVerdict) -> Code {
    match verdict {
        ExhibitVerdict::Matches => Code::Success,
        ExhibitVerdict::BadSidecar => Code::NoVault,
        ExhibitVerdict::Changed | ExhibitVerdict::PackNotValid => Code::Damaged,
        ExhibitVerdict::ForeignSidecar => Code::ExhibitForeignSidecar,
    }
}

/// The exit code for each vault error. Kept as one match so the table above stays true.
fn code_for(err: &VaultError) -> Code {
    match err {
        VaultError::WrongPassphrase => Code::WrongKey,
        VaultError::NotFound(_)
        | VaultError::NotAVault(_)
        | VaultError::UnsupportedFormat { .. }
        | VaultError::NewerSchema { .. }
        | VaultError::WeakKdf
        | VaultError::InsecureTestVault => Code::NoVault,
        VaultError::Corrupt { .. } => Code::Damaged,
        VaultError::Busy => Code::Busy,
        VaultError::TooLarge { .. } | VaultError::DiskFull => Code::Full,
        VaultError::Storage => Code::Other,
        VaultError::Io(e) if e.kind() == std::io::ErrorKind::StorageFull => Code::Full,
        VaultError::InvalidInput(_)
        | VaultError::UnknownEntry(_)
        | VaultError::UnknownAttachment(_)
        | VaultError::UnknownOrder(_)
        | VaultError::UnknownEffect(_)
        | VaultError::Purged(_) => Code::Usage,
        VaultError::AlreadyExists(_) | VaultError::Io(_) | VaultError::Database(_) | VaultError::Crypto(_) => {
            Code::Other
        }
        _ => Code::Other,
    }
}

/// An I/O error in plain words, without Rust's `(os error N)` noise where we can help it.
pub fn describe_io(err: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    match err.kind() {
        K::NotFound => "it does not exist".into(),
        K::PermissionDenied => "permission denied".into(),
        K::AlreadyExists => "a file with that name already exists".into(),
        K::StorageFull => "the disk is full".into(),
        K::IsADirectory => "it is a folder, not a file".into(),
        K::InvalidData => "it is not valid text (UTF-8)".into(),
        _ if err.raw_os_error().is_some_and(|n| EIO_CODES.contains(&n)) => {
            "the disk reported an input/output error".into()
        }
        _ => casebook_core::io_words(err),
    }
}

/// The system's numbers for "the disk failed": `EIO` on Unix; on Windows `ERROR_IO_DEVICE` and
/// `ERROR_CRC` (5 there is "access denied").
#[cfg(not(windows))]
const EIO_CODES: [i32; 1] = [5];
#[cfg(windows)]
const EIO_CODES: [i32; 2] = [1117, 23];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_vault_error_maps_to_its_documented_code() {
        let p = || std::path::PathBuf::from("/x");
        assert_eq!(code_for(&VaultError::WrongPassphrase), Code::WrongKey);
        assert_eq!(code_for(&VaultError::NotFound(p())), Code::NoVault);
        assert_eq!(code_for(&VaultError::NotAVault(p())), Code::NoVault);
        assert_eq!(code_for(&VaultError::InsecureTestVault), Code::NoVault);
        assert_eq!(code_for(&VaultError::WeakKdf), Code::NoVault);
        assert_eq!(code_for(&VaultError::UnsupportedFormat { found: 9, supported: 1 }), Code::NoVault);
        assert_eq!(code_for(&VaultError::NewerSchema { found: 9, supported: 3 }), Code::NoVault);
        assert_eq!(code_for(&VaultError::Corrupt { seq: Some(3), detail: "x".into() }), Code::Damaged);
        assert_eq!(code_for(&VaultError::Busy), Code::Busy);
        assert_eq!(code_for(&VaultError::DiskFull), Code::Full);
        assert_eq!(code_for(&VaultError::TooLarge { what: "x".into(), limit: 1 }), Code::Full);
        assert_eq!(code_for(&VaultError::InvalidInput("x".into())), Code::Usage);
        assert_eq!(code_for(&VaultError::AlreadyExists(p())), Code::Other);
    }

    #[test]
    fn verdicts_exit_with_the_codes_verify_documents() {
        for v in [
            Verdict::Valid,
            Verdict::Invalid,
            Verdict::NotAPack,
            Verdict::NeedsPassphrase,
            Verdict::WrongPassphrase,
            Verdict::NeedsKey,
            Verdict::WrongKey,
            Verdict::KeyMismatch,
            Verdict::Refused,
            Verdict::WitnessMismatch,
        ] {
            assert_eq!(i32::from(verdict_code(v).number()), v.exit_code(), "{v:?}");
            let line = VERIFY_EXIT_CODES_HELP.lines().find(|l| l.starts_with(&format!("  {}  ", v.exit_code())));
            assert!(line.is_some_and(|l| l.contains(v.word())), "{v:?}");
        }
    }

    #[test]
    fn exhibit_verdicts_exit_with_the_codes_verify_exhibit_documents() {
        for v in [
            ExhibitVerdict::Matches,
            ExhibitVerdict::Changed,
            ExhibitVerdict::ForeignSidecar,
            ExhibitVerdict::BadSidecar,
            ExhibitVerdict::PackNotValid,
        ] {
            assert_eq!(i32::from(exhibit_code(v).number()), v.exit_code(), "{v:?}");
            let line = format!("\n  {}  ", v.exit_code());
            assert_eq!(VERIFY_EXHIBIT_HELP.matches(&line).count(), 1, "{v:?}");
        }
    }

    #[test]
    fn io_errors_read_without_os_error_numbers() {
        for n in EIO_CODES {
            let eio = std::io::Error::from_raw_os_error(n);
            assert_eq!(describe_io(&eio), "the disk reported an input/output error");
        }
        #[cfg(unix)]
        assert_eq!(describe_io(&std::io::Error::from_raw_os_error(30)), "read-only file system");
        #[cfg(windows)]
        assert_eq!(describe_io(&std::io::Error::from_raw_os_error(5)), "permission denied");
        assert_eq!(code_for(&VaultError::Storage), Code::Other);
    }

    #[test]
    fn help_table_lists_every_code_once() {
        for code in 0..=7 {
            assert_eq!(EXIT_CODES_HELP.matches(&format!("\n  {code}  ")).count(), 1, "code {code}");
        }
    }
}
