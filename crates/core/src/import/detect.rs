//! Which format a file is, from its first 64 KiB: a gigabyte of junk is refused after one
//! small read.

use std::io::Read;
use std::path::{Path, PathBuf};

use super::text::{decode_text, sniff_encoding};
use super::{ImportError, ImportFormat, OwnFile, meta, whatsapp_dates, zipsafe};

/// How the file is packaged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Container {
    SmsXml,
    WhatsAppTxt,
    WhatsAppZip,
    Eml,
    Mbox,
    TelegramJson,
    TelegramZip,
    XJs,
    XZip,
    /// One chat file of an unpacked Instagram or Facebook export.
    MetaJson,
    /// An Instagram or Facebook export as downloaded.
    MetaZip,
}

/// A file whose format is known.
#[derive(Debug, Clone)]
pub(crate) struct Detected {
    pub path: PathBuf,
    pub name: String,
    pub size: u64,
    pub format: ImportFormat,
    pub container: Container,
}

const HEAD_BYTES: usize = 64 * 1024;

/// Detects the format; refuses anything else, or another format than `expected`.
pub(crate) fn detect(path: &Path, expected: Option<ImportFormat>) -> Result<Detected, ImportError> {
    let meta = std::fs::metadata(path)?;
    if !meta.is_file() {
        return Err(ImportError::Io(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            format!("{} is not a file", path.display()),
        )));
    }
    let mut head = Vec::with_capacity(HEAD_BYTES);
    std::fs::File::open(path)?.take(HEAD_BYTES as u64).read_to_end(&mut head)?;
    // A zip's directory is read once, and checked (names, sizes, ratios) before anything in it
    // is believed.
    let mut zip = if is_zip(&head) { Some(zipsafe::SafeZip::open(path)?) } else { None };
    if let Some(own) = own_file(&head, zip.as_ref()) {
        return Err(ImportError::CasebookFile(own));
    }
    let container = match zip.as_mut() {
        Some(zip) => zip_container(zip),
        None => sniff_text(&head),
    };
    // Instagram or Facebook: by what the names or the file say, else a guess the person's choice
    // of format overrides.
    let platform = match (container, &zip) {
        (Some(Container::MetaZip), Some(zip)) => {
            let own = path.file_name().map(|n| n.to_string_lossy()).unwrap_or_default();
            let names: Vec<&str> = zip.names().chain([own.as_ref()]).collect();
            Some(meta::platform(&names, ""))
        }
        (Some(Container::MetaJson), _) => {
            Some(meta::platform(&[&meta::export_path(path)], &String::from_utf8_lossy(&head)))
        }
        _ => None,
    };
    let found = container.map(|c| match c {
        Container::SmsXml => ImportFormat::SmsBackupRestore,
        Container::WhatsAppTxt | Container::WhatsAppZip => ImportFormat::WhatsAppChat,
        Container::Eml | Container::Mbox => ImportFormat::Email,
        Container::TelegramJson | Container::TelegramZip => ImportFormat::TelegramChat,
        Container::XJs | Container::XZip => ImportFormat::XArchive,
        Container::MetaJson | Container::MetaZip => match (platform, expected) {
            (Some((_, false)), Some(e @ (ImportFormat::InstagramMessages | ImportFormat::MessengerMessages))) => e,
            (Some((platform, _)), _) => platform,
            (None, _) => ImportFormat::InstagramMessages,
        },
    });
    match (expected, found) {
        (Some(expected), found) if found != Some(expected) => Err(ImportError::WrongFormat { expected, found }),
        (_, None) => Err(ImportError::UnknownFormat),
        (_, Some(format)) => Ok(Detected {
            path: path.to_owned(),
            name: path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(),
            size: meta.len(),
            format,
            container: container.unwrap_or(Container::SmsXml),
        }),
    }
}

/// Casebook's own files, recognised before any format is guessed: a pack holds a README.txt
/// that would otherwise be taken for a chat, and a vault would be called "not a format".
fn own_file(head: &[u8], zip: Option<&zipsafe::SafeZip>) -> Option<OwnFile> {
    if crate::vault::file::is_vault_header(head) {
        return Some(OwnFile::Vault);
    }
    if head.starts_with(b"age-encryption.org/") || head.starts_with(b"-----BEGIN AGE ENCRYPTED FILE-----") {
        return Some(OwnFile::Encrypted);
    }
    if casebook_pack::format::advocate::is_advocate_page(head) {
        return Some(OwnFile::AdvocatePage);
    }
    zip.is_some_and(zipsafe::SafeZip::is_casebook_pack).then_some(OwnFile::Pack)
}

/// What a zip holds: an Instagram or Facebook download (its chat files or top folders), an X archive (its direct-message files), a Telegram export's folder
/// (`result.json` at the top or one folder down, Telegram's by its first bytes), or a WhatsApp
/// chat (a chat text).
fn zip_container(zip: &mut zipsafe::SafeZip) -> Option<Container> {
    if meta::is_export_zip(zip) {
        return Some(Container::MetaZip);
    }
    if zip.names().any(super::x::is_dm_file) {
        return Some(Container::XZip);
    }
    if let Some(name) = super::telegram::result_json_in(zip) {
        let mut head = Vec::with_capacity(HEAD_BYTES);
        if let Ok(Some(reader)) = zip.open_member(&name) {
            // A file that cannot be read is judged by what was read of it.
            let _ = reader.take(HEAD_BYTES as u64).read_to_end(&mut head);
        }
        if sniff_text(&head) == Some(Container::TelegramJson) {
            return Some(Container::TelegramZip);
        }
    }
    zip.has_chat().then_some(Container::WhatsAppZip)
}

fn is_zip(head: &[u8]) -> bool {
    head.starts_with(b"PK\x03\x04") || head.starts_with(b"PK\x05\x06")
}

fn sniff_text(head: &[u8]) -> Option<Container> {
    let (encoding, _) = sniff_encoding(head);
    // Cut at a line end so a multi-byte character is not split.
    let cut = head.iter().rposition(|b| *b == b'\n').filter(|_| head.len() == HEAD_BYTES).unwrap_or(head.len());
    let text = decode_text(&head[..cut]);
    if encoding.is_none() && looks_binary(&head[..cut]) {
        return None;
    }
    let body = text.trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n']);
    if body.starts_with('<') {
        let xml = body.starts_with("<?xml")
            || body.starts_with("<!--")
            || body.starts_with("<smses")
            || body.starts_with("<calls");
        return (xml && (body.contains("<smses") || body.contains("<calls"))).then_some(Container::SmsXml);
    }
    // An X archive's files are JavaScript: `window.YTD.<what>.part0 = [...]`. Any of them is
    // taken as X's, so the reader can say which file to choose instead; so is the bare list
    // of conversations, so the reader can say what it lacks.
    if body.starts_with("window.YTD.") || (body.starts_with('[') && body.contains("\"dmConversation\"")) {
        return Some(Container::XJs);
    }
    if body.starts_with('{') {
        if looks_like_telegram(body) {
            return Some(Container::TelegramJson);
        }
        return meta::looks_like_chat_json(body).then_some(Container::MetaJson);
    }
    if body.starts_with("From ") {
        return Some(Container::Mbox);
    }
    if looks_like_email_headers(body) {
        return Some(Container::Eml);
    }
    if body.lines().take(30).any(|l| whatsapp_dates::parse_header(l).is_some()) {
        return Some(Container::WhatsAppTxt);
    }
    None
}

/// A JSON object as Telegram Desktop's exporter writes it: a message's `"date_unixtime"`, a
/// chat `"type"` only Telegram uses, or a whole account's `"personal_information"`. Compared
/// without whitespace, so a file re-indented by another tool still reads. Another platform's
/// JSON (Instagram's `message_1.json`, an X archive) has none of them.
fn looks_like_telegram(body: &str) -> bool {
    let compact: String = body.chars().filter(|c| !c.is_whitespace()).collect();
    compact.contains("\"date_unixtime\":\"")
        || compact.contains("\"personal_information\":{")
        || super::telegram::CHAT_TYPES.iter().any(|t| compact.contains(&format!("\"type\":\"{t}\"")))
}

/// Many control bytes (zeros included): not a text export. Text has almost none; random
/// bytes about 12%; a sparse or zeroed file 100%.
fn looks_binary(head: &[u8]) -> bool {
    if head.is_empty() {
        return true;
    }
    let bad = head.iter().filter(|b| (**b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c)) || **b == 0x7f).count();
    bad * 100 > head.len() * 8
}

/// RFC 5322 headers up to the first blank line, including at least one of From, Date,
/// Message-ID or Received.
fn looks_like_email_headers(text: &str) -> bool {
    let mut saw_key = false;
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            return saw_key && i > 0;
        }
        if line.starts_with([' ', '\t']) {
            continue; // folded header
        }
        let Some((name, _)) = line.split_once(':') else { return false };
        if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
            return false;
        }
        saw_key |= ["from", "date", "message-id", "received", "subject", "return-path"]
            .contains(&name.to_ascii_lowercase().as_str());
        if i > 500 {
            break;
        }
    }
    saw_key
}
