//! WhatsApp's fixed phrases in iPhone exports, one row per phrase and language, with where the
//! phrase came from. They only *label* a line: whether a line is a message is decided by its
//! structure (a timestamp, a sender, a body), so a phrase missing here, in any language, leaves
//! the line a message with a general note, never a dropped line. Only rows meaning
//! [`Means::Notice`] make a line a notice, and those are matched exactly (or by their fixed
//! ending), after WhatsApp's own U+200E mark.

/// What a fixed phrase says happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Means {
    /// A notice WhatsApp writes into the chat (encryption, security code, blocking): not a
    /// message of the sender's.
    Notice,
    /// Media sent, left out of the export: what kind, in plain English.
    Omitted(&'static str),
    /// Something that happened, in WhatsApp's words: what, in plain English.
    Event(&'static str),
}

/// How a row's phrase is compared with a line's body (its U+200E marks removed, trimmed).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Match {
    /// The whole body.
    Whole,
    /// The body ends with it (the security-code notice names the contact first).
    Ending,
    /// The body's first line (a poll: `POLL:`, then the question and options).
    FirstLine,
}

/// One phrase.
pub(crate) struct Row {
    /// BCP 47 language.
    pub lang: &'static str,
    /// As WhatsApp writes it, after the U+200E mark.
    pub phrase: &'static str,
    pub matching: Match,
    pub means: Means,
    /// Where the phrase was taken from (kept with it for whoever checks the table).
    #[cfg_attr(not(test), allow(dead_code))]
    pub source: &'static str,
}

/// Phrase lists of open-source WhatsApp export parsers (iPhone exports, system message types by
/// language), checked against each other.
const PARSERS: &str = "open-source WhatsApp export parsers' phrase lists (iPhone)";
/// Issue 18's German and US iPhone exports, taken from open-source parsers' test folders.
const ISSUE_18: &str = "real iPhone exports reported in issue 18";
/// Casebook's own English fixtures, which follow WhatsApp's iPhone export.
const FIXTURES: &str = "WhatsApp iPhone export (English), as in Casebook's fixtures";

const fn row(lang: &'static str, phrase: &'static str, matching: Match, means: Means, source: &'static str) -> Row {
    Row { lang, phrase, matching, means, source }
}

use Match::{Ending, FirstLine, Whole};
use Means::{Event, Notice, Omitted};

const PICTURE: Means = Omitted("picture");
const VIDEO: Means = Omitted("video");
const AUDIO: Means = Omitted("audio");
const GIF: Means = Omitted("GIF");
const STICKER: Means = Omitted("sticker");
const DOCUMENT: Means = Omitted("document");
const CONTACT: Means = Omitted("contact card");
const DELETED: Means = Event("a deleted message");

/// Every phrase known.
pub(crate) const ROWS: &[Row] = &[
    // English
    row(
        "en",
        "Messages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, can read or listen to them.",
        Whole,
        Notice,
        FIXTURES,
    ),
    row("en", "Tap to learn more.", Ending, Notice, PARSERS),
    row("en", "You blocked this contact. Tap to unblock.", Whole, Notice, PARSERS),
    row("en", "You unblocked this contact.", Whole, Notice, PARSERS),
    row("en", "image omitted", Whole, PICTURE, FIXTURES),
    row("en", "video omitted", Whole, VIDEO, PARSERS),
    row("en", "audio omitted", Whole, AUDIO, PARSERS),
    row("en", "GIF omitted", Whole, GIF, PARSERS),
    row("en", "sticker omitted", Whole, STICKER, PARSERS),
    row("en", "document omitted", Whole, DOCUMENT, PARSERS),
    row("en", "Contact card omitted", Whole, CONTACT, PARSERS),
    row("en", "This message was deleted.", Whole, DELETED, FIXTURES),
    row("en", "You deleted this message.", Whole, DELETED, PARSERS),
    row("en", "Missed voice call", Whole, Event("a missed voice call"), PARSERS),
    row("en", "Missed video call", Whole, Event("a missed video call"), PARSERS),
    row("en", "Missed group voice call", Whole, Event("a missed group voice call"), PARSERS),
    row("en", "POLL:", FirstLine, Event("a poll"), ISSUE_18),
    // German
    row(
        "de",
        "Nachrichten und Anrufe sind Ende-zu-Ende-verschlüsselt. Niemand außerhalb dieses Chats kann sie lesen oder anhören, nicht einmal WhatsApp.",
        Whole,
        Notice,
        PARSERS,
    ),
    row("de", "Tippe, um mehr zu erfahren.", Ending, Notice, PARSERS),
    row("de", "Bild weggelassen", Whole, PICTURE, ISSUE_18),
    row("de", "Video weggelassen", Whole, VIDEO, ISSUE_18),
    row("de", "Audio weggelassen", Whole, AUDIO, PARSERS),
    row("de", "GIF weggelassen", Whole, GIF, PARSERS),
    row("de", "Sticker weggelassen", Whole, STICKER, PARSERS),
    row("de", "Dokument weggelassen", Whole, DOCUMENT, PARSERS),
    row("de", "Kontaktkarte ausgelassen", Whole, CONTACT, PARSERS),
    row("de", "Du hast diese Nachricht gelöscht.", Whole, DELETED, ISSUE_18),
    row("de", "Diese Nachricht wurde gelöscht.", Whole, DELETED, PARSERS),
    // French
    row(
        "fr",
        "Les messages et les appels sont chiffrés de bout en bout. Aucun tiers, pas même WhatsApp, ne peut les lire ou les écouter.",
        Whole,
        Notice,
        PARSERS,
    ),
    row("fr", "Appuyez pour en savoir plus.", Ending, Notice, PARSERS),
    row("fr", "image absente", Whole, PICTURE, PARSERS),
    row("fr", "vidéo absente", Whole, VIDEO, PARSERS),
    row("fr", "audio omis", Whole, AUDIO, PARSERS),
    row("fr", "GIF retiré", Whole, GIF, PARSERS),
    row("fr", "sticker omis", Whole, STICKER, PARSERS),
    row("fr", "document manquant", Whole, DOCUMENT, PARSERS),
    row("fr", "Fiche contact manquante", Whole, CONTACT, PARSERS),
    row("fr", "Vous avez supprimé ce message.", Whole, DELETED, PARSERS),
    row("fr", "Ce message a été supprimé.", Whole, DELETED, PARSERS),
    // Italian
    row(
        "it",
        "I messaggi e le chiamate sono crittografati end-to-end. Nessuno al di fuori di questa chat, nemmeno WhatsApp, può leggerne o ascoltarne il contenuto.",
        Whole,
        Notice,
        PARSERS,
    ),
    row("it", "Tocca per saperne di più.", Ending, Notice, PARSERS),
    row("it", "immagine omessa", Whole, PICTURE, PARSERS),
    row("it", "video omesso", Whole, VIDEO, PARSERS),
    row("it", "audio omesso", Whole, AUDIO, PARSERS),
    row("it", "GIF esclusa", Whole, GIF, PARSERS),
    row("it", "sticker non incluso", Whole, STICKER, PARSERS),
    row("it", "documento omesso", Whole, DOCUMENT, PARSERS),
    row("it", "Scheda contatto omessa", Whole, CONTACT, PARSERS),
    row("it", "Hai eliminato questo messaggio.", Whole, DELETED, PARSERS),
    row("it", "Questo messaggio è stato eliminato.", Whole, DELETED, PARSERS),
    // Portuguese (Portugal)
    row(
        "pt",
        "As mensagens e chamadas são encriptadas ponto a ponto. Ninguém fora desta conversa, nem mesmo o WhatsApp, pode ler ou ouvi-las.",
        Whole,
        Notice,
        PARSERS,
    ),
    row("pt", "Toque para saber mais.", Ending, Notice, PARSERS),
    row("pt", "imagem não revelada", Whole, PICTURE, PARSERS),
    row("pt", "vídeo não revelado", Whole, VIDEO, PARSERS),
    row("pt", "ficheiro de áudio não revelado", Whole, AUDIO, PARSERS),
    row("pt", "GIF não revelada", Whole, GIF, PARSERS),
    row("pt", "sticker não revelado", Whole, STICKER, PARSERS),
    row("pt", "documento não revelado", Whole, DOCUMENT, PARSERS),
    row("pt", "Contacto não revelado", Whole, CONTACT, PARSERS),
    row("pt", "Apagou esta mensagem.", Whole, DELETED, PARSERS),
    row("pt", "Esta mensagem foi apagada.", Whole, DELETED, PARSERS),
    // Spanish
    row(
        "es",
        "Los mensajes y las llamadas están cifrados de extremo a extremo. Nadie fuera de este chat, ni siquiera WhatsApp, puede leerlos ni escucharlos.",
        Whole,
        Notice,
        PARSERS,
    ),
    row("es", "Pulsa para obtener más información.", Ending, Notice, PARSERS),
    row("es", "imagen omitida", Whole, PICTURE, PARSERS),
    row("es", "Video omitido", Whole, VIDEO, PARSERS),
    row("es", "audio omitido", Whole, AUDIO, PARSERS),
    row("es", "GIF omitido", Whole, GIF, PARSERS),
    row("es", "sticker omitido", Whole, STICKER, PARSERS),
    row("es", "documento omitido", Whole, DOCUMENT, PARSERS),
    row("es", "Tarjeta de contacto omitida", Whole, CONTACT, PARSERS),
    row("es", "Eliminaste este mensaje.", Whole, DELETED, PARSERS),
    row("es", "Se eliminó este mensaje.", Whole, DELETED, PARSERS),
    // Arabic
    row(
        "ar",
        "الرسائل والمكالمات مشفرة تمامًا بين الطرفين، بحيث لا يستطيع أحد خارج هذه الدردشة، ولا حتى شركة واتساب نفسها، قراءتها أو الاستماع إليها.",
        Whole,
        Notice,
        PARSERS,
    ),
    row("ar", "انقر هنا لمعرفة المزيد.", Ending, Notice, PARSERS),
    row("ar", "لم يتم إدراج الصورة", Whole, PICTURE, PARSERS),
    row("ar", "لم يتم إدراج الفيديوهات", Whole, VIDEO, PARSERS),
    row("ar", "لم يتم إدراج المقاطع الصوتية", Whole, AUDIO, PARSERS),
    row("ar", "لم يتم إدراج صورة GIF", Whole, GIF, PARSERS),
    row("ar", "تم حذف الملصقات", Whole, STICKER, PARSERS),
    row("ar", "لم يتم إدراج المستند", Whole, DOCUMENT, PARSERS),
    row("ar", "لم يتم إدراج بطاقة جهة اتصال", Whole, CONTACT, PARSERS),
    row("ar", "تم حذف هذه الرسالة.", Whole, DELETED, PARSERS),
];

/// The row a marked body matches, if any (`body` with its U+200E marks removed and trimmed).
pub(crate) fn lookup(body: &str) -> Option<&'static Row> {
    let first = body.lines().next().unwrap_or_default().trim();
    ROWS.iter().find(|r| match r.matching {
        Match::Whole => body.eq_ignore_ascii_case(r.phrase),
        Match::Ending => !body.contains('\n') && body.ends_with(r.phrase),
        Match::FirstLine => first == r.phrase,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_phrase_is_found_as_itself_and_rows_are_not_repeated() {
        let mut seen = std::collections::HashSet::new();
        for r in ROWS {
            assert!(seen.insert((r.lang, r.phrase)), "{} {} twice", r.lang, r.phrase);
            assert_eq!(r.phrase.trim(), r.phrase, "{}", r.phrase);
            assert!(!r.source.is_empty() && !r.lang.is_empty(), "{}", r.phrase);
            let found = lookup(r.phrase).map(|f| f.means);
            assert_eq!(found, Some(r.means), "{} {}", r.lang, r.phrase);
        }
    }

    #[test]
    fn a_sentence_that_merely_contains_a_phrase_is_not_one() {
        assert!(lookup("my image omitted from the album, sorry").is_none());
        assert!(lookup("Bild weggelassen?").is_none());
        assert!(lookup("I know where you live.\nTap to learn more.").is_none());
    }
}
