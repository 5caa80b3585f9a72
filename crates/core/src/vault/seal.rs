//! Sealing stored values, with their place bound into the associated data.
//!
//! The associated data is frozen for format v1 (docs/FORMAT.md, "Associated data"). Do not
//! modify: every existing vault depends on these exact bytes.
//!
//! ```text
//! "casebook.aad" ‖ 0x01 (format) ‖ vault_id[16]
//!   ‖ len(table) u8 ‖ table ‖ len(column) u8 ‖ column
//!   ‖ row i64 BE ‖ index u64 BE ‖ final u8
//! ```

use casebook_crypto::{CryptoError, SecretKey, open, seal, seal_into};
use zeroize::Zeroizing;

/// The associated-data layout version. Fixed at 1: a later vault format must keep opening
/// values sealed under this layout, so it is not tied to `FORMAT_VERSION`.
const AAD_FORMAT: u8 = 1;

/// Where a sealed value lives. A value only opens at the place it was sealed for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Place {
    pub table: &'static str,
    pub column: &'static str,
    /// The row id; for the ledger, the record's seq.
    pub row: i64,
    /// For attachment chunks, the chunk index; otherwise 0.
    pub index: u64,
    /// For attachment chunks, whether this is the last one; otherwise false.
    pub last: bool,
}

impl Place {
    /// A single-valued column of a row.
    pub const fn cell(table: &'static str, column: &'static str, row: i64) -> Self {
        Self { table, column, row, index: 0, last: false }
    }

    /// The sealed body of ledger record `seq`.
    pub const fn ledger(seq: i64) -> Self {
        Self::cell("ledger", "sealed", seq)
    }

    /// Chunk `index` of attachment `id`.
    pub const fn chunk(id: i64, index: u64, last: bool) -> Self {
        Self { table: "attachment_chunks", column: "data", row: id, index, last }
    }

    fn aad(&self, vault_id: &[u8; 16]) -> Vec<u8> {
        let mut aad = Vec::with_capacity(64);
        aad.extend_from_slice(b"casebook.aad");
        aad.push(AAD_FORMAT);
        aad.extend_from_slice(vault_id);
        for part in [self.table, self.column] {
            aad.push(part.len() as u8);
            aad.extend_from_slice(part.as_bytes());
        }
        aad.extend_from_slice(&self.row.to_be_bytes());
        aad.extend_from_slice(&self.index.to_be_bytes());
        aad.push(u8::from(self.last));
        aad
    }
}

/// The unlocked master key with the vault id: the only way plaintext enters or leaves the
/// store. Not `Clone`; dropped (and zeroized) on lock.
pub(crate) struct Sealer {
    master: SecretKey,
    vault_id: [u8; 16],
}

impl Sealer {
    pub fn new(master: SecretKey, vault_id: [u8; 16]) -> Self {
        Self { master, vault_id }
    }

    pub fn vault_id(&self) -> &[u8; 16] {
        &self.vault_id
    }

    pub fn master(&self) -> &SecretKey {
        &self.master
    }

    pub fn seal(&self, place: Place, plaintext: &[u8]) -> Vec<u8> {
        seal(&self.master, &place.aad(&self.vault_id), plaintext)
    }

    /// As [`Sealer::seal`], into a buffer the caller reuses (an attachment's chunks).
    pub fn seal_into(&self, place: Place, plaintext: &[u8], out: &mut Vec<u8>) {
        seal_into(&self.master, &place.aad(&self.vault_id), plaintext, out);
    }

    pub fn open(&self, place: Place, sealed: &[u8]) -> Result<Zeroizing<Vec<u8>>, CryptoError> {
        open(&self.master, &place.aad(&self.vault_id), sealed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aad_layout_is_frozen() {
        let aad = Place::chunk(7, 2, true).aad(&[0xAA; 16]);
        let mut want = b"casebook.aad\x01".to_vec();
        want.extend([0xAA; 16]);
        want.push(17);
        want.extend(b"attachment_chunks");
        want.push(4);
        want.extend(b"data");
        want.extend(7i64.to_be_bytes());
        want.extend(2u64.to_be_bytes());
        want.push(1);
        assert_eq!(aad, want);
    }

    #[test]
    fn a_value_moved_to_another_row_column_or_chunk_fails_to_open() {
        let s = Sealer::new(SecretKey::from_bytes([3; 32]), [1; 16]);
        let sealed = s.seal(Place::ledger(5), b"body");
        assert!(s.open(Place::ledger(5), &sealed).is_ok());
        assert!(s.open(Place::ledger(6), &sealed).is_err());
        assert!(s.open(Place::cell("attachments", "thumbnail", 5), &sealed).is_err());
        let chunk = s.seal(Place::chunk(1, 0, false), b"c");
        assert!(s.open(Place::chunk(1, 0, true), &chunk).is_err());
        assert!(s.open(Place::chunk(1, 1, false), &chunk).is_err());
        let other_vault = Sealer::new(SecretKey::from_bytes([3; 32]), [2; 16]);
        assert!(other_vault.open(Place::ledger(5), &sealed).is_err());
    }
}
