//! Why an export did not happen, in words for the person and a code for front ends.

use std::path::{Path, PathBuf};

use thiserror::Error;

use crate::error::VaultError;

/// Why an export did not happen. Nothing is left behind: no pack file, no ledger record.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum ExportError {
    /// No entry matches what was chosen.
    #[error("no entries match what was chosen; nothing was exported")]
    NothingSelected,
    /// An advocate pack was asked for without a passphrase to encrypt it with.
    #[error("an advocate pack needs a passphrase to encrypt it with")]
    PassphraseNeeded,
    /// The advocate pack's passphrase is empty or blank.
    #[error("the passphrase for the advocate pack cannot be empty")]
    EmptyPassphrase,
    /// A passphrase was given for a police pack, which is never encrypted.
    #[error("police packs are not encrypted, so officers can check them with standard tools")]
    PoliceNotEncrypted,
    /// Location removal was asked for a police pack, which carries originals untouched.
    #[error("police packs carry originals untouched; location removal is for advocate packs")]
    PoliceKeepsLocation,
    /// The upload folder (exhibits one by one, for a police upload portal) was asked for an
    /// advocate pack, which is encrypted as a whole so that nothing travels in the clear.
    #[error(
        "the folder of exhibits for an upload portal is for police packs; an advocate pack stays encrypted as a whole"
    )]
    UploadFolderPoliceOnly,
    /// The recipient card given cannot be used (malformed, or for another purpose).
    #[error("{0}")]
    BadRecipientCard(#[from] casebook_pack::format::CardError),
    /// A recipient card was given for a police pack, or with a passphrase as well.
    #[error("a pack for a recipient card is an advocate pack encrypted to that card's key alone, with no passphrase")]
    RecipientCardMisused,
    /// Location removal was asked for an exhibit whose type it cannot handle or whose bytes
    /// it cannot read as that type.
    #[error(
        "exhibit {mark} could not be read as {media_type} to remove its location data; leave out location removal \
         or that entry"
    )]
    LocationNotRemovable {
        /// The exhibit's mark.
        mark: String,
        /// Its sniffed type.
        media_type: String,
    },
    /// A location-free copy came out different when made again for the pack than when
    /// planned, so the manifest could not vouch for it.
    #[error("the copy of {mark} came out differently twice")]
    UnstableCopy {
        /// The exhibit's mark.
        mark: String,
    },
    /// An imported chat export is too large to read into memory to cut excerpts from.
    #[error("an imported chat export is too large to cut excerpts from")]
    SourceTooLarge,
    /// An entry's original excerpt is not where its record says in the export file.
    #[error(
        "entry {entry_id}'s original excerpt is not where its record says in the export file kept in the vault; \
         run a check of the vault"
    )]
    ExcerptMismatch {
        /// The entry.
        entry_id: i64,
    },
    /// The person cancelled. Nothing was written.
    #[error("the export was cancelled; nothing was written")]
    Cancelled,
    /// The report could not be written.
    #[error("the report could not be written: {0}")]
    Report(String),
    /// The pack could not be written into the chosen folder (read-only, full, not allowed).
    /// No `export_made` record was written and nothing is left in the folder.
    #[error(
        "the pack could not be saved in {}: {}; no pack was made there and nothing was recorded",
        folder.display(),
        not_saved_words(source)
    )]
    NotSaved {
        /// The folder chosen.
        folder: PathBuf,
        /// What the file system said.
        #[source]
        source: std::io::Error,
    },
    /// The vault failed a read or a check (a damaged record or exhibit stops the export).
    #[error(transparent)]
    Vault(#[from] VaultError),
}

/// Why a pack could not be saved, in words (the common cases; otherwise the system's).
fn not_saved_words(e: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    match e.kind() {
        K::ReadOnlyFilesystem => "the folder is read-only (a write-protected disk or stick?)".into(),
        K::StorageFull => "the disk is full".into(),
        K::QuotaExceeded => "the disk quota is used up".into(),
        K::PermissionDenied => "Casebook is not allowed to write there".into(),
        K::FileTooLarge => "the disk cannot hold a file this large (FAT32 stops at 4 GB)".into(),
        K::NotFound => "the folder does not exist".into(),
        _ if e.raw_os_error() == Some(5) => {
            "the disk reported an input/output error (a failing disk, or a stick taken out?)".into()
        }
        _ => crate::error::io_words(e),
    }
}

/// A failure to write the pack file, as [`ExportError::NotSaved`]; any other error as it is.
pub(super) fn not_saved(out: &Path, err: ExportError) -> ExportError {
    match err {
        ExportError::Vault(VaultError::Io(source)) => {
            let folder = out.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new(".")).to_owned();
            ExportError::NotSaved { folder, source }
        }
        other => other,
    }
}

impl From<std::io::Error> for ExportError {
    fn from(e: std::io::Error) -> Self {
        ExportError::Vault(VaultError::Io(e))
    }
}

impl ExportError {
    /// Whether this is a refusal of what was asked (nothing chosen, a missing or unusable
    /// passphrase or card, an option the recipient does not allow) or something a check of the
    /// vault should look at (an excerpt or a copy that did not come out as planned), rather than
    /// a failure of the machine (the vault, the disk, the report) or a cancel. The list is
    /// [`Self::code`]'s, kept in one place: the CLI answers these as usage errors.
    pub fn is_refusal(&self) -> bool {
        matches!(self.code(), "nothing_selected" | "invalid")
    }

    /// A stable machine code for front ends (never match on the message).
    pub fn code(&self) -> &'static str {
        match self {
            ExportError::NothingSelected => "nothing_selected",
            // Refusals of what was asked, and what a check of the vault should look at: one
            // code, since no front end tells them apart (the message says which).
            ExportError::PassphraseNeeded
            | ExportError::EmptyPassphrase
            | ExportError::PoliceNotEncrypted
            | ExportError::PoliceKeepsLocation
            | ExportError::UploadFolderPoliceOnly
            | ExportError::BadRecipientCard(_)
            | ExportError::RecipientCardMisused
            | ExportError::LocationNotRemovable { .. }
            | ExportError::UnstableCopy { .. }
            | ExportError::SourceTooLarge
            | ExportError::ExcerptMismatch { .. } => "invalid",
            ExportError::Cancelled => "cancelled",
            ExportError::Report(_) => "report",
            ExportError::NotSaved { .. } => "not_saved",
            ExportError::Vault(_) => "vault",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refusals_are_what_was_asked_not_the_machine_failing() {
        for refused in [ExportError::NothingSelected, ExportError::PoliceNotEncrypted, ExportError::SourceTooLarge] {
            assert!(refused.is_refusal(), "{refused:?}");
        }
        let full = std::io::Error::from(std::io::ErrorKind::StorageFull);
        for failed in [
            ExportError::Cancelled,
            ExportError::Report("font".into()),
            ExportError::Vault(VaultError::DiskFull),
            ExportError::from(full),
        ] {
            assert!(!failed.is_refusal(), "{failed:?}");
        }
    }
}
