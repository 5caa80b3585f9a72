//! The clipboard: Casebook copies through the shell (a witness code, its message), remembers a
//! salted hash of what it wrote, and quick exit clears the clipboard only if it still holds
//! exactly that. What the person copied themselves, or copied after, is never touched.
//!
//! Why a hash and not the text: the copy is meant to leave the app; the shell keeps no second
//! plaintext of it in its heap for hours. The salt is random per process, so the hash cannot
//! be matched against a list of guessed codes from a memory dump of another run.
//!
//! The decision ([`CopiedMark`]) is plain Rust with unit tests; only [`copy`] and
//! [`clear_if_ours`] touch GTK, on the main thread.

use casebook_crypto::hash::{Digest, Sha256};
use casebook_crypto::random_array;

/// What Casebook last put on the clipboard, as a salted hash (nothing when it put nothing).
pub struct CopiedMark {
    salt: [u8; 32],
    last: Option<[u8; 32]>,
}

impl Default for CopiedMark {
    fn default() -> Self {
        Self { salt: random_array(), last: None }
    }
}

impl std::fmt::Debug for CopiedMark {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CopiedMark").field("holds_a_copy", &self.last.is_some()).finish()
    }
}

impl CopiedMark {
    fn digest(&self, text: &str) -> [u8; 32] {
        let mut h = Sha256::new();
        h.update(self.salt);
        h.update(text.as_bytes());
        h.finalize().into()
    }

    /// Casebook has just written `text` to the clipboard.
    pub fn record(&mut self, text: &str) {
        self.last = Some(self.digest(text));
    }

    /// Whether the clipboard, now holding `current` (`None`: nothing, or not text), should be
    /// cleared: only when Casebook put something there and it is still exactly that.
    pub fn should_clear(&self, current: Option<&str>) -> bool {
        match (self.last, current) {
            (Some(ours), Some(now)) => ours == self.digest(now),
            _ => false,
        }
    }

    /// Forgets what was copied (after clearing, or once the clipboard holds something else).
    pub fn forget(&mut self) {
        self.last = None;
    }
}

/// Writes `text` to the desktop clipboard and records it in `mark`. GTK's clipboard belongs
/// to the main thread, so the write is sent there; the mark is recorded at once, so a quick
/// exit that follows is already aware of it.
pub fn copy<R: tauri::Runtime>(
    window: &tauri::WebviewWindow<R>,
    mark: &std::sync::Mutex<CopiedMark>,
    text: String,
) -> tauri::Result<()> {
    crate::state::lock(mark).record(&text);
    window.run_on_main_thread(move || platform::set_text(&text))
}

/// Clears the clipboard if it still holds what Casebook wrote (see [`CopiedMark`]), then
/// forgets the mark either way. Runs on the main thread; does not wait for it (quick exit
/// must not wait for a slow clipboard owner).
pub fn clear_if_ours<R: tauri::Runtime>(
    window: &tauri::WebviewWindow<R>,
    mark: std::sync::Arc<std::sync::Mutex<CopiedMark>>,
) -> tauri::Result<()> {
    window.run_on_main_thread(move || {
        let mut mark = crate::state::lock(&mark);
        if mark.last.is_none() {
            return;
        }
        let current = platform::text();
        if mark.should_clear(current.as_deref()) {
            platform::set_text("");
        }
        mark.forget();
    })
}

#[cfg(target_os = "linux")]
mod platform {
    //! GTK's CLIPBOARD selection (what Ctrl+V pastes), the one WebKitGTK uses too.

    fn clipboard() -> gtk::Clipboard {
        gtk::Clipboard::get(&gtk::gdk::SELECTION_CLIPBOARD)
    }

    /// Replaces the clipboard's contents. Not handed to a clipboard manager (no `store`): a
    /// copy lives while Casebook runs, or until the person copies something else.
    pub fn set_text(text: &str) {
        clipboard().set_text(text);
    }

    /// The clipboard's text now (asks its owner, whichever program that is).
    pub fn text() -> Option<String> {
        clipboard().wait_for_text().map(|s| s.to_string())
    }
}

#[cfg(not(target_os = "linux"))]
mod platform {
    //! No clipboard access elsewhere yet: Casebook ships for Linux.
    pub fn set_text(_text: &str) {}
    pub fn text() -> Option<String> {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nothing_copied_means_the_clipboard_is_left_alone() {
        let mark = CopiedMark::default();
        assert!(!mark.should_clear(Some("W-214-ABCD")));
        assert!(!mark.should_clear(Some("")));
        assert!(!mark.should_clear(None));
    }

    #[test]
    fn what_casebook_copied_and_is_still_there_is_cleared() {
        let mut mark = CopiedMark::default();
        mark.record("W-214-ABCD-EFGH");
        assert!(mark.should_clear(Some("W-214-ABCD-EFGH")));
    }

    #[test]
    fn something_the_person_copied_afterwards_is_kept() {
        let mut mark = CopiedMark::default();
        mark.record("W-214-ABCD-EFGH");
        // Their own text, a near miss, an empty clipboard, or not text at all (an image).
        assert!(!mark.should_clear(Some("my bank details")));
        assert!(!mark.should_clear(Some("W-214-ABCD-EFGH ")));
        assert!(!mark.should_clear(Some("w-214-abcd-efgh")));
        assert!(!mark.should_clear(Some("")));
        assert!(!mark.should_clear(None));
    }

    #[test]
    fn only_the_last_copy_counts_and_forget_forgets_it() {
        let mut mark = CopiedMark::default();
        mark.record("first");
        mark.record("second");
        assert!(!mark.should_clear(Some("first")));
        assert!(mark.should_clear(Some("second")));
        mark.forget();
        assert!(!mark.should_clear(Some("second")));
    }

    #[test]
    fn the_mark_is_salted_per_process_and_prints_no_hash() {
        let (mut a, mut b) = (CopiedMark::default(), CopiedMark::default());
        a.record("same");
        b.record("same");
        assert_ne!(a.last, b.last, "two runs must not share a hash of the same text");
        assert_eq!(format!("{a:?}"), "CopiedMark { holds_a_copy: true }");
    }
}
