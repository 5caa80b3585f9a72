//! The chronology: every chosen entry in one table, in the order the incidents happened.

use super::blocks::{Table, heading, intro};
use super::pages::{CONTENT_W, Pages};
use super::words::{APPROXIMATE, gap, table_time};
use crate::export::plan::{Plan, display_mark};

pub(super) fn chronology(p: &mut Pages, plan: &Plan, keep_going: &mut dyn FnMut() -> bool) -> bool {
    heading(p, "Chronology");
    intro(
        p,
        &format!(
            "Every chosen entry in the order the incidents happened. \"Recorded\" is when the person wrote it \
             down (the diary's clock, shown in the same time zone as the incident); \"Gap\" is the time between. \
             \"{APPROXIMATE}\" marks a time the person gave as approximate."
        ),
    );
    let table = Table::new(&[
        ("No.", 28.0),
        ("Occurred", 72.0),
        ("Recorded", 72.0),
        ("Gap", 42.0),
        ("Kind", 64.0),
        ("Summary", CONTENT_W - 28.0 - 72.0 - 72.0 - 42.0 - 64.0 - 58.0),
        ("Exhibits", 58.0),
    ]);
    table.header(p);
    for (i, e) in plan.entries.iter().enumerate() {
        if i % 256 == 0 && !keep_going() {
            return false;
        }
        let first = &e.versions[0];
        let cur = e.current();
        let f = &cur.fields;
        let at = f.occurred.start;
        let recorded = first.recorded_at.with_timezone(at.offset());
        let mut summary = f.title.clone();
        if let Some(r) = &e.retraction {
            summary = format!("RETRACTED ({}): {summary}", r.reason);
        }
        if cur.revision > 1 {
            summary.push_str(&format!(" [revised ×{}]", cur.revision - 1));
        }
        let marks: Vec<String> = e.exhibits.iter().map(|&x| display_mark(&plan.exhibits[x].file_mark())).collect();
        table.row(
            p,
            &[
                e.id.to_string(),
                table_time(at, f.occurred.approximate),
                recorded.format("%Y-%m-%d %H:%M").to_string(),
                gap(first.recorded_at, at),
                f.kind.label().to_owned(),
                summary,
                marks.join(", "),
            ],
        );
    }
    true
}
