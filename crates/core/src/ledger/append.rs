use casebook_crypto::random_array;
use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, params};
use zeroize::Zeroizing;

use super::body::BODY_VERSION;
use super::{Event, RecordBody, chain};
use crate::clock::Clock;
use crate::error::{Result, VaultError};
use crate::vault::seal::{Place, Sealer};

/// What `append` wrote.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Appended {
    pub seq: i64,
    pub recorded_at: DateTime<Utc>,
}

/// Appends one record inside the caller's (immediate) transaction: the head is read under
/// the write lock, so two writers can never fork the chain.
pub(crate) fn append(conn: &Connection, sealer: &Sealer, clock: &dyn Clock, event: Event) -> Result<Appended> {
    let (head_seq, head_link) = super::chain_head(conn)?;
    let now = clock.now();
    let previous = last_recorded_at(conn, sealer)?;
    let body = RecordBody {
        v: BODY_VERSION,
        recorded_at: now,
        clock_went_backwards: previous.is_some_and(|p| now < p),
        event,
    };
    let bytes = Zeroizing::new(
        serde_json::to_vec(&body).map_err(|e| VaultError::InvalidInput(format!("cannot encode record: {e}")))?,
    );
    let salt: [u8; 32] = random_array();
    let commitment = chain::commitment(&salt, &bytes);
    let seq = head_seq + 1;
    let link = chain::link(seq, &head_link, &commitment);
    let mut plain = Zeroizing::new(Vec::with_capacity(32 + bytes.len()));
    plain.extend_from_slice(&salt);
    plain.extend_from_slice(&bytes);
    let sealed = sealer.seal(Place::ledger(seq), &plain);
    // Cached statements (here and in `last_recorded_at`): a bulk import appends thousands
    // of records in one transaction, and parsing the SQL each time cost more than the rest.
    conn.prepare_cached("INSERT INTO ledger (seq, prev_link, commitment, link, sealed) VALUES (?1, ?2, ?3, ?4, ?5)")?
        .execute(params![seq, &head_link[..], &commitment[..], &link[..], sealed])?;
    Ok(Appended { seq, recorded_at: now })
}

/// `recorded_at` of the newest record whose body still exists.
fn last_recorded_at(conn: &Connection, sealer: &Sealer) -> Result<Option<DateTime<Utc>>> {
    let seq: Option<i64> = conn
        .prepare_cached("SELECT max(seq) FROM ledger WHERE sealed IS NOT NULL")?
        .query_row([], |r| r.get(0))
        .optional()?
        .flatten();
    match seq {
        Some(seq) => Ok(super::read_body(conn, sealer, seq)?.map(|r| r.body.recorded_at)),
        None => Ok(None),
    }
}
