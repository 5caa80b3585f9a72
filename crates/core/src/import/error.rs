//! What can go wrong with an import, worded for the person importing.
//!
//! Every variant means nothing was written: an import is one transaction, rolled back on
//! any error. No variant carries message text from the file, so messages are safe to log.

use thiserror::Error;

use super::ImportFormat;
use crate::error::VaultError;

/// Why an import (or its preview) stopped. Nothing was written to the vault.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum ImportError {
    /// The file is none of the formats Casebook imports (detected from its first bytes,
    /// without reading the rest).
    #[error(
        "this file doesn't look like an SMS Backup & Restore file, a WhatsApp chat export, an email file \
         (.eml or .mbox), a Telegram Desktop chat export (result.json), an X archive's direct messages or an \
         Instagram or Facebook Messenger export (Download your information, JSON); nothing was imported"
    )]
    UnknownFormat,
    /// One of Casebook's own files (a vault or a backup of one, an evidence pack, an
    /// encrypted advocate pack) was given as a phone's or mail program's export. Importing a
    /// pack would store other packs' contents as if they came from a phone; it is named for
    /// what it is, before anything else is read.
    #[error("this is {0}, not an export of messages or mail; nothing was imported")]
    CasebookFile(OwnFile),
    /// The person chose a format and the file is something else.
    #[error("this doesn't look like {} ({}); nothing was imported", expected.described(), found_text(*found))]
    WrongFormat {
        /// What the person said the file is.
        expected: ImportFormat,
        /// What it looks like, if anything Casebook knows.
        found: Option<ImportFormat>,
    },
    /// The file starts like a known format but breaks its rules further in.
    #[error("{} is damaged: {detail}; nothing was imported", format.described_capitalised())]
    Malformed {
        /// The format it was read as.
        format: ImportFormat,
        /// Where and what, without message text.
        detail: String,
    },
    /// A .zip whose structure cannot be read (cut short by a download, damaged on a stick),
    /// before anything says what export it holds.
    #[error("this .zip file is damaged or cut short ({detail}): download or copy it again; nothing was imported")]
    DamagedZip {
        /// What the zip reader said.
        detail: String,
    },
    /// The file is of a known format but holds no messages at all (an X archive of an account
    /// without direct messages), or is another part of such an export than its messages.
    #[error("{} holds no messages to import: {detail}; nothing was imported", format.described_capitalised())]
    NoMessages {
        /// The format it was read as.
        format: ImportFormat,
        /// Which file, and what it holds instead.
        detail: String,
    },
    /// The file stops in the middle (an interrupted copy or download).
    #[error(
        "{} ends in the middle, as if the copy was cut short; make the export again or copy it again. \
         Nothing was imported",
        format.described_capitalised()
    )]
    Truncated {
        /// The format it was read as.
        format: ImportFormat,
    },
    /// A zip holds a file whose name points outside the export (`../`, `/etc/...`, `C:\...`).
    #[error(
        "the zip contains a file named {name:?} that points outside the export; it was refused, nothing was imported"
    )]
    UnsafeZipPath {
        /// The offending name, as stored.
        name: String,
    },
    /// A zip expands far beyond any real chat export (a "zip bomb").
    #[error(
        "the zip would expand to more than {limit} bytes, or compresses suspiciously well ({detail}); it was refused, nothing was imported"
    )]
    ZipBomb {
        /// The cap that was exceeded.
        limit: u64,
        /// Which cap.
        detail: String,
    },
    /// Something in the file is larger than Casebook accepts.
    #[error("{what} is larger than the limit of {limit} bytes; nothing was imported")]
    TooLarge {
        /// What was too large.
        what: String,
        /// The limit in bytes.
        limit: u64,
    },
    /// The dates could be day-first or month-first and nothing in the file decides; the
    /// person has to say which (see [`super::ImportPreview::date_order_question`]).
    #[error("the dates in this chat could be day/month or month/day (for example {example}); please say which")]
    DateOrderNeeded {
        /// A date from the file that reads both ways.
        example: String,
    },
    /// The dates contradict each other (some only work day-first, others month-first).
    #[error("the dates in this chat contradict each other ({example}); it may be two exports joined together")]
    DateOrderInconsistent {
        /// A date that contradicts the rest.
        example: String,
    },
    /// Nothing was picked: no correspondent matches a person in the case and none was chosen.
    #[error("none of the people in this file is a person in the case; pick whose messages to import")]
    NothingSelected,
    /// The person cancelled. The vault is exactly as before.
    #[error("the import was cancelled; nothing was imported")]
    Cancelled,
    /// The file could not be read.
    #[error("the file could not be read: {0}")]
    Io(#[from] std::io::Error),
    /// The vault refused the write (full disk, busy, damaged).
    #[error(transparent)]
    Vault(#[from] VaultError),
}

impl ImportError {
    /// A stable machine code for front ends that branch on the kind of failure (never
    /// match on the message text).
    pub fn code(&self) -> &'static str {
        match self {
            ImportError::UnknownFormat => "unknown_format",
            ImportError::CasebookFile(_) => "casebook_file",
            ImportError::WrongFormat { .. } => "wrong_format",
            ImportError::Malformed { .. } | ImportError::DamagedZip { .. } => "malformed",
            ImportError::Truncated { .. } => "truncated",
            ImportError::NoMessages { .. } => "no_messages",
            ImportError::UnsafeZipPath { .. } => "unsafe_zip_path",
            ImportError::ZipBomb { .. } => "zip_bomb",
            ImportError::TooLarge { .. } => "too_large",
            ImportError::DateOrderNeeded { .. } => "date_order_needed",
            ImportError::DateOrderInconsistent { .. } => "date_order_inconsistent",
            ImportError::NothingSelected => "nothing_selected",
            ImportError::Cancelled => "cancelled",
            ImportError::Io(_) => "io",
            ImportError::Vault(_) => "vault",
        }
    }

    pub(crate) fn malformed(format: ImportFormat, detail: impl Into<String>) -> Self {
        ImportError::Malformed { format, detail: detail.into() }
    }
}

/// Which of Casebook's own files an import was given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum OwnFile {
    /// A vault, or a backup of one (the same file format).
    Vault,
    /// An evidence pack (a ZIP with a signed manifest.json).
    Pack,
    /// An age-encrypted file, which is what an advocate pack is: what it holds cannot be seen
    /// without its passphrase, and no phone or mail program exports one.
    Encrypted,
    /// An advocate pack as Casebook writes it: a web page carrying an encrypted pack.
    AdvocatePage,
}

impl std::fmt::Display for OwnFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            OwnFile::Vault => "a Casebook vault (or a backup of one)",
            OwnFile::Pack => "a Casebook evidence pack (to check one, use Check a pack or casebook verify)",
            OwnFile::Encrypted => "an encrypted file, such as a Casebook advocate pack",
            OwnFile::AdvocatePage => {
                "a Casebook advocate pack (to read it, open it in a web browser; to check it, use Check a pack or casebook verify)"
            }
        })
    }
}

fn found_text(found: Option<ImportFormat>) -> String {
    match found {
        Some(f) => format!("it looks like {}", f.described()),
        None => "it is not a format Casebook imports".to_owned(),
    }
}
