//! Exit codes, and the one place where every error becomes a code and a plain sentence.

use std::fmt;
use std::path::Path;

use casebook_core::VaultError;

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
  6  vault busy (open in another program)
  7  disk full or input too large (nothing was stored)";

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

/// The exit code for each vault error. Kept as one match so the table above stays true.
fn code_for(err: &VaultError) -> Code {
    match err {
        VaultError::WrongPassphrase => Code::WrongKey,
        VaultError::NotFound(_)
        | VaultError::NotAVault(_)
        | VaultError::UnsupportedFormat { .. }
        | VaultError::WeakKdf
        | VaultError::InsecureTestVault => Code::NoVault,
        VaultError::Corrupt { .. } => Code::Damaged,
        VaultError::Busy => Code::Busy,
        VaultError::TooLarge { .. } | VaultError::DiskFull => Code::Full,
        VaultError::Io(e) if e.kind() == std::io::ErrorKind::StorageFull => Code::Full,
        VaultError::InvalidInput(_)
        | VaultError::UnknownEntry(_)
        | VaultError::UnknownAttachment(_)
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
        _ => err.to_string(),
    }
}

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
        assert_eq!(code_for(&VaultError::Corrupt { seq: Some(3), detail: "x".into() }), Code::Damaged);
        assert_eq!(code_for(&VaultError::Busy), Code::Busy);
        assert_eq!(code_for(&VaultError::DiskFull), Code::Full);
        assert_eq!(code_for(&VaultError::TooLarge { what: "x".into(), limit: 1 }), Code::Full);
        assert_eq!(code_for(&VaultError::InvalidInput("x".into())), Code::Usage);
        assert_eq!(code_for(&VaultError::AlreadyExists(p())), Code::Other);
    }

    #[test]
    fn help_table_lists_every_code_once() {
        for code in 0..=7 {
            assert_eq!(EXIT_CODES_HELP.matches(&format!("\n  {code}  ")).count(), 1, "code {code}");
        }
    }
}
