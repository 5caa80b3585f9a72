//! The key card: the vault's signing-key fingerprint on one printable page, for the person to
//! hand over at a first police report (`casebook key-card`, the app's Settings). A pack's
//! signature means something only once its key is tied to the person; the card is that tie,
//! made on paper, outside the person's computer.
//!
//! Recording that a card was given (to whom) is a ledger record, `key_card_given`, listed in
//! every report's continuity log.

use std::io::Write;
use std::path::Path;

use crate::newfile::NewFile;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::error::{Result, VaultError};
use crate::ledger::{Event, read_body, read_links};
use crate::vault::Vault;

/// What the card shows.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyCard {
    /// SHA-256 of the public key, 16 groups of four hex digits.
    pub fingerprint: String,
    /// When the vault was made (record 1).
    pub created_at: DateTime<Utc>,
}

/// A card recorded as given.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyCardGiven {
    /// The `key_card_given` record.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub seq: i64,
    /// When it was recorded (the vault clock).
    pub recorded_at: DateTime<Utc>,
    /// Who it was given to, in the person's words ("PC 1234, Leeds, 3 Dec").
    pub to: String,
}

impl Vault {
    /// The facts on the key card.
    pub fn key_card(&self) -> Result<KeyCard> {
        let created_at = match read_body(&self.conn, &self.sealer, 1)?.map(|r| r.body) {
            Some(body) if matches!(body.event, Event::VaultCreated { .. }) => body.recorded_at,
            _ => {
                return Err(VaultError::Corrupt {
                    seq: Some(1),
                    detail: "record 1 is not the vault's creation".into(),
                });
            }
        };
        Ok(KeyCard { fingerprint: self.public_key.fingerprint(), created_at })
    }

    /// The key card as a one-page PDF.
    pub fn key_card_pdf(&self) -> Result<Vec<u8>> {
        let card = self.key_card()?;
        let facts = crate::export::pdf::CardFacts {
            fingerprint: &card.fingerprint,
            created_at: card.created_at,
            made_at: self.clock.now(),
        };
        crate::export::pdf::render_key_card(&facts)
            .map_err(|e| VaultError::InvalidInput(format!("the key card could not be drawn: {e}")))
    }

    /// Writes the key card to `out`, a new file, through `newfile` (private, synced, put in
    /// place without replacing anything; an existing `out` is refused).
    pub fn write_key_card(&self, out: &Path) -> Result<KeyCard> {
        if out.exists() {
            return Err(VaultError::AlreadyExists(out.to_owned()));
        }
        let bytes = self.key_card_pdf()?;
        let mut new = NewFile::create(out)?;
        new.write_all(&bytes)?;
        new.place()?;
        self.key_card()
    }

    /// Records that the key card was given to `to` (in the person's words).
    pub fn record_key_card_given(&mut self, to: &str) -> Result<KeyCardGiven> {
        let to = crate::witness::words("who the key card was given to", to)?;
        let fingerprint = self.public_key.fingerprint();
        self.write(|tx, v| {
            let rec = v.append(tx, Event::KeyCardGiven { fingerprint, to: to.clone() })?;
            Ok(KeyCardGiven { seq: rec.seq, recorded_at: rec.recorded_at, to })
        })
    }

    /// Every key card recorded as given, oldest first.
    pub fn key_cards_given(&self) -> Result<Vec<KeyCardGiven>> {
        let mut out = Vec::new();
        for link in read_links(&self.conn)?.iter().filter(|l| !l.purged) {
            let Some(rec) = read_body(&self.conn, &self.sealer, link.seq)? else { continue };
            if let Event::KeyCardGiven { to, .. } = rec.body.event {
                out.push(KeyCardGiven { seq: rec.seq, recorded_at: rec.body.recorded_at, to });
            }
        }
        Ok(out)
    }
}
