//! Time-stamps in a pack: each RFC 3161 reply the vault stored (an `anchor_imported` record,
//! disclosed in every pack) goes in beside the anchor file it covers, so that the officer can
//! check it with `openssl ts -verify` and `casebook verify` can check it against the chain:
//!
//! ```text
//! timestamps/anchor-<seq>.txt   the anchor file of checkpoint <seq> (crate::anchor::anchor_data)
//! timestamps/anchor-<seq>.tsr   the TSA's DER TimeStampResp, byte for byte as stored
//! ```

use std::io::Write;

use base64::Engine as _;
use chrono::{DateTime, Utc};

use super::ExportError;
use super::plan::Plan;
use super::zipout::PackWriter;
use crate::anchor::anchor_data;

pub use casebook_pack::format::stamps::{data_name, reply_name};

/// A stored time-stamp, as a pack carries it.
#[derive(Debug, Clone)]
pub(crate) struct Stamp {
    /// The `anchor_imported` record.
    pub seq: i64,
    /// The checkpoint it dates.
    pub checkpoint_seq: i64,
    /// The TSA's genTime.
    pub gen_time: DateTime<Utc>,
    /// The token's serial, hex.
    pub serial: String,
    /// The reply, standard base64, as the record holds it.
    pub reply: String,
}

/// Writes every stored time-stamp of the plan whose checkpoint the pack's chain reaches.
pub(super) fn write<W: Write>(plan: &Plan, public_key: &[u8; 32], zip: &mut PackWriter<W>) -> Result<(), ExportError> {
    let b64 = base64::engine::general_purpose::STANDARD;
    for s in &plan.stamps {
        let Some(link) = plan.links.iter().find(|l| l.seq == s.checkpoint_seq) else { continue };
        let reply = b64.decode(&s.reply).map_err(|_| {
            ExportError::Vault(crate::error::VaultError::Corrupt {
                seq: Some(s.seq),
                detail: "the stored time-stamp reply is not base64".into(),
            })
        })?;
        zip.add(&data_name(s.checkpoint_seq), &anchor_data(public_key, s.checkpoint_seq, &link.link))?;
        zip.add(&reply_name(s.checkpoint_seq), &reply)?;
    }
    Ok(())
}

/// README.txt's section on the pack's time-stamps, with the exact command for each; empty
/// when the pack has none.
pub(super) fn readme_section(plan: &Plan) -> String {
    let head = plan.head().0;
    let stamps: Vec<&Stamp> = plan.stamps.iter().filter(|s| s.checkpoint_seq <= head).collect();
    if stamps.is_empty() {
        return String::new();
    }
    let mut out = String::from(
        "
Trusted time-stamps (RFC 3161)
------------------------------
The person had the diary's chain time-stamped by a time-stamp authority (TSA). Each
time-stamp is the TSA's signed statement that the records up to that number existed, with
this key, no later than the TSA's time. timestamps/anchor-N.txt is what was time-stamped
(the key, the record number and its link, in plain text); timestamps/anchor-N.tsr is the
TSA's reply. casebook verify checks that each anchor file is this pack's
chain and that each reply is signed by the certificate it carries; whether that certificate
is one of a TSA you trust is checked with OpenSSL, using the TSA's CA certificate that you
obtain from the TSA yourself (TSA-CA.pem below), in the unzipped folder:

",
    );
    for s in stamps {
        out.push_str(&format!(
            "       openssl ts -verify -data {} -in {} -CAfile TSA-CA.pem

                records 1 to {}, time-stamped at {} (serial {}). It must print \"Verification: OK\".

",
            data_name(s.checkpoint_seq),
            reply_name(s.checkpoint_seq),
            s.checkpoint_seq,
            s.gen_time.format("%-d %B %Y, %H:%M:%S UTC"),
            s.serial
        ));
    }
    out.push_str(
        "A pack rebuilt after a time-stamp (an entry slipped in before it, or the chain made again\n\
         under a new key) does not match that time-stamp. A time-stamp says nothing about records\n\
         after its number, nor whether what was written is true.\n",
    );
    out
}
