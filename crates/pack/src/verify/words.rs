//! The verdict in words: one headline and one sentence on what a match proves or what a
//! mismatch means, computed here once from what the checker actually gave and what matched,
//! so that `casebook verify` and the app's "Check a pack" cannot word it differently (they
//! once did, and the CLI called a pack checked only against a time-stamp "signed by the key
//! you expected", a claim nothing had checked). verify.html words its own, in the same terms.
//!
//! The rule the wording keeps: a claim about *who* made the pack only when a fingerprint or a
//! witness code (both bind the key) was given and matched; a claim about *when* only from a
//! matching witness code or time-stamp; with nothing given, the unanchored sentence.

use super::{Verdict, VerifyReport};

/// What was given from outside the pack and matched (or did not), as [`super::expect`] found it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Anchors {
    /// An expected fingerprint was given and the pack's key is that one.
    pub key: bool,
    /// The newest record a matching witness code vouches for.
    pub witnessed: Option<i64>,
    /// The newest record a matching time-stamp vouches for, and that time-stamp's time.
    pub stamped: Option<(i64, String)>,
    /// A witness code given did not match (or was not compared).
    pub witness_mismatch: bool,
    /// A time-stamp given did not match (or was not compared).
    pub stamp_mismatch: bool,
}

/// Sets the report's `headline` and `meaning` from its verdict and what matched. Call again
/// whenever the verdict changes.
pub(crate) fn settle(report: &mut VerifyReport, anchors: &Anchors) {
    let key = report.facts.as_ref().map_or("(unknown)", |f| f.fingerprint.as_str()).to_owned();
    let (headline, meaning) = words(report.verdict, &key, anchors);
    report.headline = headline;
    report.meaning = meaning;
}

fn words(verdict: Verdict, key: &str, a: &Anchors) -> (String, String) {
    let fixed = |h: &str, m: &str| (h.to_owned(), m.to_owned());
    match verdict {
        Verdict::Valid => valid(key, a),
        Verdict::KeyMismatch => fixed(
            "This pack is not signed by the key you expected.",
            "It is intact, but signed by another key: it was not made by the diary whose key card you hold. Do not \
             rely on it.",
        ),
        Verdict::WitnessMismatch if a.witness_mismatch || !a.stamp_mismatch => fixed(
            "This pack does not match a witness code you gave.",
            "It is intact, but its records up to that code's number, or its signing key, are not those the code was \
             made from: they were changed, rebuilt or forged after the code was sent, the code belongs to another \
             diary, or the pack ends before that record. Do not rely on it.",
        ),
        Verdict::WitnessMismatch => fixed(
            "This pack does not match a time-stamp you gave.",
            "It is intact, but its chain or signing key is not the one time-stamped: it was rebuilt or back-dated \
             after the time-stamp, the time-stamp is another diary's, or the pack ends before that record. Do not \
             rely on it.",
        ),
        Verdict::Invalid => fixed(
            "This pack was changed after it was made, or is damaged.",
            "Do not rely on it. Ask for a fresh copy of the pack.",
        ),
        Verdict::NotAPack => fixed("This is not a Casebook evidence pack.", ""),
        Verdict::NeedsPassphrase => fixed(
            "This pack is locked with a passphrase.",
            "Give the passphrase it was made with, then check it again. Whoever made the pack can tell you.",
        ),
        Verdict::WrongPassphrase => fixed(
            "That passphrase does not open this pack.",
            "Nothing was changed. Check the passphrase and try again.",
        ),
        Verdict::NeedsKey => fixed(
            "This pack is locked to a recipient's key.",
            "It opens with that recipient's identity file (the secret file made with their recipient card).",
        ),
        Verdict::WrongKey => fixed(
            "This pack was made for another recipient's key.",
            "The identity file given is not the one whose card the pack was made for. Nothing was changed.",
        ),
        Verdict::Refused => fixed(
            "This file was refused: it is built to exhaust or mislead a checker.",
            "Nothing in it was read further.",
        ),
    }
}

fn valid(key: &str, a: &Anchors) -> (String, String) {
    let existed = |n: i64| format!("its records 1 to {n} existed, unchanged, when the code was sent");
    let later =
        |n: i64| format!("Records after {n} are signed by the same key; no code vouches for when they were written.");
    let (headline, mut meaning) = match (a.key, a.witnessed) {
        (true, Some(n)) => (
            format!(
                "This pack is signed by the key you expected and matches the witness code you gave: {}.",
                existed(n)
            ),
            format!("The key you expected ({key}) is the one that made the code. {}", later(n)),
        ),
        (false, Some(n)) => (
            format!("This pack matches the witness code you gave: {}.", existed(n)),
            format!("It is signed by the key that made the code ({key}). {}", later(n)),
        ),
        (true, None) => (
            format!("This pack is intact and signed by the key you expected ({key})."),
            "It is exactly as the Casebook of the person whose key card you hold made it: nothing in it was changed \
             after it was signed."
                .to_owned(),
        ),
        (false, None) => match &a.stamped {
            // A time-stamp proves when the chain existed, not whose key made it.
            Some((n, at)) => {
                return (
                    format!("This pack matches the time-stamp you gave: its records 1 to {n} existed by {at}."),
                    format!(
                        "It is signed by key {key}, the key that was time-stamped. A time-stamp says when, not who: \
                         this proves nothing about who made the pack until you compare that fingerprint with the \
                         person's key card or a witness code."
                    ),
                );
            }
            None => {
                return (
                    format!("This pack is internally consistent and signed by key {key}."),
                    "This proves nothing about who made it until you compare that fingerprint with the person's key \
                     card or a witness code."
                        .to_owned(),
                );
            }
        },
    };
    if let Some((n, at)) = &a.stamped {
        meaning.push_str(&format!(" The time-stamp you gave shows its records 1 to {n} existed by {at}."));
    }
    (headline, meaning)
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str = "0a1b 2c3d";

    fn valid_with(a: Anchors) -> (String, String) {
        words(Verdict::Valid, KEY, &a)
    }

    fn stamp() -> Option<(i64, String)> {
        Some((3, "1 March 2026, 10:00:00 UTC".into()))
    }

    #[test]
    fn nothing_given_is_unanchored_and_claims_no_author() {
        let (h, m) = valid_with(Anchors::default());
        assert_eq!(h, "This pack is internally consistent and signed by key 0a1b 2c3d.");
        assert!(m.starts_with("This proves nothing about who made it until you compare that fingerprint"), "{m}");
        assert!(!format!("{h} {m}").contains("expected"), "{h} {m}");
    }

    #[test]
    fn a_matching_fingerprint_says_the_key_was_expected() {
        let (h, m) = valid_with(Anchors { key: true, ..Anchors::default() });
        assert_eq!(h, "This pack is intact and signed by the key you expected (0a1b 2c3d).");
        assert!(m.contains("whose key card you hold"), "{m}");
        assert!(!format!("{h} {m}").contains("witness code you gave"), "{h} {m}");
    }

    #[test]
    fn a_matching_witness_code_vouches_for_its_records_but_not_for_an_expected_key() {
        let (h, m) = valid_with(Anchors { witnessed: Some(4), ..Anchors::default() });
        assert!(
            h.starts_with("This pack matches the witness code you gave: its records 1 to 4 existed, unchanged"),
            "{h}"
        );
        assert!(m.contains("signed by the key that made the code (0a1b 2c3d)") && m.contains("Records after 4"), "{m}");
        assert!(!format!("{h} {m}").contains("key you expected"), "{h} {m}");
    }

    #[test]
    fn both_matching_have_their_own_headline() {
        let (h, m) = valid_with(Anchors { key: true, witnessed: Some(4), ..Anchors::default() });
        assert!(
            h.starts_with("This pack is signed by the key you expected and matches the witness code you gave"),
            "{h}"
        );
        assert!(h.contains("records 1 to 4 existed, unchanged, when the code was sent"), "{h}");
        assert!(m.contains("The key you expected (0a1b 2c3d) is the one that made the code"), "{m}");
    }

    #[test]
    fn a_time_stamp_alone_says_when_and_never_who() {
        let (h, m) = valid_with(Anchors { stamped: stamp(), ..Anchors::default() });
        assert_eq!(
            h,
            "This pack matches the time-stamp you gave: its records 1 to 3 existed by 1 March 2026, 10:00:00 UTC."
        );
        assert!(m.contains("says when, not who") && m.contains("proves nothing about who made the pack"), "{m}");
        assert!(!format!("{h} {m}").contains("expected"), "{h} {m}");
        // Beside a fingerprint, the time-stamp adds its time to the key's headline.
        let (h, m) = valid_with(Anchors { key: true, stamped: stamp(), ..Anchors::default() });
        assert!(h.contains("the key you expected"), "{h}");
        assert!(
            m.ends_with("The time-stamp you gave shows its records 1 to 3 existed by 1 March 2026, 10:00:00 UTC."),
            "{m}"
        );
    }

    #[test]
    fn each_mismatch_says_what_did_not_match_and_not_to_rely_on_it() {
        let (h, m) = words(Verdict::KeyMismatch, KEY, &Anchors::default());
        assert_eq!(h, "This pack is not signed by the key you expected.");
        assert!(m.ends_with("Do not rely on it."), "{m}");
        let witness = Anchors { witness_mismatch: true, stamp_mismatch: true, ..Anchors::default() };
        let (h, m) = words(Verdict::WitnessMismatch, KEY, &witness);
        assert_eq!(h, "This pack does not match a witness code you gave.");
        assert!(m.contains("forged after the code was sent") && m.ends_with("Do not rely on it."), "{m}");
        let (h, m) = words(Verdict::WitnessMismatch, KEY, &Anchors { stamp_mismatch: true, ..Anchors::default() });
        assert_eq!(h, "This pack does not match a time-stamp you gave.");
        assert!(m.contains("back-dated") && m.ends_with("Do not rely on it."), "{m}");
        let (h, _) = words(Verdict::Invalid, KEY, &Anchors { key: true, ..Anchors::default() });
        assert_eq!(h, "This pack was changed after it was made, or is damaged.");
    }
}
