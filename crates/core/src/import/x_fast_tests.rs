//! X's fast read of events ([`OneEvent::fast`]: each event cut out of the buffer and parsed
//! from there) against the read from the stream: the same items, facts and errors, word for
//! word, on the fixture, on hostile events, and on broken copies of the fixture, through
//! buffers of several sizes (`fast_test_support.rs`).

use super::*;
use crate::import::fast_test_support::{
    Outcome, a_stray_line_is_placed_as_from_the_stream, broken_copies_read_the_same, ctx, describe, read_both_ways,
};
use crate::import::item::NoMedia;

const ONE_TO_ONE: &[u8] = include_bytes!("../../tests/fixtures/import/x-jon/data/direct-messages.js");
const GROUP: &[u8] = include_bytes!("../../tests/fixtures/import/x-jon/data/direct-messages-group.js");

/// `bytes` read as `data/direct-messages.js`, fast or not, through a buffer of `capacity`
/// bytes; with how many events were read fast.
fn read(bytes: &[u8], capacity: usize, fast: bool) -> (Outcome, u64) {
    let mut ctx = ctx();
    let mut facts = Facts::default();
    let mut items = Vec::new();
    let mut sink = |item: Item, _: &mut dyn MediaSource| {
        items.push(describe(&item));
        Ok(())
    };
    let part = Part { name: "direct-messages.js", member: None, media_dir: "", owner: Some("1111111111") };
    let tracked = Tracked::with_capacity(bytes, capacity);
    let (read, fast) = part.read_tracked(tracked, &mut NoMedia, &mut ctx, &mut sink, &mut facts, fast);
    (read.map(|events| (items, format!("{events} events, {facts:?}"))).map_err(|e| e.to_string()), fast)
}

/// Reads `bytes` both ways through each buffer size; they must agree. The outcome.
fn same(bytes: &[u8]) -> Outcome {
    read_both_ways(read, bytes)
}

/// One conversation holding `events` (JSON text, comma-separated), laid out as X does.
fn file(events: &str) -> Vec<u8> {
    format!(
        "window.YTD.direct_messages.part0 = [\n  {{\n    \"dmConversation\" : {{\n      \"conversationId\" : \
         \"1111111111-2222222222\",\n      \"messages\" : [\n{events}\n      ]\n    }}\n  }}\n]"
    )
    .into_bytes()
}

/// A message from Jon (2222222222) whose `text` is `text` (JSON).
fn from_jon(id: u32, text: &str) -> String {
    format!(
        "        {{\n          \"messageCreate\" : {{\n            \"recipientId\" : \"1111111111\",\n            \
         \"text\" : {text},\n            \"senderId\" : \"2222222222\",\n            \"id\" : \"17670000000000000{id:02}\",\n            \
         \"createdAt\" : \"2026-03-01T21:14:00.000Z\"\n          }}\n        }}"
    )
}

#[test]
fn the_fixtures_read_the_same_fast_and_the_fast_way_is_taken() {
    for fixture in [ONE_TO_ONE, GROUP] {
        let out = same(fixture);
        let (items, _) = out.as_ref().unwrap_or_else(|e| panic!("{e}"));
        assert!(!items.is_empty());
        assert!(read(fixture, 64 * 1024, true).1 >= items.len() as u64);
    }
}

#[test]
fn hostile_events_are_refused_or_set_aside_as_from_the_stream() {
    let tricky = [from_jon(1, r#""a ]} \" \\ \\\" }] {[ \\""#), from_jon(2, r#""\ud83d\ude00 }""#)].join(",\n");
    let out = same(&file(&tricky));
    let (items, _) = out.as_ref().unwrap_or_else(|e| panic!("{e}"));
    assert!(items[0].contains(r#"body="a ]} \" \\ \\\" }] {[ \\""#), "{items:?}");
    assert_eq!(read(&file(&tricky), 64 * 1024, true).1, 2);
    let cases: Vec<(&str, Vec<u8>, bool)> = vec![
        ("a field of the wrong type", file(&from_jon(1, "5")), false),
        ("a field named twice", file(&from_jon(1, r#""a", "text" : "b""#)), false),
        ("a lone surrogate", file(&from_jon(1, r#""\ud83d""#)), false),
        ("a control character in a string", file(&from_jon(1, "\"a\u{1}b\"")), false),
        ("an event that is not an object", file("        [1, 2]"), false),
        ("an event of another kind", file("        {\"joinConversation\" : {}},\n        {\"x\" : 1}"), true),
        (
            "deep inside an event",
            file(&from_jon(1, &format!("\"a\", \"deep\" : {}1{}", "[".repeat(70), "]".repeat(70)))),
            true,
        ),
        ("a missing comma", file(&format!("{}\n{}", from_jon(1, "\"a\""), from_jon(2, "\"b\""))), false),
        ("cut mid-string", file(&from_jon(1, "\"cut")).split_at(200).0.to_vec(), false),
    ];
    for (what, bytes, readable) in cases {
        assert_eq!(same(&bytes).is_ok(), readable, "{what}");
    }
}

#[test]
fn an_error_after_events_read_fast_is_placed_as_from_the_stream() {
    let bytes = file(&[from_jon(1, "\"a\""), from_jon(2, "\"b\"")].join(",\n"));
    a_stray_line_is_placed_as_from_the_stream(same, bytes, b"      ]");
}

#[test]
fn broken_copies_of_the_fixtures_read_the_same_fast_and_from_the_stream() {
    broken_copies_read_the_same(same, &[(ONE_TO_ONE, 400, 0x7e57_ab1e), (GROUP, 200, 0xfeed)], 30);
}
