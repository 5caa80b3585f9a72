//! ledger.json: every link of the chain up to the pack's head, with the disclosed bodies and
//! salts (docs/FORMAT.md, "Ledger").

use serde::{Deserialize, Serialize};

/// `format` of ledger.json.
pub const LEDGER_FORMAT: &str = "casebook.ledger.v1";

/// ledger.json: every link, in order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LedgerFile {
    /// [`LEDGER_FORMAT`].
    pub format: String,
    /// Record 1 to the head.
    pub records: Vec<LedgerEntry>,
}

/// Whether a record's body is in the pack.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Body (base64 of the exact committed bytes) and salt included.
    Disclosed,
    /// Only the link: the body exists in the vault but is not part of this pack.
    Withheld,
    /// Only the link: the body was erased in the vault by a purge.
    Purged,
}

/// One record of ledger.json.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LedgerEntry {
    /// Base64 (standard, padded) of the exact committed body bytes, when disclosed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
    /// `SHA-256("casebook.commit.v1" ‖ salt ‖ body)`, hex.
    pub commitment: String,
    /// `SHA-256("casebook.link.v1" ‖ seq u64 BE ‖ prev_link ‖ commitment)`, hex.
    pub link: String,
    /// The previous record's link, hex (zeros for record 1).
    pub prev_link: String,
    /// The 32-byte salt, hex, when disclosed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub salt: Option<String>,
    /// Sequence number, from 1.
    pub seq: i64,
    /// Disclosed, withheld or purged.
    pub status: Status,
}
