//! Breaches: an entry marked as engaging terms of an order in force at its time. The mark is
//! a `breach_marked` record of the entry's own (the entry is not rewritten); the view beside
//! it says, from the entry's date and the order's service, whether it came before the order
//! was served, which is what a prosecution of the breach turns on.

use chrono::NaiveDate;
use rusqlite::params;
use serde::{Deserialize, Serialize};

use super::book::OrderBook;
use super::model::{MAX_ORDER_TEXT_CHARS, TermPreset, tidy_optional};
use super::{Breach, Order};
use crate::diary::entry_row;
use crate::error::{Result, VaultError};
use crate::ledger::{Event, read_body};
use crate::model::{EntryFields, EntryKind, OccurredAt};
use crate::query::EntryVersion;
use crate::vault::Vault;

/// What the person gives to mark a breach (or change one: the latest mark for an entry and an
/// order is the one that counts).
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, optional_fields = nullable))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BreachInput {
    /// The entry.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub entry_id: i64,
    /// The order.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub order_id: i64,
    /// The terms the entry engages, by number (at least one).
    pub term_ids: Vec<u32>,
    /// Whether it was reported to the police.
    #[serde(default)]
    pub reported: bool,
    /// The police reference, if one was given.
    #[serde(default)]
    pub police_reference: Option<String>,
}

/// When the entry happened, against when the order was served.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ServiceStatus {
    /// After the day of service.
    AfterService,
    /// On the day of service (the time of service decides; Casebook keeps only its date).
    DayOfService,
    /// Before the order was served.
    BeforeService,
    /// The order is not recorded as served.
    NotServed,
}

impl ServiceStatus {
    /// Of an entry on `day`, for an order served on `served_on`.
    pub fn of(day: NaiveDate, served_on: Option<NaiveDate>) -> Self {
        match served_on {
            None => ServiceStatus::NotServed,
            Some(s) if day < s => ServiceStatus::BeforeService,
            Some(s) if day == s => ServiceStatus::DayOfService,
            Some(_) => ServiceStatus::AfterService,
        }
    }

    /// In words, for a flag beside the breach; empty after service.
    pub fn flag(self) -> &'static str {
        match self {
            ServiceStatus::AfterService => "",
            ServiceStatus::DayOfService => "on the day the order was served",
            ServiceStatus::BeforeService => "before the order was served",
            ServiceStatus::NotServed => "the order is not recorded as served",
        }
    }
}

/// One term a breach engages, as worded.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BreachTerm {
    /// Its number.
    pub id: u32,
    /// Its wording when the entry happened.
    pub text: String,
    /// The order was later varied so that this term no longer reads so (or was removed).
    pub later_varied: bool,
}

/// A breach as the lists and the report show it.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, optional_fields = nullable))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BreachView {
    /// The record.
    pub breach: Breach,
    /// When the entry happened.
    pub occurred: OccurredAt,
    /// The entry's kind.
    pub kind: EntryKind,
    /// The entry's title.
    pub title: String,
    /// The order, in words ("Interim Stalking Protection Order, Anytown Magistrates' Court").
    pub order: String,
    /// The terms.
    pub terms: Vec<BreachTerm>,
    /// Before, on or after the day of service.
    pub service: ServiceStatus,
}

impl BreachView {
    /// The view of `breach` of `order` by an entry that now reads `fields`: one rule for the
    /// lists and the pack.
    pub fn of(order: &Order, breach: &Breach, fields: &EntryFields) -> Self {
        let day = fields.occurred.start.date_naive();
        // The order as it read on the entry's day; an entry whose date was corrected to outside
        // the order's period keeps its terms, worded as the order first read.
        let then = order.in_force_on(day).or(order.versions.first());
        let now = order.current();
        let every = order.all_terms();
        let terms = breach
            .term_ids
            .iter()
            .map(|id| {
                let at_time = then.and_then(|v| v.details.terms.iter().find(|t| t.id == *id));
                let text = at_time
                    .or_else(|| every.iter().find(|t| t.id == *id))
                    .map_or_else(|| format!("term {id}"), |t| t.text.clone());
                let later_varied = now.terms.iter().find(|t| t.id == *id).is_none_or(|t| t.text != text);
                BreachTerm { id: *id, text, later_varied }
            })
            .collect();
        BreachView {
            breach: breach.clone(),
            occurred: fields.occurred.clone(),
            kind: fields.kind,
            title: fields.title.clone(),
            order: format!("{}, {}", now.kind.label(), now.court),
            terms,
            service: ServiceStatus::of(day, order.served_on()),
        }
    }
}

/// A term the app offers to tick for an entry, from the entry's kind.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Suggestion {
    /// The order.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub order_id: i64,
    /// The term.
    pub term_id: u32,
    /// Its wording.
    pub text: String,
}

/// The preset terms an entry of `kind` is likely to engage: a call or a message engages no
/// contact; a post, no social media; contact through others, that term; being seen or
/// approached, an exclusion zone or a distance; following, monitoring.
pub fn presets_for(kind: EntryKind) -> &'static [TermPreset] {
    use TermPreset as T;
    match kind {
        EntryKind::Call
        | EntryKind::TextMessage
        | EntryKind::Email
        | EntryKind::Voicemail
        | EntryKind::LetterGiftDelivery
        | EntryKind::Threat => &[T::NoContact],
        EntryKind::SocialMedia => &[T::NoContact, T::NoSocialMedia],
        EntryKind::ThirdPartyContact => &[T::NoContactThroughOthers],
        EntryKind::Sighting | EntryKind::ApproachVisit => &[T::ExclusionZone, T::KeepAway, T::NoContact],
        EntryKind::Following => &[T::NoMonitoring, T::KeepAway, T::ExclusionZone],
        EntryKind::PropertyDamage => &[T::ExclusionZone, T::KeepAway],
        EntryKind::Report | EntryKind::Other => &[],
    }
}

/// The entry's current version, refused when it was purged or withdrawn.
fn current_fields(conn: &rusqlite::Connection, v: &Vault, entry_id: i64) -> Result<EntryFields> {
    let row = entry_row(conn, entry_id)?;
    if row.purge_seq.is_some() {
        return Err(VaultError::Purged(entry_id));
    }
    if row.retract_seq.is_some() {
        return Err(VaultError::InvalidInput(format!(
            "entry {entry_id} was retracted; it cannot be marked as a breach"
        )));
    }
    read_body(conn, &v.sealer, row.head_seq)?
        .and_then(|rec| EntryVersion::of_record(row.head_seq, &rec.body))
        .map(|version| version.fields)
        .ok_or(VaultError::Corrupt { seq: Some(row.head_seq), detail: "the entry's latest version is missing".into() })
}

impl Vault {
    /// Marks entry `input.entry_id` as breaching terms of order `input.order_id` (or changes
    /// how it is marked). Refused, with the reason, when the order was not in force on the
    /// entry's date or a term was not one of the order's then.
    pub fn mark_breach(&mut self, input: BreachInput) -> Result<BreachView> {
        let police_reference = tidy_optional("the police reference", input.police_reference, MAX_ORDER_TEXT_CHARS)?;
        let mut term_ids = input.term_ids;
        term_ids.sort_unstable();
        term_ids.dedup();
        if term_ids.is_empty() {
            return Err(VaultError::InvalidInput("name at least one term of the order that the entry breaches".into()));
        }
        let (entry_id, order_id) = (input.entry_id, input.order_id);
        self.write(|tx, v| {
            let fields = current_fields(tx, v, entry_id)?;
            let book = OrderBook::read(tx, &v.sealer)?;
            let order = book.get(order_id)?;
            let day = fields.occurred.start.date_naive();
            if let Some(why) = order.not_in_force_because(day) {
                return Err(VaultError::InvalidInput(format!("entry {entry_id} cannot breach it: {why}")));
            }
            let then = order
                .in_force_on(day)
                .ok_or_else(|| VaultError::InvalidInput(format!("order {order_id} was not in force on {day}")))?;
            for id in &term_ids {
                if !then.details.terms.iter().any(|t| t.id == *id) {
                    let known: Vec<String> = then.details.terms.iter().map(|t| t.id.to_string()).collect();
                    return Err(VaultError::InvalidInput(format!(
                        "order {order_id} had no term {id} on {day} (its terms then: {})",
                        known.join(", ")
                    )));
                }
            }
            let rec = v.append(
                tx,
                Event::BreachMarked {
                    entry_id,
                    of: order.reference.clone(),
                    term_ids: term_ids.clone(),
                    reported: input.reported,
                    police_reference: police_reference.clone(),
                },
            )?;
            tx.execute("INSERT INTO entry_records (entry_id, seq) VALUES (?1, ?2)", params![entry_id, rec.seq])?;
            let breach = Breach {
                seq: rec.seq,
                recorded_at: rec.recorded_at,
                entry_id,
                order_id,
                term_ids,
                reported: input.reported,
                police_reference,
            };
            Ok(BreachView::of(order, &breach, &fields))
        })
    }

    /// Withdraws the breach marked for entry `entry_id` against order `order_id` (a record
    /// that marks no terms; the earlier marks stay in the chain).
    pub fn unmark_breach(&mut self, entry_id: i64, order_id: i64) -> Result<()> {
        self.write(|tx, v| {
            let book = OrderBook::read(tx, &v.sealer)?;
            let order = book.get(order_id)?;
            if !book.breaches.contains_key(&(entry_id, order_id)) {
                return Err(VaultError::InvalidInput(format!(
                    "entry {entry_id} is not marked as breaching order {order_id}"
                )));
            }
            let rec = v.append(
                tx,
                Event::BreachMarked {
                    entry_id,
                    of: order.reference.clone(),
                    term_ids: Vec::new(),
                    reported: false,
                    police_reference: None,
                },
            )?;
            tx.execute("INSERT INTO entry_records (entry_id, seq) VALUES (?1, ?2)", params![entry_id, rec.seq])?;
            Ok(())
        })
    }

    /// Every breach marked, in the order the entries happened. A breach whose entry was
    /// withdrawn since is left out.
    pub fn breaches(&self) -> Result<Vec<BreachView>> {
        self.breaches_where(|_| true)
    }

    /// The breaches marked on entry `entry_id` (the entry's screen), reading no other entry.
    pub fn entry_breaches(&self, entry_id: i64) -> Result<Vec<BreachView>> {
        self.breaches_where(|b| b.entry_id == entry_id)
    }

    fn breaches_where(&self, keep: impl Fn(&Breach) -> bool) -> Result<Vec<BreachView>> {
        let book = OrderBook::read(&self.conn, &self.sealer)?;
        let mut out = Vec::new();
        for breach in book.breaches.values().filter(|b| keep(b)) {
            let fields = match current_fields(&self.conn, self, breach.entry_id) {
                Ok(fields) => fields,
                Err(VaultError::Purged(_) | VaultError::InvalidInput(_)) => continue,
                Err(e) => return Err(e),
            };
            out.push(BreachView::of(book.get(breach.order_id)?, breach, &fields));
        }
        out.sort_by(|a, b| a.occurred.start.cmp(&b.occurred.start).then(a.breach.entry_id.cmp(&b.breach.entry_id)));
        Ok(out)
    }

    /// The terms entry `entry_id` is likely to breach, from its kind, among the orders in force
    /// on its date; the person confirms before anything is marked.
    pub fn breach_suggestions(&self, entry_id: i64) -> Result<Vec<Suggestion>> {
        let fields = current_fields(&self.conn, self, entry_id)?;
        let day = fields.occurred.start.date_naive();
        let presets = presets_for(fields.kind);
        let book = OrderBook::read(&self.conn, &self.sealer)?;
        let mut out = Vec::new();
        for order in book.orders.values() {
            let Some(version) = order.in_force_on(day) else { continue };
            for preset in presets {
                for term in version.details.terms.iter().filter(|t| t.preset == Some(*preset)) {
                    if !out.iter().any(|s: &Suggestion| s.order_id == order.id && s.term_id == term.id) {
                        out.push(Suggestion { order_id: order.id, term_id: term.id, text: term.text.clone() });
                    }
                }
            }
        }
        Ok(out)
    }
}
