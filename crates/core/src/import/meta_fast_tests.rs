//! Instagram's and Messenger's fast read of messages ([`OneMessage::fast`]: each message cut
//! out of the buffer and parsed from there) against the read from the stream: the same items,
//! facts and errors, word for word, on the fixtures, on hostile messages, and on broken copies
//! of the fixtures, through buffers of several sizes (`fast_test_support.rs`).

use super::*;
use crate::import::fast_test_support::{
    Outcome, a_stray_line_is_placed_as_from_the_stream, broken_copies_read_the_same, ctx, describe, read_both_ways,
};

const INSTAGRAM: &[u8] = include_bytes!(
    "../../tests/fixtures/import/instagram-lucja/your_instagram_activity/messages/inbox/jondoe_17841400000000001/message_1.json"
);
const MESSENGER: &[u8] = include_bytes!(
    "../../tests/fixtures/import/messenger-lucja/messages/inbox/jondoe_10158000000000001/message_1.json"
);

/// `bytes` read as a chat file, fast or not, through a buffer of `capacity` bytes; with how
/// many messages were read fast.
fn read(bytes: &[u8], capacity: usize, fast: bool) -> (Outcome, u64) {
    let mut ctx = ctx();
    let mut facts = Facts::default();
    let mut items = Vec::new();
    let mut sink = |item: Item, _: &mut dyn MediaSource| {
        items.push(describe(&item));
        Ok(())
    };
    let format = ImportFormat::InstagramMessages;
    let mut reader =
        Reader { format, ctx: &mut ctx, sink: &mut sink, facts: &mut facts, messages: 0, fast: fast.then_some(0) };
    let tracked = Tracked::with_capacity(bytes, capacity);
    let read = reader.chat_tracked(tracked, "message_1.json", None, "", &mut NoMedia);
    let (messages, fast) = (reader.messages, reader.fast.unwrap_or_default());
    (read.map(|()| (items, format!("{messages} messages, {facts:?}"))).map_err(|e| e.to_string()), fast)
}

/// Reads `bytes` both ways through each buffer size; they must agree. The outcome.
fn same(bytes: &[u8]) -> Outcome {
    read_both_ways(read, bytes)
}

/// A chat file holding `messages` (JSON text, comma-separated), laid out as Meta does.
fn file(messages: &str) -> Vec<u8> {
    format!(
        "{{\n  \"participants\": [\n    {{\n      \"name\": \"Jon Doe\"\n    }}\n  ],\n  \"messages\": [\n{messages}\n  ],\n  \
         \"title\": \"Jon Doe\"\n}}"
    )
    .into_bytes()
}

/// A message from Jon whose `content` is `content` (JSON).
fn from_jon(content: &str) -> String {
    format!(
        "    {{\n      \"sender_name\": \"Jon Doe\",\n      \"timestamp_ms\": 1773389400000,\n      \"content\": {content}\n    }}"
    )
}

#[test]
fn the_fixtures_read_the_same_fast_and_the_fast_way_is_taken() {
    for fixture in [INSTAGRAM, MESSENGER] {
        let out = same(fixture);
        let (items, _) = out.as_ref().unwrap_or_else(|e| panic!("{e}"));
        assert!(!items.is_empty());
        assert!(read(fixture, 64 * 1024, true).1 >= items.len() as u64);
    }
}

#[test]
fn hostile_messages_are_refused_or_set_aside_as_from_the_stream() {
    let tricky = [from_jon(r#""a ]} \" \\ \\\" }] {[ \\""#), from_jon(r#""\u00f0\u009f\u0098\u00a1 }""#)].join(",\n");
    let out = same(&file(&tricky));
    let (items, _) = out.as_ref().unwrap_or_else(|e| panic!("{e}"));
    assert!(items[0].contains(r#"body="a ]} \" \\ \\\" }] {[ \\""#), "{items:?}");
    assert!(items[1].contains("body=\"😡 }\""), "{items:?}");
    assert_eq!(read(&file(&tricky), 64 * 1024, true).1, 2);
    let cases: Vec<(&str, Vec<u8>, bool)> = vec![
        ("a field of another type", file(&from_jon("5")), true),
        ("a field named twice", file(&from_jon(r#""a", "content": "b""#)), true),
        ("a lone surrogate", file(&from_jon(r#""\ud83d""#)), false),
        ("a control character in a string", file(&from_jon("\"a\u{1}b\"")), false),
        ("messages that are not objects", file("    [1, 2], \"x\", 3"), true),
        (
            "deep inside a message",
            file(&from_jon(&format!("\"a\", \"deep\": {}1{}", "[".repeat(70), "]".repeat(70)))),
            true,
        ),
        (
            "deeper than serde_json allows",
            file(&from_jon(&format!("\"a\", \"deep\": {}1{}", "[".repeat(130), "]".repeat(130)))),
            false,
        ),
        ("a missing comma", file(&format!("{}\n{}", from_jon("\"a\""), from_jon("\"b\""))), false),
        ("cut mid-string", file(&from_jon("\"cut")).split_at(150).0.to_vec(), false),
    ];
    for (what, bytes, readable) in cases {
        assert_eq!(same(&bytes).is_ok(), readable, "{what}");
    }
}

#[test]
fn an_error_after_messages_read_fast_is_placed_as_from_the_stream() {
    a_stray_line_is_placed_as_from_the_stream(same, file(&[from_jon("\"a\""), from_jon("\"b\"")].join(",\n")), b"  ]");
}

#[test]
fn broken_copies_of_the_fixtures_read_the_same_fast_and_from_the_stream() {
    broken_copies_read_the_same(same, &[(INSTAGRAM, 400, 0x1a57a), (MESSENGER, 200, 0xface)], 30);
}
