//! RFC 3161 trusted time-stamps, offline-first: a date for the diary's history from a
//! time-stamp authority (TSA), which the person never has to reach from this computer.
//!
//! 1. [`Vault::anchor_request`] signs a checkpoint (unless the newest record already is one),
//!    writes the [anchor file](anchor_data) for it, and returns a standard DER TimeStampReq over
//!    its SHA-256, with a fresh 64-bit nonce and certReq TRUE. The request is recorded in the
//!    ledger (`anchor_requested`: checkpoint, nonce, imprint), so the reply can be matched later.
//! 2. Any TSA answers it (`curl --data-binary @head.tsq -H 'Content-Type:
//!    application/timestamp-query' https://TSA > head.tsr`, on any device with internet).
//! 3. [`Vault::anchor_import`] reads the reply, checks it is granted, that its nonce is one this
//!    vault asked for and its imprint that request's (and the anchor file's, recomputed from
//!    the ledger as it is now), that the TSA's signature verifies with the certificate the token
//!    carries, valid at genTime and made for time-stamping ([`signer`]), and records the reply
//!    byte for byte (`anchor_imported`). Anything else is refused with one sentence, and
//!    nothing is written. Whether that TSA is one to trust is the checker's decision (`openssl
//!    ts -verify -CAfile`), not Casebook's.
//!
//! Casebook makes no network connection: the person carries the request and the reply.
//!
//! Packs carry each reply and its anchor file, so `openssl ts -verify -data FILE -in REPLY
//! -CAfile TSA-CA.pem` checks the TSA's signature; `casebook verify` checks that the imprint is
//! the anchor file's and that the anchor file is the pack's chain at that record.

pub use casebook_pack::anchor::{MAX_REPLY_BYTES, anchor_data, signer, tsp};

use base64::Engine as _;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::error::{Result, VaultError};
use crate::ledger::{Event, read_body, read_links};
use crate::vault::Vault;
pub use signer::SignatureError;
pub use tsp::TspError;

/// A request ready to take to a TSA.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnchorRequest {
    /// The checkpoint record the request covers.
    pub checkpoint_seq: i64,
    /// The `anchor_requested` record.
    pub seq: i64,
    /// The nonce, hex.
    pub nonce: String,
    /// SHA-256 of the anchor file, hex: what the TSA signs.
    pub imprint: String,
    /// The DER TimeStampReq (what `openssl ts -query` would write).
    #[serde(skip)]
    pub der: Vec<u8>,
}

/// A time-stamp stored in the ledger.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Anchor {
    /// The `anchor_imported` record.
    pub seq: i64,
    /// The checkpoint record it dates.
    pub checkpoint_seq: i64,
    /// When the TSA signed it (its genTime).
    pub gen_time: DateTime<Utc>,
    /// The token's serial number, hex.
    pub serial: String,
    /// The TSA's policy, dotted OID.
    pub policy: String,
}

/// Why a reply was not stored. Nothing is written in any of these cases.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum AnchorError {
    /// Not an RFC 3161 reply, or one that says no.
    #[error("this file was not stored: {0}")]
    Reply(#[from] TspError),
    /// Larger than any reply (see [`MAX_REPLY_BYTES`]).
    #[error("this file was not stored: at {0} bytes it is far larger than a time-stamp reply")]
    TooLarge(usize),
    /// The imprint is not SHA-256.
    #[error("this reply was not stored: it time-stamps a digest other than SHA-256, which Casebook never asks for")]
    NotSha256,
    /// No request of this vault has the reply's nonce.
    #[error(
        "this reply answers a different request (its nonce is not one this diary asked for); make a request with `casebook anchor request` and send that one"
    )]
    OtherRequest,
    /// The nonce is ours, the digest is not.
    #[error(
        "this reply is for a different digest than the request it answers (record {checkpoint_seq}); it does not time-stamp this diary"
    )]
    OtherDigest {
        /// The checkpoint the request with that nonce covers.
        checkpoint_seq: i64,
    },
    /// The TSA's signature or certificate does not hold (altered, expired, not for
    /// time-stamping, or an algorithm Casebook does not check).
    #[error("this reply was not stored: {0}")]
    Signature(#[from] SignatureError),
    /// Already stored.
    #[error("this reply is already stored (record {0}); nothing was added")]
    AlreadyImported(i64),
    /// The vault said no.
    #[error(transparent)]
    Vault(#[from] VaultError),
}

impl From<rusqlite::Error> for AnchorError {
    fn from(err: rusqlite::Error) -> Self {
        AnchorError::Vault(err.into())
    }
}

impl Vault {
    /// Makes a time-stamp request over a signed checkpoint of the chain as it stands (a new
    /// one unless the newest record is a checkpoint) and records it (`anchor_requested`).
    pub fn anchor_request(&mut self) -> Result<AnchorRequest> {
        let (head_seq, _) = self.head()?;
        let head_is_checkpoint = read_body(&self.conn, &self.sealer, head_seq)?
            .is_some_and(|r| matches!(r.body.event, Event::Checkpoint { .. }));
        let checkpoint_seq = if head_is_checkpoint { head_seq } else { self.checkpoint()? };
        let link = crate::witness::link_at(&self.conn, checkpoint_seq)?
            .ok_or(VaultError::Corrupt { seq: Some(checkpoint_seq), detail: "the checkpoint has no link".into() })?;
        let imprint = casebook_crypto::sha256(&anchor_data(&self.public_key.to_bytes(), checkpoint_seq, &link));
        let mut nonce = casebook_crypto::random_array::<8>();
        // Positive and without a leading zero byte, so the INTEGER is always these 8 bytes.
        nonce[0] = (nonce[0] & 0x7f).max(1);
        let (nonce_hex, imprint_hex) = (hex::encode(nonce), hex::encode(imprint));
        let seq = self.write(|tx, v| {
            let event =
                Event::AnchorRequested { checkpoint_seq, nonce: nonce_hex.clone(), imprint: imprint_hex.clone() };
            Ok(v.append(tx, event)?.seq)
        })?;
        Ok(AnchorRequest {
            checkpoint_seq,
            seq,
            nonce: nonce_hex,
            imprint: imprint_hex,
            der: tsp::request(&imprint, &nonce),
        })
    }

    /// Stores a TSA's reply to one of this vault's requests (`anchor_imported`), after checking
    /// that it is granted and answers that request: its nonce, and its imprint both as
    /// requested and as the ledger gives it now.
    pub fn anchor_import(&mut self, reply: &[u8]) -> std::result::Result<Anchor, AnchorError> {
        if reply.len() > MAX_REPLY_BYTES {
            return Err(AnchorError::TooLarge(reply.len()));
        }
        let parsed = tsp::parse_reply(reply)?;
        if parsed.hash_algorithm != tsp::SHA256 {
            return Err(AnchorError::NotSha256);
        }
        let nonce = parsed.nonce.as_deref().map(hex::encode).ok_or(AnchorError::OtherRequest)?;
        let mut requested = None;
        for link in read_links(&self.conn)?.iter().filter(|l| !l.purged) {
            let Some(rec) = read_body(&self.conn, &self.sealer, link.seq)? else { continue };
            match rec.body.event {
                Event::AnchorRequested { checkpoint_seq, nonce: n, imprint } if n == nonce => {
                    requested = Some((checkpoint_seq, imprint));
                }
                Event::AnchorImported { nonce: n, .. } if n == nonce => {
                    return Err(AnchorError::AlreadyImported(rec.seq));
                }
                _ => {}
            }
        }
        let (checkpoint_seq, imprint) = requested.ok_or(AnchorError::OtherRequest)?;
        let link = crate::witness::link_at(&self.conn, checkpoint_seq)?.ok_or(VaultError::Corrupt {
            seq: Some(checkpoint_seq),
            detail: "a requested checkpoint is gone".into(),
        })?;
        let now = casebook_crypto::sha256(&anchor_data(&self.public_key.to_bytes(), checkpoint_seq, &link));
        if hex::encode(&parsed.imprint) != imprint || parsed.imprint != now {
            return Err(AnchorError::OtherDigest { checkpoint_seq });
        }
        // Last, so a reply for another request says so first; before anything is written.
        signer::check(&tsp::signed_data(reply)?, parsed.gen_time)?;
        let reply_b64 = base64::engine::general_purpose::STANDARD.encode(reply);
        let anchor = self.write(|tx, v| {
            let event = Event::AnchorImported {
                checkpoint_seq,
                nonce: nonce.clone(),
                gen_time: parsed.gen_time,
                serial: parsed.serial.clone(),
                policy: parsed.policy.clone(),
                reply: reply_b64.clone(),
            };
            let rec = v.append(tx, event)?;
            Ok(Anchor {
                seq: rec.seq,
                checkpoint_seq,
                gen_time: parsed.gen_time,
                serial: parsed.serial.clone(),
                policy: parsed.policy.clone(),
            })
        })?;
        Ok(anchor)
    }

    /// Every time-stamp stored, oldest first.
    pub fn anchors(&self) -> Result<Vec<Anchor>> {
        Ok(self.anchor_replies()?.into_iter().map(|(a, _)| a).collect())
    }

    /// Every time-stamp stored, with the reply's exact bytes.
    pub fn anchor_replies(&self) -> Result<Vec<(Anchor, Vec<u8>)>> {
        let mut out = Vec::new();
        for link in read_links(&self.conn)?.iter().filter(|l| !l.purged) {
            let Some(rec) = read_body(&self.conn, &self.sealer, link.seq)? else { continue };
            if let Event::AnchorImported { checkpoint_seq, gen_time, serial, policy, reply, .. } = rec.body.event {
                let bytes =
                    base64::engine::general_purpose::STANDARD.decode(reply).map_err(|_| VaultError::Corrupt {
                        seq: Some(rec.seq),
                        detail: "the stored time-stamp reply is not base64".into(),
                    })?;
                out.push((Anchor { seq: rec.seq, checkpoint_seq, gen_time, serial, policy }, bytes));
            }
        }
        Ok(out)
    }
}
