//! The orders and breaches as the ledger states them, folded from its records in order. One
//! fold for every reader (the lists, the writers' checks, `check`, the pack), so a record that
//! does not hold together (a variation naming an order this vault never made, a second order
//! with the same number) is refused the same way everywhere.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::Connection;

use super::{Breach, Discharge, Order, OrderRef, OrderVersion, Service};
use crate::error::{Result, VaultError};
use crate::ledger::{Event, RecordBody, chain, fold_live};
use crate::vault::seal::Sealer;

/// Orders by number, and the latest breach record per (entry, order).
#[derive(Debug, Default, Clone)]
pub(crate) struct OrderBook {
    pub orders: BTreeMap<i64, Order>,
    pub breaches: BTreeMap<(i64, i64), Breach>,
}

impl OrderBook {
    /// Reads every record of the vault (purged ones have nothing to say).
    pub fn read(conn: &Connection, sealer: &Sealer) -> Result<Self> {
        let mut book = Self::default();
        fold_live(conn, sealer, |seq, link, body| book.observe(seq, link, body))?;
        Ok(book)
    }

    /// The next order's number.
    pub fn next_id(&self) -> i64 {
        self.orders.keys().next_back().copied().unwrap_or(0) + 1
    }

    /// The order numbered `id`.
    pub fn get(&self, id: i64) -> Result<&Order> {
        self.orders.get(&id).ok_or(VaultError::UnknownOrder(id))
    }

    /// Takes in record `seq` (whose link is `link`); says what does not hold together.
    pub fn observe(&mut self, seq: i64, link: &chain::Hash, body: &RecordBody) -> std::result::Result<(), String> {
        let at = body.recorded_at;
        match &body.event {
            Event::OrderMade { order_id, order, served_on } => {
                if *order_id != self.next_id() {
                    return Err(format!("the record makes order {order_id}, but the next order is {}", self.next_id()));
                }
                let served = served_on.map(|on| Service { on, seq });
                self.orders.insert(
                    *order_id,
                    Order {
                        id: *order_id,
                        reference: OrderRef { order_id: *order_id, seq, link: hex::encode(link) },
                        recorded_at: at,
                        versions: vec![OrderVersion {
                            seq,
                            recorded_at: at,
                            from: order.made_on,
                            reason: None,
                            details: order.clone(),
                        }],
                        served,
                        discharged: None,
                    },
                );
            }
            Event::OrderVaried { of, varied_on, reason, order } => {
                let o = self.resolve(of)?;
                not_before(o, *varied_on, "varied")?;
                if o.discharged.is_some() {
                    return Err(format!("order {} is varied after it was discharged", o.id));
                }
                o.versions.push(OrderVersion {
                    seq,
                    recorded_at: at,
                    from: *varied_on,
                    reason: Some(reason.clone()),
                    details: order.clone(),
                });
            }
            Event::OrderServed { of, served_on } => {
                let o = self.resolve(of)?;
                not_before(o, *served_on, "served")?;
                o.served = Some(Service { on: *served_on, seq });
            }
            Event::OrderDischarged { of, discharged_on, reason } => {
                let o = self.resolve(of)?;
                not_before(o, *discharged_on, "discharged")?;
                if o.discharged.is_some() {
                    return Err(format!("order {} is discharged twice", o.id));
                }
                o.discharged = Some(Discharge { on: *discharged_on, reason: reason.clone(), seq });
            }
            Event::BreachMarked { entry_id, of, term_ids, reported, police_reference } => {
                let order_id = self.resolve(of)?.id;
                let breach = Breach {
                    seq,
                    recorded_at: at,
                    entry_id: *entry_id,
                    order_id,
                    term_ids: term_ids.clone(),
                    reported: *reported,
                    police_reference: police_reference.clone(),
                };
                if term_ids.is_empty() {
                    self.breaches.remove(&(*entry_id, order_id));
                } else {
                    self.breaches.insert((*entry_id, order_id), breach);
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// The order `of` names: its number, record and that record's link must all be this
    /// vault's, so a record written against an order of another vault (or a forged one) names
    /// nothing here.
    fn resolve(&mut self, of: &OrderRef) -> std::result::Result<&mut Order, String> {
        match self.orders.get_mut(&of.order_id) {
            Some(o) if o.reference == *of => Ok(o),
            _ => Err(format!(
                "the record refers to order {} (record {}), which is not an order of this vault",
                of.order_id, of.seq
            )),
        }
    }
}

fn not_before(o: &Order, on: NaiveDate, what: &str) -> std::result::Result<(), String> {
    let made = o.made_on();
    if on < made {
        return Err(format!("order {} is {what} on {on}, before it was made ({made})", o.id));
    }
    Ok(())
}

/// The vault clock's date, for refusing dates in the future. A day's grace: the person's own
/// date can be a day ahead of UTC's.
pub(crate) fn latest_allowed(now: DateTime<Utc>) -> NaiveDate {
    now.date_naive() + chrono::Days::new(1)
}
