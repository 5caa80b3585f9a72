//! The fast read of Telegram's messages ([`OneMessage::fast`]: each message cut out of the
//! buffer by a structural scan and parsed once) against the read without it (each message
//! checked on the stream by serde_json, copied, parsed again): the same items, facts and
//! errors, word for word, on the fixture, on hostile messages, and on broken copies of the
//! fixture, through buffers of several sizes (`fast_test_support.rs`).

use super::*;
use crate::import::fast_test_support::{Outcome, broken_copies_read_the_same, ctx, describe, read_both_ways};
use crate::import::item::NoMedia;
use crate::import::tracked::Tracked;

const FIXTURE: &[u8] = include_bytes!("../../tests/fixtures/import/telegram-jon/result.json");

/// `bytes` read as the importer reads a file, through a buffer of `capacity` bytes, fast or
/// not; with how many messages were read fast.
fn read(bytes: &[u8], capacity: usize, fast: bool) -> (Outcome, u64) {
    let mut ctx = ctx();
    let mut items = Vec::new();
    let mut sink = |item: Item, _: &mut dyn MediaSource| {
        items.push(describe(&item));
        Ok(())
    };
    let tracked = Tracked::with_capacity(bytes, capacity);
    let (read, fast) = read_json_with(tracked, None, &mut NoMedia, &mut ctx, &mut sink, fast);
    (read.map(|facts| (items, format!("{facts:?}"))).map_err(|e| e.to_string()), fast)
}

/// Reads `bytes` both ways through each buffer size; they must agree. The outcome.
fn same(bytes: &[u8]) -> Outcome {
    read_both_ways(read, bytes)
}

/// A personal chat with Jon holding `messages` (JSON text, comma-separated).
fn chat(messages: &str) -> Vec<u8> {
    format!(
        "{{\n \"name\": \"Jon Doe\",\n \"type\": \"personal_chat\",\n \"id\": 5012345678,\n \"messages\": [\n{messages}\n ]\n}}\n"
    )
    .into_bytes()
}

/// A message from Jon whose `text` is `text` (JSON).
fn from_jon(id: u32, text: &str) -> String {
    format!(
        "  {{\"id\": {id}, \"type\": \"message\", \"date_unixtime\": \"1772399640\", \"from\": \"Jon Doe\", \
         \"from_id\": \"user5012345678\", \"text\": {text}}}"
    )
}

/// A whole account's export whose chat list holds a chat whose list holds ... `levels` deep,
/// the innermost chat holding `message`.
fn nested(levels: usize, message: &str) -> Vec<u8> {
    let open = "{\"type\": \"personal_chat\", \"id\": 5012345678, \"chats\": {\"list\": [\n".repeat(levels);
    let close = "]}}\n".repeat(levels);
    let inner = String::from_utf8(chat(message)).unwrap_or_default();
    format!("{open}{inner}{close}").into_bytes()
}

fn bodies(outcome: &Outcome) -> Vec<String> {
    let (items, _) = outcome.as_ref().unwrap_or_else(|e| panic!("{e}"));
    items.iter().map(|d| d[d.find("body=").unwrap_or(0)..d.find(" media=").unwrap_or(d.len())].to_owned()).collect()
}

#[test]
fn the_fixture_reads_the_same_fast_and_the_fast_way_is_taken() {
    let exact = same(FIXTURE);
    let (items, _) = exact.as_ref().unwrap_or_else(|e| panic!("{e}"));
    assert!(items.len() >= 8, "{items:?}");
    let (_, fast) = read(FIXTURE, 64 * 1024, true);
    assert!(fast >= 8, "{fast} messages read fast");
}

#[test]
fn brackets_quotes_and_backslashes_inside_strings_do_not_end_a_message() {
    let tricky = [
        from_jon(1, r#""a ]} \" \\ \\\" }] {[ \\""#),
        from_jon(2, r#"["x\"}", {"type": "bold", "text": "]]}}\\", "href": "https://e.example/?a=}"}]"#),
        from_jon(3, r#""\ud83d\ude00 \u00e9 \/ \b\f\n\r\t""#),
        from_jon(4, r#""}""#),
    ]
    .join(",\n");
    let out = same(&chat(&tricky));
    // All four are read fast: the scan ends each where it ends.
    assert_eq!(read(&chat(&tricky), 64 * 1024, true).1, 4);
    let got = bodies(&out);
    assert_eq!(got.len(), 4, "{got:?}");
    assert_eq!(got[0], format!("body={:?}", r#"a ]} " \ \" }] {[ \"#));
    assert_eq!(got[1], format!("body={:?}", r#"x"}]]}}\ (https://e.example/?a=})"#));
    assert!(got[2].contains('😀') && got[2].contains("é /"), "{got:?}");
    assert_eq!(got[3], format!("body={:?}", "}"));
}

#[test]
fn hostile_messages_are_refused_or_set_aside_as_by_the_exact_read() {
    let deep =
        |n: usize| format!("[{{\"type\": \"bold\", \"text\": \"x\", \"x\": {}1{}}}]", "[".repeat(n), "]".repeat(n));
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("a lone surrogate", chat(&from_jon(1, r#""\ud83d""#))),
        ("a field named twice", chat(&format!("{},\n{}", from_jon(1, r#""a", "text": "b""#), from_jon(2, "\"ok\"")))),
        ("closed by ]", chat(&from_jon(1, "\"a\"]").replace("\"a\"]}", "\"a\"]"))),
        ("not objects", chat("  \"str\", 12, [1, {\"a\": 2}], null, true")),
        ("deep entities", chat(&from_jon(1, &deep(40)))),
        ("deeper than the fast read takes", chat(&from_jon(1, &deep(70)))),
        ("deep beyond serde_json's limit, inside an ignored field", chat(&from_jon(1, &deep(130)))),
        ("chats inside chats, the message near the fast read's limit", nested(18, &from_jon(1, &deep(3)))),
        ("chats inside chats, the message past the fast read's limit", nested(19, &from_jon(1, &deep(3)))),
        ("chats inside chats beyond serde_json's limit", nested(45, &from_jon(1, "\"a\""))),
        ("a control character in a string", chat(&from_jon(1, "\"a\u{1}b\""))),
        ("a bad escape", chat(&from_jon(1, r#""a\qb""#))),
        ("cut mid-string", chat(&from_jon(1, "\"cut")).split_at(150).0.to_vec()),
        ("cut mid-escape", chat(&from_jon(1, r#""cut\u00"#)).split_at(140).0.to_vec()),
        ("a missing comma after a message", chat(&format!("{}\n{}", from_jon(1, "\"a\""), from_jon(2, "\"b\"")))),
        ("garbage after the chat", [chat(&from_jon(1, "\"a\"")), b"]".to_vec()].concat()),
    ];
    for (what, bytes) in cases {
        let out = same(&bytes);
        match what {
            "deep entities"
            | "deeper than the fast read takes"
            | "a field named twice"
            | "not objects"
            | "deep beyond serde_json's limit, inside an ignored field"
            | "chats inside chats, the message near the fast read's limit"
            | "chats inside chats, the message past the fast read's limit" => {
                assert!(out.is_ok(), "{what}: {out:?}")
            }
            _ => assert!(out.is_err(), "{what}: {out:?}"),
        }
    }
    // 18 chats deep, the message's 6 containers are within the fast read's 64; 19 deep not.
    assert_eq!(read(&nested(18, &from_jon(1, &deep(3))), 64 * 1024, true).1, 1);
    assert_eq!(read(&nested(19, &from_jon(1, &deep(3))), 64 * 1024, true).1, 0);
    // Invalid UTF-8 in a text is refused; in a field the importer does not read it is not
    // looked at (as before).
    let mut bad = chat(&from_jon(1, "\"abc\""));
    let at = bad.windows(3).position(|w| w == b"abc").unwrap_or_else(|| unreachable!());
    bad[at + 1] = 0xff;
    assert!(same(&bad).is_err());
    let mut unread = chat(&from_jon(1, "\"abc\", \"extra\": \"xyz\""));
    let at = unread.windows(3).position(|w| w == b"xyz").unwrap_or_else(|| unreachable!());
    unread[at + 1] = 0xff;
    assert!(same(&unread).is_ok());
}

#[test]
fn an_error_after_messages_read_fast_is_placed_as_by_the_exact_read() {
    // All on one line: the column counts every byte of the messages skipped before it.
    let one_line = format!(
        "{{\"name\": \"Jon Doe\", \"type\": \"personal_chat\", \"id\": 5012345678, \"messages\": [{}, {}, x]}}",
        from_jon(1, "\"a\""),
        from_jon(2, "\"b\\nc\"")
    );
    let err = same(one_line.as_bytes()).unwrap_err();
    let column = one_line.find(", x]").unwrap_or_else(|| unreachable!()) + 3;
    assert!(err.contains(&format!("line 1, column {column}")), "{err}");
    let (_, fast) = read(one_line.as_bytes(), 64 * 1024, true);
    assert_eq!(fast, 2);
    // Pretty-printed: the line counts the skipped messages' lines.
    let mut pretty = String::from_utf8_lossy(FIXTURE).into_owned();
    let last = pretty.rfind(']').unwrap_or_else(|| unreachable!());
    pretty.insert_str(last, ",\n  x\n ");
    let err = same(pretty.as_bytes()).unwrap_err();
    let line = pretty[..pretty.rfind("  x").unwrap_or_else(|| unreachable!())].lines().count() + 1;
    assert!(err.contains(&format!("line {line}, column 3")), "{err}");
}

#[test]
fn broken_copies_of_the_fixture_read_the_same_fast_and_exactly() {
    broken_copies_read_the_same(same, &[(FIXTURE, 600, 0x5eed_cafe_f00d)], 50);
}

#[test]
fn a_message_of_the_largest_size_is_read_and_one_byte_more_is_refused() {
    // Far larger than the reader's buffer: read from the stream, with its limit, as before.
    let base = chat(&from_jon(1, "\"\""));
    let message = from_jon(1, "\"\"");
    let pad = MAX_MESSAGE_BYTES as usize - message.trim_start().len();
    for (extra, fits) in [(0, true), (1, false)] {
        let text = format!("\"{}\"", "x".repeat(pad + extra));
        let bytes = chat(&from_jon(1, &text));
        assert_eq!(bytes.len(), base.len() + pad + extra);
        let (out, fast) = read(&bytes, 64 * 1024, true);
        assert_eq!(fast, 0);
        match out {
            Ok((items, _)) => assert!(fits && items.len() == 1),
            Err(e) => assert!(!fits && e.contains("larger than"), "{e}"),
        }
    }
}
