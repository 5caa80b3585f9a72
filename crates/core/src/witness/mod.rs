//! Witness codes: a short code the person sends to someone else by any channel that keeps its
//! own date (a text, an email), so that the diary's history up to that moment is fixed outside
//! their own computer. Needs no network.
//!
//! Making a code signs a checkpoint (the record the code names) and derives the code from that
//! record's link and the vault's public key ([`WitnessCode::compute`]). Anyone holding the code
//! and a later pack can then check that the pack's chain passes through that record with that
//! key: every record up to it existed, unchanged, when the code was sent. A forger with a new key
//! or a back-dater who rebuilt the chain cannot produce a pack that matches a code sent before.
//!
//! Sharing a code (to whom, how) is a ledger record, `witness_shared`, listed in every report.
//!
//! The code's bytes and its check against a pack are casebook-pack's (a verifier needs them
//! without a vault), re-exported here.

pub use casebook_pack::witness::{
    DIGEST_LEN, WitnessCheck, WitnessCode, WitnessCodeError, WitnessOutcome, check, check_pack,
};

use chrono::{DateTime, Utc};
use rusqlite::OptionalExtension;
use serde::{Deserialize, Serialize};

use crate::error::{Result, VaultError};
use crate::ledger::{Event, read_body};
use crate::vault::Vault;

/// Longest recipient or channel description accepted, in characters.
const MAX_WORDS: usize = 200;

/// A code just made, with what the app and the CLI show beside it.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MadeWitnessCode {
    /// The code, `W-214-ABCD-EFGH-IJKL-MNOP-QRST`.
    pub code: String,
    /// The checkpoint record it names.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub seq: i64,
    /// When the checkpoint was recorded (the vault clock).
    pub made_at: DateTime<Utc>,
    /// A message to send with it, so the recipient knows what to keep and why.
    pub message: String,
}

/// A code the person recorded as shared.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WitnessShare {
    /// The `witness_shared` record.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub seq: i64,
    /// When it was recorded (the vault clock).
    pub recorded_at: DateTime<Utc>,
    /// The code.
    pub code: String,
    /// Who it went to, in the person's words.
    pub to: String,
    /// How it was sent, in the person's words.
    pub how: String,
}

impl From<WitnessCodeError> for VaultError {
    fn from(err: WitnessCodeError) -> Self {
        VaultError::InvalidInput(err.to_string())
    }
}

/// The message suggested with a new code: what to keep and what it proves, in plain words.
pub fn suggested_message(code: &WitnessCode, made_at: DateTime<Utc>) -> String {
    format!(
        "Casebook witness code {code} (made {}). Please keep this message as it is. \
         It lets anyone check later that the records in my diary up to number {} already existed, \
         unchanged, when I sent it.",
        made_at.format("%-d %B %Y, %H:%M UTC"),
        code.seq()
    )
}

impl Vault {
    /// Signs a checkpoint of the chain as it stands and returns the witness code for it.
    pub fn make_witness_code(&mut self) -> Result<MadeWitnessCode> {
        let seq = self.checkpoint()?;
        let code = self.witness_code_at(seq)?;
        let made_at = read_body(&self.conn, &self.sealer, seq)?
            .map(|r| r.body.recorded_at)
            .ok_or(VaultError::Corrupt { seq: Some(seq), detail: "the checkpoint just written has no body".into() })?;
        Ok(MadeWitnessCode { code: code.to_string(), seq, made_at, message: suggested_message(&code, made_at) })
    }

    /// The witness code for record `seq` of this vault's chain.
    pub fn witness_code_at(&self, seq: i64) -> Result<WitnessCode> {
        let link = link_at(&self.conn, seq)?
            .ok_or_else(|| VaultError::InvalidInput(format!("this diary has no record {seq}")))?;
        Ok(WitnessCode::compute(&self.public_key.to_bytes(), seq, &link))
    }

    /// Records that `code` was given to `to` by `how`. Refuses a code this vault did not make
    /// (another diary's, or a forged one), naming why; nothing is written then.
    pub fn record_witness_shared(&mut self, code: &WitnessCode, to: &str, how: &str) -> Result<WitnessShare> {
        let to = words("who the code went to", to)?;
        let how = words("how the code was sent", how)?;
        let text = code.to_string();
        self.write(|tx, v| {
            let own = link_at(tx, code.seq())?;
            match own {
                Some(link) if code.matches(&v.public_key.to_bytes(), &link) => {}
                Some(_) => {
                    return Err(VaultError::InvalidInput(format!(
                        "{text} was not made by this diary: its record {} is different (a code from another diary?)",
                        code.seq()
                    )));
                }
                None => {
                    return Err(VaultError::InvalidInput(format!(
                        "{text} was not made by this diary: it has no record {} yet (a code from another diary?)",
                        code.seq()
                    )));
                }
            }
            let rec = v.append(tx, Event::WitnessShared { code: text.clone(), to: to.clone(), how: how.clone() })?;
            Ok(WitnessShare { seq: rec.seq, recorded_at: rec.recorded_at, code: text.clone(), to, how })
        })
    }

    /// Every code recorded as shared, oldest first.
    pub fn witness_shares(&self) -> Result<Vec<WitnessShare>> {
        let links = crate::ledger::read_links(&self.conn)?;
        let mut out = Vec::new();
        for link in links.iter().filter(|l| !l.purged) {
            let Some(rec) = read_body(&self.conn, &self.sealer, link.seq)? else { continue };
            if let Event::WitnessShared { code, to, how } = rec.body.event {
                out.push(WitnessShare { seq: rec.seq, recorded_at: rec.body.recorded_at, code, to, how });
            }
        }
        Ok(out)
    }
}

/// Record `seq`'s link, if the ledger has it.
pub(crate) fn link_at(conn: &rusqlite::Connection, seq: i64) -> Result<Option<[u8; 32]>> {
    let link: Option<Vec<u8>> =
        conn.query_row("SELECT link FROM ledger WHERE seq = ?1", [seq], |r| r.get(0)).optional()?;
    link.map(|l| {
        l.try_into().map_err(|_| VaultError::Corrupt { seq: Some(seq), detail: "the link is not 32 bytes".into() })
    })
    .transpose()
}

/// A short description in the person's words: trimmed, not empty, one line, not too long.
pub(crate) fn words(what: &str, text: &str) -> Result<String> {
    let text = text.trim();
    if text.is_empty() {
        return Err(VaultError::InvalidInput(format!("say {what}")));
    }
    if text.chars().any(char::is_control) {
        return Err(VaultError::InvalidInput(format!("{what}: one line, please")));
    }
    if text.chars().count() > MAX_WORDS {
        return Err(VaultError::InvalidInput(format!("{what}: at most {MAX_WORDS} characters, please")));
    }
    Ok(text.to_owned())
}
