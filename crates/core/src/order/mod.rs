//! Orders that protect the person (an interim or full Stalking Protection Order, a
//! non-molestation or restraining order, an injunction, bail conditions), and the entries that
//! breach them.
//!
//! Breaching a Stalking Protection Order without reasonable excuse is an offence (Stalking
//! Protection Act 2019, s.8), as is breaching a non-molestation order (Family Law Act 1996,
//! s.42A, only for conduct while the person knew of the order) or a restraining order. To
//! prosecute a breach, the police must show the order and its terms, that it had been served
//! (or the person restrained knew of it), the act, and the absence of a reasonable excuse. The
//! first three are what Casebook can keep: each order with its terms and dates as ledger
//! records, its service as a dated record, and each breach as a record tying an entry to the
//! terms it engages, with whether the entry came before the order was served. Reasonable excuse
//! is for the court; Casebook records nothing about it.
//!
//! Everything is a ledger record, sealed like every other (docs/FORMAT.md, "Orders and
//! breaches"): `order_made`, then `order_varied`, `order_served` and `order_discharged`, each
//! naming the order by [`OrderRef`] (its number, and its `order_made` record's seq and link);
//! `breach_marked` is one of the entry's own records, so the entry itself is never rewritten,
//! an export scoped to some entries discloses only their breaches, and a purge takes it.
//!
//! One job per file: `model.rs` what an order says; `book.rs` the orders and breaches folded
//! from the ledger; `write.rs` recording orders; `breach.rs` marking and reading breaches.

mod book;
mod breach;
mod model;
mod write;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

pub(crate) use book::{OrderBook, latest_allowed};
pub use breach::{BreachInput, BreachTerm, BreachView, ServiceStatus, Suggestion, presets_for};
pub use model::{
    MAX_ORDER_TEXT_CHARS, MAX_TERM_CHARS, MAX_TERMS, OrderDetails, OrderInput, OrderKind, OrderTerm, TermInput,
    TermPreset,
};

/// How a later record names an order: its number, and the seq and link of its `order_made`
/// record. The link ties the reference to this vault's chain: a record naming an order of
/// another vault, even one with the same number and seq, does not resolve here.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderRef {
    /// The order's number.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub order_id: i64,
    /// Its `order_made` record.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub seq: i64,
    /// That record's link, hex.
    pub link: String,
}

/// One version of an order: as made, or as varied from a date.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, optional_fields = nullable))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderVersion {
    /// Its record.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub seq: i64,
    /// When it was recorded (the vault clock).
    pub recorded_at: DateTime<Utc>,
    /// The date it took effect (the date made, or of the variation).
    pub from: NaiveDate,
    /// Why it was varied; absent for the order as made.
    pub reason: Option<String>,
    /// The order as it read from that date.
    pub details: OrderDetails,
}

/// When an order was served.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Service {
    /// The date of service.
    pub on: NaiveDate,
    /// The record that says so.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub seq: i64,
}

/// When and why an order was discharged.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Discharge {
    /// The date it ended.
    pub on: NaiveDate,
    /// Why.
    pub reason: String,
    /// The record that says so.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub seq: i64,
}

/// An order with its history.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, optional_fields = nullable))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Order {
    /// Its number in this vault.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub id: i64,
    /// How records name it.
    pub reference: OrderRef,
    /// When it was recorded.
    pub recorded_at: DateTime<Utc>,
    /// As made, then each variation, oldest first (never empty).
    pub versions: Vec<OrderVersion>,
    /// When it was served, if recorded.
    pub served: Option<Service>,
    /// When it was discharged, if it was.
    pub discharged: Option<Discharge>,
}

/// Where an order stands on a given day.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrderStatus {
    /// Made, not yet recorded as served.
    NotYetServed,
    /// Made, served, not ended.
    InForce,
    /// Past its end date.
    Expired,
    /// Discharged by the court.
    Discharged,
}

impl OrderStatus {
    /// In words.
    pub fn label(self) -> &'static str {
        match self {
            OrderStatus::NotYetServed => "made, not yet served",
            OrderStatus::InForce => "in force",
            OrderStatus::Expired => "expired",
            OrderStatus::Discharged => "discharged",
        }
    }
}

impl Order {
    /// The order as it now reads.
    pub fn current(&self) -> &OrderDetails {
        &self.latest().details
    }

    fn latest(&self) -> &OrderVersion {
        self.versions.last().unwrap_or_else(|| unreachable!("an order has the version it was made with"))
    }

    /// The date it was made.
    pub fn made_on(&self) -> NaiveDate {
        self.versions.first().map_or(NaiveDate::MIN, |v| v.details.made_on)
    }

    /// The date it was served, if recorded.
    pub fn served_on(&self) -> Option<NaiveDate> {
        self.served.map(|s| s.on)
    }

    /// The version in force on `day`, if the order was in force then (made, not yet ended by
    /// its end date or a discharge). Service is not part of this: an order binds from when it
    /// is made, and whether the person restrained knew of it is shown beside each breach.
    pub fn in_force_on(&self, day: NaiveDate) -> Option<&OrderVersion> {
        if day < self.made_on() || self.discharged.as_ref().is_some_and(|d| day >= d.on) {
            return None;
        }
        let version = self.versions.iter().rev().find(|v| v.from <= day)?;
        match version.details.expires_on {
            Some(end) if day > end => None,
            _ => Some(version),
        }
    }

    /// Why the order was not in force on `day`, in words; `None` when it was.
    pub fn not_in_force_because(&self, day: NaiveDate) -> Option<String> {
        let id = self.id;
        if day < self.made_on() {
            return Some(format!("order {id} was made on {}, after {day}", self.made_on()));
        }
        if let Some(d) = self.discharged.as_ref().filter(|d| day >= d.on) {
            return Some(format!("order {id} was discharged on {}, before {day}", d.on));
        }
        match self.in_force_on(day) {
            Some(_) => None,
            None => {
                let end = self.versions.iter().rev().find(|v| v.from <= day).and_then(|v| v.details.expires_on);
                Some(match end {
                    Some(end) => format!("order {id} ended on {end}, before {day}"),
                    None => format!("order {id} was not in force on {day}"),
                })
            }
        }
    }

    /// Where it stands on `today`.
    pub fn status(&self, today: NaiveDate) -> OrderStatus {
        if self.discharged.as_ref().is_some_and(|d| today >= d.on) {
            return OrderStatus::Discharged;
        }
        if self.current().expires_on.is_some_and(|end| today > end) {
            return OrderStatus::Expired;
        }
        match self.served {
            Some(_) => OrderStatus::InForce,
            None => OrderStatus::NotYetServed,
        }
    }

    /// Every term the order has ever had, each in its latest wording (for numbering new terms
    /// and for naming a term a breach refers to after it was varied away).
    pub fn all_terms(&self) -> Vec<OrderTerm> {
        let mut out: Vec<OrderTerm> = Vec::new();
        for v in &self.versions {
            for t in &v.details.terms {
                match out.iter_mut().find(|o| o.id == t.id) {
                    Some(o) => *o = t.clone(),
                    None => out.push(t.clone()),
                }
            }
        }
        out.sort_by_key(|t| t.id);
        out
    }
}

/// A breach as recorded: an entry, an order, the terms it engages.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, optional_fields = nullable))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Breach {
    /// Its latest `breach_marked` record.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub seq: i64,
    /// When that was recorded.
    pub recorded_at: DateTime<Utc>,
    /// The entry.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub entry_id: i64,
    /// The order.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub order_id: i64,
    /// The terms, by number.
    pub term_ids: Vec<u32>,
    /// Reported to the police.
    pub reported: bool,
    /// The police reference.
    pub police_reference: Option<String>,
}

#[cfg(test)]
mod tests;
