use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;
use zeroize::Zeroizing;

use super::{RecordBody, chain};
use crate::error::{Result, VaultError};
use crate::vault::seal::{Place, Sealer};

/// One link of the chain, as stored in plaintext.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Link {
    /// Sequence number, from 1.
    pub seq: i64,
    /// The previous record's link (zeros for the first).
    #[serde(with = "hex_bytes")]
    pub prev_link: chain::Hash,
    /// Commitment to the salted body.
    #[serde(with = "hex_bytes")]
    pub commitment: chain::Hash,
    /// This record's link.
    #[serde(with = "hex_bytes")]
    pub link: chain::Hash,
    /// Whether the body and salt were erased by a purge.
    pub purged: bool,
}

/// An opened record: the exact body bytes, their salt, and the parsed body.
pub struct LedgerRecord {
    /// Sequence number.
    pub seq: i64,
    /// The salt the commitment used.
    pub salt: [u8; 32],
    /// The exact committed bytes (JSON).
    pub body_bytes: Zeroizing<Vec<u8>>,
    /// The parsed body.
    pub body: RecordBody,
}

impl std::fmt::Debug for LedgerRecord {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LedgerRecord")
            .field("seq", &self.seq)
            .field("kind", &self.body.kind_name())
            .finish_non_exhaustive()
    }
}

mod hex_bytes {
    pub fn serialize<S: serde::Serializer>(bytes: &[u8; 32], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&hex::encode(bytes))
    }
}

fn hash32(seq: i64, v: Vec<u8>, what: &str) -> Result<chain::Hash> {
    v.try_into().map_err(|_| VaultError::Corrupt { seq: Some(seq), detail: format!("{what} is not 32 bytes") })
}

/// The newest record's (seq, link); (0, zeros) when the ledger is empty.
pub(crate) fn chain_head(conn: &Connection) -> Result<(i64, chain::Hash)> {
    let row: Option<(i64, Vec<u8>)> = conn
        .prepare_cached("SELECT seq, link FROM ledger ORDER BY seq DESC LIMIT 1")?
        .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    match row {
        Some((seq, link)) => Ok((seq, hash32(seq, link, "link")?)),
        None => Ok((0, chain::GENESIS)),
    }
}

/// Every link, in order.
pub(crate) fn read_links(conn: &Connection) -> Result<Vec<Link>> {
    let mut stmt = conn.prepare("SELECT seq, prev_link, commitment, link, sealed IS NULL FROM ledger ORDER BY seq")?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, Vec<u8>>(1)?,
            r.get::<_, Vec<u8>>(2)?,
            r.get::<_, Vec<u8>>(3)?,
            r.get::<_, bool>(4)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (seq, prev, commitment, link, purged) = row?;
        out.push(Link {
            seq,
            prev_link: hash32(seq, prev, "prev_link")?,
            commitment: hash32(seq, commitment, "commitment")?,
            link: hash32(seq, link, "link")?,
            purged,
        });
    }
    Ok(out)
}

/// Opens every record that is not purged, in order, and hands it with its link to `observe`;
/// a reason `observe` gives makes the vault corrupt at that record. The fold behind the books
/// that read what the ledger says of orders and of effects.
pub(crate) fn fold_live(
    conn: &Connection,
    sealer: &Sealer,
    mut observe: impl FnMut(i64, &chain::Hash, &RecordBody) -> std::result::Result<(), String>,
) -> Result<()> {
    for link in read_links(conn)?.iter().filter(|l| !l.purged) {
        let Some(rec) = read_body(conn, sealer, link.seq)? else { continue };
        observe(link.seq, &link.link, &rec.body)
            .map_err(|detail| VaultError::Corrupt { seq: Some(link.seq), detail })?;
    }
    Ok(())
}

/// Opens record `seq` and checks it against its stored commitment. `None` if purged.
pub(crate) fn read_body(conn: &Connection, sealer: &Sealer, seq: i64) -> Result<Option<LedgerRecord>> {
    let row: Option<(Option<Vec<u8>>, Vec<u8>)> = conn
        .prepare_cached("SELECT sealed, commitment FROM ledger WHERE seq = ?1")?
        .query_row([seq], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let Some((sealed, commitment)) = row else {
        return Err(VaultError::Corrupt { seq: Some(seq), detail: "the record is missing".into() });
    };
    let Some(sealed) = sealed else { return Ok(None) };
    open_record(sealer, seq, &sealed, &commitment).map(Some)
}

/// Decrypts a sealed record and verifies its commitment.
pub(crate) fn open_record(sealer: &Sealer, seq: i64, sealed: &[u8], commitment: &[u8]) -> Result<LedgerRecord> {
    let plain = open_verified(sealer, seq, sealed, commitment)?;
    let mut salt = [0u8; 32];
    salt.copy_from_slice(&plain[..32]);
    let body_bytes = Zeroizing::new(plain[32..].to_vec());
    let body = parse_body(seq, &body_bytes)?;
    Ok(LedgerRecord { seq, salt, body_bytes, body })
}

/// Decrypts a sealed record and verifies its commitment, without parsing it: returns
/// `salt[32] ‖ body_bytes`, at least 32 bytes long. For readers that parse only what they
/// need (`ledger::version`); they must still refuse what [`parse_body`] refuses.
pub(crate) fn open_verified(sealer: &Sealer, seq: i64, sealed: &[u8], commitment: &[u8]) -> Result<Zeroizing<Vec<u8>>> {
    let corrupt = |detail: String| VaultError::Corrupt { seq: Some(seq), detail };
    let plain =
        sealer.open(Place::ledger(seq), sealed).map_err(|e| corrupt(format!("the record does not open ({e})")))?;
    if plain.len() < 32 {
        return Err(corrupt("the record is too short".into()));
    }
    let (salt, body_bytes) = plain.split_at(32);
    let salt: &[u8; 32] = salt.try_into().map_err(|_| corrupt("the record is too short".into()))?;
    if chain::commitment(salt, body_bytes)[..] != *commitment {
        return Err(corrupt("the record does not match its commitment".into()));
    }
    Ok(plain)
}

/// Parses verified body bytes; refuses a body version other than 1 and unknown kinds.
pub(crate) fn parse_body(seq: i64, body_bytes: &[u8]) -> Result<RecordBody> {
    let corrupt = |detail: String| VaultError::Corrupt { seq: Some(seq), detail };
    let body: RecordBody =
        serde_json::from_slice(body_bytes).map_err(|e| corrupt(format!("the record body is not understood ({e})")))?;
    if body.v != super::body::BODY_VERSION {
        return Err(corrupt(format!("the record body has version {}, which this Casebook does not read", body.v)));
    }
    Ok(body)
}

#[cfg(test)]
mod tests {
    use casebook_crypto::SecretKey;

    use super::*;

    fn sealed_body(sealer: &Sealer, seq: i64, json: &[u8]) -> (Vec<u8>, chain::Hash) {
        let salt = [7u8; 32];
        let mut plain = salt.to_vec();
        plain.extend_from_slice(json);
        (sealer.seal(Place::ledger(seq), &plain), chain::commitment(&salt, json))
    }

    #[test]
    fn a_body_from_a_newer_casebook_is_refused_not_guessed_at() {
        let sealer = Sealer::new(SecretKey::from_bytes([1; 32]), [2; 16]);
        let today = br#"{"v":1,"recorded_at":"2026-03-01T10:00:00Z","kind":"passphrase_changed"}"#;
        let (sealed, commitment) = sealed_body(&sealer, 3, today);
        assert!(open_record(&sealer, 3, &sealed, &commitment).is_ok());
        let newer = br#"{"v":2,"recorded_at":"2026-03-01T10:00:00Z","kind":"passphrase_changed"}"#;
        let (sealed, commitment) = sealed_body(&sealer, 3, newer);
        let err = open_record(&sealer, 3, &sealed, &commitment).unwrap_err();
        assert!(matches!(err, VaultError::Corrupt { seq: Some(3), .. }), "{err:?}");
    }
}
