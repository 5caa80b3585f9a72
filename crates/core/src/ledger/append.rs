use std::cell::{Cell, RefCell};

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

/// Everything a new record depends on from the records before it: the head's seq and link
/// (for the new link) and the `recorded_at` of the newest record whose body still exists
/// (for `clock_went_backwards`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ChainHead {
    pub seq: i64,
    pub link: chain::Hash,
    pub last_recorded_at: Option<DateTime<Utc>>,
}

impl ChainHead {
    /// Reads the head from the ledger. Call it under the write lock (inside the caller's
    /// `BEGIN IMMEDIATE` transaction), so nothing can append between reading and writing.
    pub(crate) fn read(conn: &Connection, sealer: &Sealer) -> Result<Self> {
        let (seq, link) = super::chain_head(conn)?;
        Ok(Self { seq, link, last_recorded_at: last_recorded_at(conn, sealer)? })
    }

    /// As [`ChainHead::read`], but without decrypting anything when the ledger still ends
    /// with `remembered`, a head this process wrote (see [`HeadCache`]).
    fn read_reusing(conn: &Connection, sealer: &Sealer, remembered: ChainHead) -> Result<Self> {
        let head: Option<(i64, Vec<u8>, bool)> = conn
            .prepare_cached("SELECT seq, link, sealed IS NOT NULL FROM ledger ORDER BY seq DESC LIMIT 1")?
            .query_row([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .optional()?;
        match head {
            Some((seq, link, true)) if seq == remembered.seq && link[..] == remembered.link[..] => Ok(remembered),
            _ => Self::read(conn, sealer),
        }
    }
}

/// What the vault remembers of the chain head between appends, so that an append need not
/// read back and decrypt the previous record (for its `recorded_at`):
///
/// - Inside a [`Batch`] (one transaction: an import, `add_entries`) the head is carried from
///   one append to the next and trusted, because nothing else writes the ledger meanwhile.
/// - Otherwise the head this vault last wrote is remembered, and reused only if, read under
///   the write lock, the ledger still ends with exactly that seq and link and its body is
///   still there. The link commits to the body (and so to its `recorded_at`), so then the
///   remembered head is what [`ChainHead::read`] would return. Anything else (another
///   process appended, the transaction rolled back, a re-key, a purge) reads it afresh.
#[derive(Debug, Default)]
pub(crate) struct HeadCache {
    batch: RefCell<Option<ChainHead>>,
    last: Cell<Option<ChainHead>>,
}

impl HeadCache {
    /// Opens a batch inside the caller's transaction `conn`: the head is read once, now, under
    /// the write lock, and carried until the returned guard is dropped. While it is open, the
    /// ledger must be written only through [`HeadCache::append`] (no purge, no re-key), and
    /// the batch must end with the transaction: an import or `add_entries`, nothing else.
    pub(crate) fn begin(&self, conn: &Connection, sealer: &Sealer) -> Result<Batch<'_>> {
        let head = self.current(conn, sealer)?;
        *self.batch.borrow_mut() = Some(head);
        Ok(Batch(self))
    }

    /// Appends one record inside the caller's (immediate) transaction: after the carried
    /// head inside a batch, else after the head read under the write lock.
    pub(crate) fn append(
        &self,
        conn: &Connection,
        sealer: &Sealer,
        clock: &dyn Clock,
        event: Event,
    ) -> Result<Appended> {
        let mut batch = self.batch.borrow_mut();
        let appended = match batch.as_mut() {
            Some(head) => {
                let appended = append_at(conn, sealer, clock, head, event)?;
                self.last.set(Some(*head));
                appended
            }
            None => {
                let mut head = self.current(conn, sealer)?;
                // Forget the old head first: if the insert fails, nothing stale is kept.
                self.last.set(None);
                let appended = append_at(conn, sealer, clock, &mut head, event)?;
                self.last.set(Some(head));
                appended
            }
        };
        Ok(appended)
    }

    fn current(&self, conn: &Connection, sealer: &Sealer) -> Result<ChainHead> {
        match self.last.get() {
            Some(remembered) => ChainHead::read_reusing(conn, sealer, remembered),
            None => ChainHead::read(conn, sealer),
        }
    }
}

/// An open batch; dropping it forgets the carried head, so the next append checks it again.
#[derive(Debug)]
#[must_use = "the batch ends when this is dropped"]
pub(crate) struct Batch<'a>(&'a HeadCache);

impl Drop for Batch<'_> {
    fn drop(&mut self) {
        *self.0.batch.borrow_mut() = None;
    }
}

/// Appends one record inside the caller's (immediate) transaction: the head is read under
/// the write lock, so two writers can never fork the chain.
pub(crate) fn append(conn: &Connection, sealer: &Sealer, clock: &dyn Clock, event: Event) -> Result<Appended> {
    let mut head = ChainHead::read(conn, sealer)?;
    append_at(conn, sealer, clock, &mut head, event)
}

/// Appends one record after `head` and moves `head` on to it. `head` must be what
/// [`ChainHead::read`] would return now: either just read, or carried from the previous
/// `append_at` in the same transaction with nothing else writing the ledger in between. That
/// is how a batch (an import, `add_entries`) avoids re-reading and decrypting the previous
/// record for every new one, while computing exactly what [`append`] computes.
pub(crate) fn append_at(
    conn: &Connection,
    sealer: &Sealer,
    clock: &dyn Clock,
    head: &mut ChainHead,
    event: Event,
) -> Result<Appended> {
    let salt: [u8; 32] = random_array();
    write_record(conn, sealer, clock.now(), head, event, salt)
}

/// The one place a record is built and inserted. `head` moves on only once the row is in.
fn write_record(
    conn: &Connection,
    sealer: &Sealer,
    now: DateTime<Utc>,
    head: &mut ChainHead,
    event: Event,
    salt: [u8; 32],
) -> Result<Appended> {
    let body = RecordBody {
        v: BODY_VERSION,
        recorded_at: now,
        clock_went_backwards: head.last_recorded_at.is_some_and(|p| now < p),
        event,
    };
    // Salt and body go into one buffer: the body is serialised straight after the salt, so
    // the plaintext to seal needs no second copy.
    let mut plain = Zeroizing::new(Vec::with_capacity(1024));
    plain.extend_from_slice(&salt);
    serde_json::to_writer(&mut *plain, &body)
        .map_err(|e| VaultError::InvalidInput(format!("cannot encode record: {e}")))?;
    let commitment = chain::commitment(&salt, &plain[32..]);
    let seq = head.seq + 1;
    let link = chain::link(seq, &head.link, &commitment);
    let sealed = sealer.seal(Place::ledger(seq), &plain);
    // Cached statements (here and in `last_recorded_at`): a bulk import appends thousands
    // of records in one transaction, and parsing the SQL each time cost more than the rest.
    conn.prepare_cached("INSERT INTO ledger (seq, prev_link, commitment, link, sealed) VALUES (?1, ?2, ?3, ?4, ?5)")?
        .execute(params![seq, &head.link[..], &commitment[..], &link[..], sealed])?;
    *head = ChainHead { seq, link, last_recorded_at: Some(now) };
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

#[cfg(test)]
mod tests {
    use casebook_crypto::SecretKey;
    use chrono::Duration;

    use super::*;

    fn ledger_db() -> Connection {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(include_str!("../../migrations/0001_vault.sql")).unwrap();
        conn
    }

    type Row = (i64, Vec<u8>, Vec<u8>, Vec<u8>, Option<Vec<u8>>);

    fn rows(conn: &Connection, sealer: &Sealer) -> Vec<Row> {
        let mut stmt =
            conn.prepare("SELECT seq, prev_link, commitment, link, sealed FROM ledger ORDER BY seq").unwrap();
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))).unwrap();
        // The envelope's nonce is random, so compare what it holds: salt and exact body bytes.
        rows.map(|r| {
            let (seq, prev, commitment, link, sealed): Row = r.unwrap();
            let plain = sealed.map(|s| sealer.open(Place::ledger(seq), &s).unwrap().to_vec());
            (seq, prev, commitment, link, plain)
        })
        .collect()
    }

    /// (clock, event, salt) for each record: the clock moves forward, stands still and goes
    /// back, so `clock_went_backwards` is exercised too.
    fn script() -> Vec<(DateTime<Utc>, Event, [u8; 32])> {
        let t0: DateTime<Utc> = "2026-03-01T21:00:00Z".parse().unwrap();
        let minutes = [0, 1, 1, -5, 2, 3, -1, 10];
        minutes
            .iter()
            .enumerate()
            .map(|(i, m)| {
                let event = if i % 2 == 0 {
                    Event::PassphraseChanged
                } else {
                    Event::EntryRetracted { entry_id: i as i64, reason: format!("reason {i}") }
                };
                (t0 + Duration::minutes(*m), event, [i as u8 + 1; 32])
            })
            .collect()
    }

    #[test]
    fn a_batch_writes_byte_for_byte_what_single_appends_write() {
        let sealer = Sealer::new(SecretKey::from_bytes([9; 32]), [4; 16]);
        let (single, batch) = (ledger_db(), ledger_db());
        // Both start from the same non-empty ledger whose newest record was purged, so the
        // head's `last_recorded_at` comes from an older record.
        for conn in [&single, &batch] {
            let mut head = ChainHead::read(conn, &sealer).unwrap();
            let t: DateTime<Utc> = "2026-03-01T21:30:00Z".parse().unwrap();
            write_record(conn, &sealer, t, &mut head, Event::PassphraseChanged, [0xAA; 32]).unwrap();
            let t: DateTime<Utc> = "2026-03-01T20:00:00Z".parse().unwrap();
            write_record(conn, &sealer, t, &mut head, Event::MasterKeyRotated, [0xBB; 32]).unwrap();
            conn.execute("UPDATE ledger SET sealed = NULL WHERE seq = 2", []).unwrap();
        }

        for (now, event, salt) in script() {
            let mut head = ChainHead::read(&single, &sealer).unwrap();
            write_record(&single, &sealer, now, &mut head, event, salt).unwrap();
        }
        let mut head = ChainHead::read(&batch, &sealer).unwrap();
        for (now, event, salt) in script() {
            write_record(&batch, &sealer, now, &mut head, event, salt).unwrap();
            // The head carried in memory is exactly what reading it back gives.
            assert_eq!(head, ChainHead::read(&batch, &sealer).unwrap());
        }

        let (a, b) = (rows(&single, &sealer), rows(&batch, &sealer));
        assert_eq!(a.len(), 10);
        assert_eq!(a, b);
        // And the chain is a chain: each prev_link is the previous link, each link recomputes.
        let mut prev = chain::GENESIS.to_vec();
        for (seq, prev_link, commitment, link, _) in &a {
            assert_eq!(prev_link, &prev, "seq {seq}");
            let c: chain::Hash = commitment.as_slice().try_into().unwrap();
            assert_eq!(link.as_slice(), chain::link(*seq, &prev_link.as_slice().try_into().unwrap(), &c));
            prev = link.clone();
        }
        // Seq 3 (21:00) is flagged against seq 1 (21:30), the newest record with a body; had
        // the purged seq 2 (20:00) been used it would not be. Then 20:55 and 20:59 go back.
        let flag: &[u8] = b"\"clock_went_backwards\":true";
        let flagged: Vec<i64> = a
            .iter()
            .filter(|r| r.4.as_ref().is_some_and(|p| p.windows(flag.len()).any(|w| w == flag)))
            .map(|r| r.0)
            .collect();
        assert_eq!(flagged, vec![3, 6, 9]);
    }

    #[test]
    fn a_remembered_head_is_used_only_while_the_ledger_still_ends_with_it() {
        let sealer = Sealer::new(SecretKey::from_bytes([5; 32]), [6; 16]);
        let conn = ledger_db();
        let clock = crate::clock::ManualClock::new("2026-03-01T21:00:00Z".parse().unwrap());
        let cache = HeadCache::default();
        let agrees = |cache: &HeadCache| {
            assert_eq!(cache.current(&conn, &sealer).unwrap(), ChainHead::read(&conn, &sealer).unwrap());
        };
        cache.append(&conn, &sealer, &clock, Event::PassphraseChanged).unwrap();
        agrees(&cache);
        // Another writer (another process) appends: the remembered head is stale.
        clock.advance(Duration::minutes(5));
        append(&conn, &sealer, &clock, Event::PassphraseChanged).unwrap();
        agrees(&cache);
        // Our append in a transaction that rolls back.
        conn.execute_batch("BEGIN IMMEDIATE").unwrap();
        clock.advance(Duration::minutes(5));
        cache.append(&conn, &sealer, &clock, Event::PassphraseChanged).unwrap();
        agrees(&cache);
        conn.execute_batch("ROLLBACK").unwrap();
        agrees(&cache);
        // The head's body erased (as a purge does before its own record): the newest body
        // is older, and a clock set between the two is not flagged as going backwards.
        // (Seq 2 is at 21:05; seq 3, erased, at 21:20; the new record at 21:10.)
        clock.set("2026-03-01T21:20:00Z".parse().unwrap());
        cache.append(&conn, &sealer, &clock, Event::PassphraseChanged).unwrap();
        conn.execute("UPDATE ledger SET sealed = NULL WHERE seq = 3", []).unwrap();
        agrees(&cache);
        clock.set("2026-03-01T21:10:00Z".parse().unwrap());
        let rec = cache.append(&conn, &sealer, &clock, Event::PassphraseChanged).unwrap();
        assert_eq!(rec.seq, 4);
        assert!(!super::super::read_body(&conn, &sealer, 4).unwrap().unwrap().body.clock_went_backwards);
        agrees(&cache);
        // A batch carries on from the remembered head, and leaves it remembered.
        {
            let _batch = cache.begin(&conn, &sealer).unwrap();
            for _ in 0..3 {
                cache.append(&conn, &sealer, &clock, Event::PassphraseChanged).unwrap();
            }
        }
        agrees(&cache);
        assert_eq!(cache.last.get().map(|h| h.seq), Some(7));
    }

    #[test]
    fn append_at_with_a_carried_head_matches_append() {
        let sealer = Sealer::new(SecretKey::from_bytes([5; 32]), [6; 16]);
        let conn = ledger_db();
        let clock = crate::clock::ManualClock::new("2026-03-01T21:00:00Z".parse().unwrap());
        append(&conn, &sealer, &clock, Event::PassphraseChanged).unwrap();
        let mut head = ChainHead::read(&conn, &sealer).unwrap();
        for step in [3, -2, 4] {
            clock.advance(Duration::minutes(step));
            let rec = append_at(&conn, &sealer, &clock, &mut head, Event::PassphraseChanged).unwrap();
            assert_eq!((rec.seq, Some(rec.recorded_at)), (head.seq, head.last_recorded_at));
            assert_eq!(head, ChainHead::read(&conn, &sealer).unwrap());
        }
        let body = super::super::read_body(&conn, &sealer, 3).unwrap().unwrap().body;
        assert!(body.clock_went_backwards);
    }
}
