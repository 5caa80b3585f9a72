//! The stored schema is exactly the one this build's migrations make.
//!
//! A changed byte in a `CREATE` statement (a default, a constraint, a reference), or an
//! added trigger, view or index, leaves every stored value opening and every link
//! verifying, yet changes what later writes do: a trigger could rewrite rows on each add, a
//! flipped `DEFAULT 0` could make new attachments born purged and so never checked. So
//! `check` builds the expected schema in memory from the same migrations and compares
//! every object's type, table and SQL text (SQLite stores the statement as it was run).

use std::collections::BTreeMap;

use rusqlite::Connection;
use rusqlite::types::ValueRef;

use super::{Problem, report_problem};
use crate::error::Result;
use crate::vault::schema;

/// (type, name) → (table, SQL), as bytes: a flipped byte can make any of them invalid
/// UTF-8, and that must be reported as a changed schema, not stop the check. SQLite's
/// statistics tables (`sqlite_stat*`, made by `ANALYZE`) are not part of the schema
/// Casebook defines.
type Objects = BTreeMap<(Vec<u8>, Vec<u8>), (Vec<u8>, Option<Vec<u8>>)>;

fn objects(conn: &Connection) -> Result<Objects> {
    let mut stmt = conn.prepare(
        "SELECT type, name, tbl_name, sql FROM sqlite_schema WHERE name NOT LIKE 'sqlite\\_stat%' ESCAPE '\\'",
    )?;
    let rows = stmt.query_map([], |r| {
        let bytes = |i| -> rusqlite::Result<Option<Vec<u8>>> {
            Ok(match r.get_ref(i)? {
                ValueRef::Text(b) | ValueRef::Blob(b) => Some(b.to_vec()),
                _ => None,
            })
        };
        Ok(((bytes(0)?.unwrap_or_default(), bytes(1)?.unwrap_or_default()), (bytes(2)?.unwrap_or_default(), bytes(3)?)))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Every difference between the vault's schema and the expected one for its format, one
/// problem each.
pub(super) fn compare(conn: &Connection, format: i64) -> Result<Vec<Problem>> {
    let expected_db = Connection::open_in_memory()?;
    schema::migrate(&expected_db)?;
    if format >= 2 {
        crate::vault::chunks_to_format2(&expected_db, None)?;
    }
    let expected = objects(&expected_db)?;
    let actual = objects(conn)?;
    let mut problems = Vec::new();
    for (key, want) in &expected {
        let (kind, name) = (text(&key.0), text(&key.1));
        match actual.get(key) {
            None => problems.push(report_problem(None, format!("the database schema lacks the {kind} {name}"))),
            Some(got) if got != want => {
                problems.push(report_problem(None, format!("the database schema's {kind} {name} has been changed")))
            }
            Some(_) => {}
        }
    }
    for (kind, name) in actual.keys().filter(|k| !expected.contains_key(*k)) {
        let (kind, name) = (text(kind), text(name));
        problems.push(report_problem(None, format!("the database schema has an unexpected {kind} {name}")));
    }
    Ok(problems)
}
