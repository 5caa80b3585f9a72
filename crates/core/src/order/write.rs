//! Recording orders: made, varied, served, discharged. Each is one ledger record written in one
//! write transaction, after the orders as they stand were read under the same lock.

use chrono::NaiveDate;

use super::Order;
use super::book::{OrderBook, latest_allowed};
use super::model::{MAX_ORDER_TEXT_CHARS, OrderInput, details_of, tidy_text};
use crate::error::{Result, VaultError};
use crate::ledger::Event;
use crate::vault::Vault;

fn not_in_future(v: &Vault, what: &str, day: NaiveDate) -> Result<()> {
    let latest = latest_allowed(v.clock.now());
    if day > latest {
        return Err(VaultError::InvalidInput(format!("{what} ({day}) is in the future")));
    }
    Ok(())
}

fn reason_of(reason: &str) -> Result<String> {
    let reason = tidy_text("the reason", reason, MAX_ORDER_TEXT_CHARS)?;
    if reason.is_empty() {
        return Err(VaultError::InvalidInput("please give a reason; it is kept with the change".into()));
    }
    Ok(reason)
}

impl Vault {
    /// Every order recorded, oldest first, with its history.
    pub fn orders(&self) -> Result<Vec<Order>> {
        Ok(OrderBook::read(&self.conn, &self.sealer)?.orders.into_values().collect())
    }

    /// The order numbered `id`.
    pub fn order(&self, id: i64) -> Result<Order> {
        OrderBook::read(&self.conn, &self.sealer)?.get(id).cloned()
    }

    /// Records a new order and returns its number. The date made and of service may not be in
    /// the future, service not before the order was made, and the end date not before it either
    /// (an order that has already ended can still be recorded: breaches during it still count).
    pub fn add_order(&mut self, input: OrderInput) -> Result<i64> {
        let (order, served_on) = details_of(input, &[])?;
        self.write(|tx, v| {
            not_in_future(v, "the date the order was made", order.made_on)?;
            if let Some(s) = served_on {
                not_in_future(v, "the date of service", s)?;
            }
            let order_id = OrderBook::read(tx, &v.sealer)?.next_id();
            v.append(tx, Event::OrderMade { order_id, order, served_on })?;
            Ok(order_id)
        })
    }

    /// Records a variation of order `id`: `input` is the order as it reads from `varied_on`.
    /// Terms to keep carry their numbers; one left out is removed from that date, and breaches
    /// already marked against it keep it. The kind cannot change (an interim order followed by
    /// a full one is a new order), and a discharged order cannot be varied.
    pub fn vary_order(&mut self, id: i64, varied_on: NaiveDate, reason: &str, input: OrderInput) -> Result<()> {
        let reason = reason_of(reason)?;
        if input.served_on.is_some() {
            return Err(VaultError::InvalidInput(
                "a variation does not change when the order was served; record service with its own date".into(),
            ));
        }
        self.write(|tx, v| {
            let book = OrderBook::read(tx, &v.sealer)?;
            let order = book.get(id)?;
            if order.discharged.is_some() {
                return Err(VaultError::InvalidInput(format!("order {id} was discharged; it can no longer be varied")));
            }
            if input.kind != order.current().kind {
                return Err(VaultError::InvalidInput(format!(
                    "order {id} is a {}; an order of another kind that replaces it is a new order, recorded on its own",
                    order.current().kind.label()
                )));
            }
            if varied_on < order.made_on() {
                return Err(VaultError::InvalidInput(format!(
                    "order {id} cannot be varied ({varied_on}) before it was made ({})",
                    order.made_on()
                )));
            }
            not_in_future(v, "the date of the variation", varied_on)?;
            let (details, _) = details_of(input, &order.all_terms())?;
            v.append(tx, Event::OrderVaried { of: order.reference.clone(), varied_on, reason, order: details })?;
            Ok(())
        })
    }

    /// Records that order `id` was served on the person it restrains on `served_on`.
    pub fn serve_order(&mut self, id: i64, served_on: NaiveDate) -> Result<()> {
        self.write(|tx, v| {
            let book = OrderBook::read(tx, &v.sealer)?;
            let order = book.get(id)?;
            if let Some(s) = order.served {
                return Err(VaultError::InvalidInput(format!("order {id} is already recorded as served on {}", s.on)));
            }
            if served_on < order.made_on() {
                return Err(VaultError::InvalidInput(format!(
                    "the order cannot have been served ({served_on}) before it was made ({})",
                    order.made_on()
                )));
            }
            not_in_future(v, "the date of service", served_on)?;
            v.append(tx, Event::OrderServed { of: order.reference.clone(), served_on })?;
            Ok(())
        })
    }

    /// Records that order `id` was discharged on `discharged_on`.
    pub fn discharge_order(&mut self, id: i64, discharged_on: NaiveDate, reason: &str) -> Result<()> {
        let reason = reason_of(reason)?;
        self.write(|tx, v| {
            let book = OrderBook::read(tx, &v.sealer)?;
            let order = book.get(id)?;
            if let Some(d) = &order.discharged {
                return Err(VaultError::InvalidInput(format!("order {id} was already discharged on {}", d.on)));
            }
            if discharged_on < order.made_on() {
                return Err(VaultError::InvalidInput(format!(
                    "order {id} cannot be discharged ({discharged_on}) before it was made ({})",
                    order.made_on()
                )));
            }
            not_in_future(v, "the date of discharge", discharged_on)?;
            v.append(tx, Event::OrderDischarged { of: order.reference.clone(), discharged_on, reason })?;
            Ok(())
        })
    }
}
