//! A draft witness statement for the person to take to the police, as an editable .docx.
//!
//! In England and Wales a witness's account goes into a statement laid out as form MG11
//! (Criminal Justice Act 1967, s.9): in the first person, producing each exhibit by its mark,
//! with a declaration the witness signs in front of the officer. Casebook drafts it from the
//! same plan as a pack made with the same choices (`export::plan`), so every entry, exhibit
//! mark, order, breach and change to the person's life in the draft is the one in the pack;
//! `words.rs` turns the plan into sentences, `docx.rs` writes them. The draft is the person's
//! to correct and finish: it has "DRAFT" on every page, bracketed places for what only they
//! can say, and no signature. Casebook signs and records nothing about it.

mod docx;
mod words;

use std::io::Write as _;
use std::path::Path;

use serde::Serialize;

use crate::error::{Result, VaultError};
use crate::export::ExportOptions;
use crate::newfile::NewFile;
use crate::vault::Vault;

use words::statement_blocks;
pub use words::{Block, DECLARATION};

/// What was written.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StatementReport {
    /// Entries in the chronology (withdrawn ones are left out).
    pub entries: usize,
    /// Exhibits produced by their marks.
    pub exhibits: usize,
    /// Breaches described.
    pub breaches: usize,
    /// Changes to the person's life listed.
    pub effects: usize,
    /// Size of the .docx in bytes.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub bytes: u64,
}

impl Vault {
    /// The statement's paragraphs for the entries `options` choose (as a police pack would).
    pub fn statement_blocks(&self, options: &ExportOptions) -> Result<Vec<Block>> {
        let options = ExportOptions { recipient: crate::export::Recipient::Police, ..options.clone() };
        let plan = crate::export::plan::plan(self, &options, self.clock.now()).map_err(|e| match e {
            crate::export::ExportError::Vault(v) => v,
            other => VaultError::InvalidInput(other.to_string()),
        })?;
        if plan.entries.iter().all(|e| e.retraction.is_some()) {
            return Err(VaultError::InvalidInput(
                "no entries match what was chosen (withdrawn entries are left out); nothing was written".into(),
            ));
        }
        Ok(statement_blocks(&plan))
    }

    /// Writes the draft statement to `out`, a new file (private, synced, put in place without
    /// replacing anything; an existing `out` is refused).
    pub fn write_statement(&self, options: &ExportOptions, out: &Path) -> Result<StatementReport> {
        if out.exists() {
            return Err(VaultError::AlreadyExists(out.to_owned()));
        }
        let blocks = self.statement_blocks(options)?;
        let bytes = docx::render(&blocks)
            .map_err(|e| VaultError::InvalidInput(format!("the statement could not be written: {e}")))?;
        let mut new = NewFile::create(out)?;
        new.write_all(&bytes)?;
        new.place()?;
        let count = |f: fn(&Block) -> bool| blocks.iter().filter(|b| f(b)).count();
        Ok(StatementReport {
            entries: count(|b| matches!(b, Block::Incident { .. })),
            exhibits: count(|b| matches!(b, Block::Exhibit { .. })),
            breaches: count(|b| matches!(b, Block::Breach(_))),
            effects: count(|b| matches!(b, Block::Effect(_))),
            bytes: bytes.len() as u64,
        })
    }
}
