//! `casebook pattern --json`: core's pattern summary and the weeks, as `--help` documents them,
//! with the figures worked out by hand for the eight-week fixture diary.

use serde_json::{Value, json};

use crate::common::Env;
use crate::pattern_support::{EIGHT_WEEKS, EIGHT_WEEKS_GRID, EIGHT_WEEKS_TOTALS, EIGHT_WEEKS_WORDS, RETRACTED};

fn add(env: &Env, (at, kind, channel): crate::pattern_support::Incident) -> String {
    let mut args = vec!["add", "--kind", kind, "--title", "incident", "--at", at];
    if let Some(channel) = channel {
        args.extend(["--channel", channel]);
    }
    env.ok(&args).stdout.trim().to_owned()
}

#[test]
fn pattern_json_is_the_summary_and_the_weeks_with_the_figures_worked_out_by_hand() {
    let env = Env::new();
    env.init();
    for incident in EIGHT_WEEKS {
        add(&env, *incident);
    }
    let id = add(&env, RETRACTED);
    env.ok(&["retract", &id, "--reason", "Entered twice"]);

    let p = env.json(&["pattern"]);
    assert_eq!(p["incidents"], 19, "the retracted one is left out");
    assert_eq!(p["by_channel"], json!([["phone", 12], ["WhatsApp", 4], ["in person", 2], ["", 1]]));
    let grid = p["grid"].as_array().unwrap();
    assert_eq!(grid.len(), 7);
    assert!(grid.iter().all(|row| row.as_array().unwrap().len() == 24));
    for (day, hour, n) in EIGHT_WEEKS_GRID {
        assert_eq!(grid[day][hour], n, "day {day} hour {hour}");
    }
    let trend = json!({"weeks": 4, "before_per_week": 1.0, "after_per_week": 3.75, "direction": "increasing"});
    assert_eq!(p["halves"], trend);
    assert_eq!(p["last_4_weeks"], trend);
    assert_eq!(p["last_12_weeks"], Value::Null, "under 24 weeks");
    assert_eq!(p["longest_gap"], json!({"days": 9, "from": "2026-01-05T23:30:00Z", "to": "2026-01-14T23:10:00Z"}));
    assert_eq!(p["words"], json!(EIGHT_WEEKS_WORDS));
    let weeks = p["weeks"].as_array().unwrap();
    let totals: Vec<u64> = weeks.iter().map(|w| w["total"].as_u64().unwrap()).collect();
    assert_eq!(totals, EIGHT_WEEKS_TOTALS.map(u64::from));
    assert_eq!(
        weeks[7],
        json!({
            "week_start": "2026-02-23",
            "total": 6,
            "by_kind": {"call": 4, "sighting": 1, "text_message": 1},
            "by_channel": {"WhatsApp": 1, "in person": 1, "phone": 4},
        })
    );
    assert_eq!(weeks[3]["by_channel"], json!({"": 1}));

    // Filters narrow it as they narrow `list`; an empty diary is zeros and nulls, not an error.
    let sightings = env.json(&["pattern", "--kind", "sighting"]);
    assert_eq!((sightings["incidents"].as_u64(), sightings["weeks"].as_array().unwrap().len()), (Some(2), 3));
    let none = env.json(&["pattern", "--from", "2027-01-01"]);
    assert_eq!(none["incidents"], 0);
    assert_eq!((none["halves"].clone(), none["longest_gap"].clone()), (Value::Null, Value::Null));
    assert_eq!(none["weeks"], json!([]));

    // The text output prints the same sentences.
    let text = env.ok(&["pattern"]).stdout;
    for sentence in EIGHT_WEEKS_WORDS {
        assert!(text.contains(sentence), "{sentence:?} not in\n{text}");
    }
}

/// `casebook pattern --help` documents every field `--json` prints.
#[test]
fn pattern_help_documents_every_json_field() {
    let env = Env::new();
    env.init();
    add(&env, EIGHT_WEEKS[0]);
    add(&env, EIGHT_WEEKS[1]);
    let help = env.ok(&["pattern", "--help"]).stdout;
    let p = env.json(&["pattern"]);
    let mut fields: Vec<&String> = p.as_object().unwrap().keys().collect();
    for nested in [&p["weeks"][0], &p["halves"], &p["longest_gap"]] {
        fields.extend(nested.as_object().unwrap().keys());
    }
    assert_eq!(fields.len(), 9 + 4 + 4 + 3, "{fields:?}");
    for field in fields {
        assert!(help.contains(field.as_str()), "--help does not mention {field:?}:\n{help}");
    }
}
