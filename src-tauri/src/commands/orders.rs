//! Orders that protect the person and the entries that breach them, from Case details and an
//! entry's screen. The rules (dates, terms in force, suggestions) are core's (`order/`).

use casebook_core::order::Suggestion;
use casebook_core::{BreachInput, BreachView, Order, OrderInput};
use chrono::NaiveDate;
use tauri::State;

use crate::error::IpcResult;
use crate::state::AppState;

/// Every order recorded, oldest first, with its history.
#[tauri::command]
pub fn list_orders(state: State<'_, AppState>) -> IpcResult<Vec<Order>> {
    state.with_vault(|v| Ok(v.orders()?))
}

/// Records an order; resolves with its number once committed.
#[tauri::command]
pub fn add_order(state: State<'_, AppState>, input: OrderInput) -> IpcResult<i64> {
    state.with_vault(|v| Ok(v.add_order(input)?))
}

/// Records when order `id` was served.
#[tauri::command]
pub fn serve_order(state: State<'_, AppState>, id: i64, served_on: NaiveDate) -> IpcResult<()> {
    state.with_vault(|v| Ok(v.serve_order(id, served_on)?))
}

/// Records that order `id` reads as `input` from `varied_on`, for `reason`: kept terms carry
/// their numbers, a term left out is removed from that date (breaches marked on it keep it).
#[tauri::command]
pub fn vary_order(
    state: State<'_, AppState>,
    id: i64,
    varied_on: NaiveDate,
    reason: String,
    input: OrderInput,
) -> IpcResult<()> {
    state.with_vault(|v| Ok(v.vary_order(id, varied_on, &reason, input)?))
}

/// Records that order `id` was discharged on `discharged_on`, for `reason`.
#[tauri::command]
pub fn discharge_order(state: State<'_, AppState>, id: i64, discharged_on: NaiveDate, reason: String) -> IpcResult<()> {
    state.with_vault(|v| Ok(v.discharge_order(id, discharged_on, &reason)?))
}

/// The terms of orders in force at entry `entry_id`'s time that its kind usually engages.
#[tauri::command]
pub fn breach_suggestions(state: State<'_, AppState>, entry_id: i64) -> IpcResult<Vec<Suggestion>> {
    state.with_vault(|v| Ok(v.breach_suggestions(entry_id)?))
}

/// The breaches marked on entry `entry_id`.
#[tauri::command]
pub fn entry_breaches(state: State<'_, AppState>, entry_id: i64) -> IpcResult<Vec<BreachView>> {
    state.with_vault(|v| Ok(v.entry_breaches(entry_id)?))
}

/// Marks (or re-marks) an entry as breaching terms of an order; core refuses an entry outside
/// the order's period or a term it did not have then, with the reason.
#[tauri::command]
pub fn mark_breach(state: State<'_, AppState>, input: BreachInput) -> IpcResult<BreachView> {
    state.with_vault(|v| Ok(v.mark_breach(input)?))
}

/// Withdraws the mark (it stays in the record chain).
#[tauri::command]
pub fn unmark_breach(state: State<'_, AppState>, entry_id: i64, order_id: i64) -> IpcResult<()> {
    state.with_vault(|v| Ok(v.unmark_breach(entry_id, order_id)?))
}
