//! The sealed head: what the vault looked like at the end of its last transaction.
//!
//! The ledger's rows are plaintext apart from their bodies, so someone with the file can
//! delete the newest records (and their index rows), or an attachment's row and chunks, and
//! what remains still verifies. Every transaction therefore ends by sealing the head (seq,
//! link) and the number of attachment rows into `vault_meta.head`, under the master key:
//! without the key it cannot be rewritten to match a shortened ledger, and `check` compares it
//! with the tables.
//!
//! What it cannot catch: the whole file (or this one value with the rows it describes) put back
//! from an older copy of the same vault. Only a head that left the device, a witness code or a
//! pack, shows that.
//!
//! Plaintext layout, inside the envelope (do not modify: existing vaults depend on it):
//!
//! ```text
//! "casebook.head.v1" ‖ seq i64 BE ‖ link[32] ‖ attachments i64 BE      (64 bytes)
//! ```

use rusqlite::Connection;

use super::seal::{Place, Sealer};
use crate::error::Result;
use crate::ledger::{chain, chain_head};

const MAGIC: &[u8; 16] = b"casebook.head.v1";
const LEN: usize = 16 + 8 + 32 + 8;
const PLACE: Place = Place::cell("vault_meta", "head", 1);

/// The chain head and attachment count as one transaction left them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct SealedHead {
    pub seq: i64,
    pub link: chain::Hash,
    pub attachments: i64,
}

impl SealedHead {
    /// What the tables hold now.
    pub fn of_tables(conn: &Connection) -> Result<SealedHead> {
        let (seq, link) = chain_head(conn)?;
        let attachments: i64 = conn.prepare_cached("SELECT count(*) FROM attachments")?.query_row([], |r| r.get(0))?;
        Ok(SealedHead { seq, link, attachments })
    }

    fn to_bytes(self) -> [u8; LEN] {
        let mut out = [0u8; LEN];
        out[..16].copy_from_slice(MAGIC);
        out[16..24].copy_from_slice(&self.seq.to_be_bytes());
        out[24..56].copy_from_slice(&self.link);
        out[56..].copy_from_slice(&self.attachments.to_be_bytes());
        out
    }

    fn from_bytes(b: &[u8]) -> Option<SealedHead> {
        if b.len() != LEN || &b[..16] != MAGIC {
            return None;
        }
        Some(SealedHead {
            seq: i64::from_be_bytes(b[16..24].try_into().ok()?),
            link: b[24..56].try_into().ok()?,
            attachments: i64::from_be_bytes(b[56..].try_into().ok()?),
        })
    }
}

/// Seals what the tables hold now into `vault_meta.head`. Call it last in every transaction.
pub(crate) fn write(conn: &Connection, sealer: &Sealer) -> Result<()> {
    let head = SealedHead::of_tables(conn)?;
    // Cached: every transaction ends here, each add among them.
    conn.prepare_cached("UPDATE vault_meta SET head = ?1 WHERE id = 1")?
        .execute([sealer.seal(PLACE, &head.to_bytes())])?;
    Ok(())
}

/// Why the sealed head could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Unreadable {
    /// The column is NULL: it was removed (every transaction since migration 3 writes it).
    Missing,
    /// It does not open under the key, or is not a head.
    Altered,
}

/// The sealed head as the last transaction wrote it.
pub(crate) fn read(conn: &Connection, sealer: &Sealer) -> Result<std::result::Result<SealedHead, Unreadable>> {
    let sealed: Option<Vec<u8>> = conn.query_row("SELECT head FROM vault_meta WHERE id = 1", [], |r| r.get(0))?;
    let Some(sealed) = sealed else { return Ok(Err(Unreadable::Missing)) };
    Ok(match sealer.open(PLACE, &sealed) {
        Ok(plain) => SealedHead::from_bytes(&plain).ok_or(Unreadable::Altered),
        Err(_) => Err(Unreadable::Altered),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_head_layout_is_frozen() {
        let head = SealedHead { seq: 0x0102, link: [0xAB; 32], attachments: 3 };
        let bytes = head.to_bytes();
        let mut want = b"casebook.head.v1".to_vec();
        want.extend(0x0102i64.to_be_bytes());
        want.extend([0xAB; 32]);
        want.extend(3i64.to_be_bytes());
        assert_eq!(bytes.to_vec(), want);
        assert_eq!(SealedHead::from_bytes(&bytes), Some(head));
        assert_eq!(SealedHead::from_bytes(&bytes[1..]), None);
    }
}
