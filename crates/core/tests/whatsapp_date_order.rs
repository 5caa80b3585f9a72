//! A WhatsApp chat's dates decided by the file where it can be (issue 15, item 6): when no day is
//! above 12 and only one reading, day-first or month-first, keeps the messages in time order, that
//! reading is taken and the preview says so; the person is asked only when both readings keep the
//! order (or neither does). The chats are written as the phones write them (Android `d/m/y, H:M -`,
//! US Android `m/d/yy, h:mm AM -`).
#![allow(clippy::unwrap_used)] // test helpers: a panic is the failure report

mod common;

use std::path::{Path, PathBuf};

use casebook_core::import::{DateOrder, ImportError, ImportOptions, ImportSettings, preview};
use common::*;

fn write(dir: &Path, text: &str) -> PathBuf {
    let path = dir.join("WhatsApp Chat with Jon Doe.txt");
    std::fs::write(&path, text).unwrap();
    path
}

/// A British phone (day-first) over a month end: 12 March, then 1 and 2 April. Read month-first
/// the chat would run 3 December, then 4 January and 4 February of the same year: back in time.
const DAY_FIRST_ONLY: &str = "11/03/2026, 21:14 - Jon Doe: You can't hide from me\n\
                              12/03/2026, 08:02 - Jon Doe: I saw you at the station\n\
                              12/03/2026, 08:05 - Alice Smith: Please stop messaging me.\n\
                              01/04/2026, 07:30 - Jon Doe: Answer me\n\
                              02/04/2026, 22:10 - Jon Doe: I'm outside\n";

/// A US phone (month-first) over a month end: 3/11/26 is 11 March, then 1 and 2 April.
const MONTH_FIRST_ONLY: &str = "3/11/26, 9:14 PM - Jon Doe: You can't hide from me\n\
                                3/12/26, 8:02 AM - Jon Doe: I saw you at the station\n\
                                4/1/26, 7:30 AM - Jon Doe: Answer me\n\
                                4/2/26, 10:10 PM - Jon Doe: I'm outside\n";

const NOTE_DAY_FIRST: &str = "Dates read as day/month: the only order that keeps the chat in time order";

#[test]
fn whatsapp_only_the_day_first_reading_keeps_the_chat_in_order_so_it_is_taken_and_said() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), DAY_FIRST_ONLY);
    let p = preview(&path, &case_with_jon(), &utc_import_settings()).unwrap();
    assert_eq!(p.date_order_question, None, "nothing to ask");
    assert_eq!((p.date_order, p.date_order_by_time), (Some(DateOrder::DayFirst), true));
    assert!(p.notes.iter().any(|n| n.starts_with(NOTE_DAY_FIRST)), "{:?}", p.notes);
    assert_eq!(p.first_at, Some(t("2026-03-11T21:14:00+00:00")));
    assert_eq!(p.last_at, Some(t("2026-04-02T22:10:00+00:00")));

    // The import needs no answer, and the file's order wins over a wrong one.
    let mut tv = new_vault();
    tv.vault.set_case(case_with_jon()).unwrap();
    let wrong = ImportSettings { date_order: Some(DateOrder::MonthFirst), ..utc_import_settings() };
    let report = tv
        .vault
        .import(&path, &ImportOptions { settings: wrong, ..ImportOptions::default() }, &mut |_, _| true)
        .unwrap();
    assert_eq!(report.counts.imported, 4);
    let list = tv.vault.list_entries(&casebook_core::EntryFilter::default()).unwrap();
    assert!(list.iter().any(|e| e.fields.occurred.start == t("2026-04-01T07:30:00+00:00")), "1 April, not 4 January");
}

#[test]
fn whatsapp_only_the_month_first_reading_keeps_the_chat_in_order_so_it_is_taken_and_said() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), MONTH_FIRST_ONLY);
    let p = preview(&path, &case_with_jon(), &utc_import_settings()).unwrap();
    assert_eq!(p.date_order_question, None);
    assert_eq!((p.date_order, p.date_order_by_time), (Some(DateOrder::MonthFirst), true));
    assert!(
        p.notes
            .iter()
            .any(|n| n.starts_with("Dates read as month/day: the only order that keeps the chat in time order")),
        "{:?}",
        p.notes
    );
    assert_eq!(p.last_at, Some(t("2026-04-02T22:10:00+00:00")));
    let mut tv = new_vault();
    tv.vault.set_case(case_with_jon()).unwrap();
    let options = ImportOptions { settings: utc_import_settings(), ..ImportOptions::default() };
    assert_eq!(tv.vault.import(&path, &options, &mut |_, _| true).unwrap().counts.imported, 4);
}

/// A chat of a few days reads in order both ways (3 then 5 April, or 4 March then 4 May): still a
/// question, and the import refuses without an answer.
#[test]
fn whatsapp_when_both_readings_keep_the_order_the_person_is_still_asked() {
    let path = import_fixture("whatsapp-ambiguous-dates.txt");
    let p = preview(&path, &case_with_jon(), &utc_import_settings()).unwrap();
    assert!(p.date_order_question.is_some());
    assert!(!p.date_order_by_time);
    assert!(!p.notes.iter().any(|n| n.contains("the only order")), "{:?}", p.notes);
    let mut tv = new_vault();
    tv.vault.set_case(case_with_jon()).unwrap();
    let options = ImportOptions { settings: utc_import_settings(), ..ImportOptions::default() };
    let err = tv.vault.import(&path, &options, &mut |_, _| true).unwrap_err();
    assert!(matches!(err, ImportError::DateOrderNeeded { .. }), "{err}");
}

/// A chat that goes back in time whichever way it is read (a phone whose clock was set wrong) does
/// not decide either: the person is asked.
#[test]
fn whatsapp_when_neither_reading_keeps_the_order_the_person_is_asked() {
    let dir = tempfile::tempdir().unwrap();
    let text = "05/04/2026, 10:00 - Jon Doe: one\n\
                03/03/2026, 10:00 - Jon Doe: two\n\
                12/03/2026, 10:00 - Jon Doe: three\n\
                01/04/2026, 10:00 - Jon Doe: four\n";
    let p = preview(&write(dir.path(), text), &case_with_jon(), &utc_import_settings()).unwrap();
    assert!(p.date_order_question.is_some());
    assert!(!p.date_order_by_time);
}

/// The clock going back an hour for winter time (a message at 01:30 after one at 01:50) does not
/// make the right reading count as out of order.
#[test]
fn whatsapp_an_hour_back_for_winter_time_still_keeps_the_order() {
    let dir = tempfile::tempdir().unwrap();
    let text = "12/10/2026, 21:00 - Jon Doe: one\n\
                01/11/2026, 01:50 - Jon Doe: two\n\
                01/11/2026, 01:30 - Jon Doe: three, after the clocks went back\n\
                02/11/2026, 09:00 - Jon Doe: four\n";
    let p = preview(&write(dir.path(), text), &case_with_jon(), &utc_import_settings()).unwrap();
    assert_eq!((p.date_order, p.date_order_by_time), (Some(DateOrder::DayFirst), true));
    assert_eq!(p.date_order_question, None);
}
