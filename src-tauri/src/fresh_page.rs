//! Locking throws the web page away, process and all.
//!
//! Clearing the page's state is not enough: the passphrase typed into the unlock screen and
//! every title and narrative the diary showed live on in the web content process's heap, its
//! JavaScript garbage and WebKit's text caches (issue 17 found the passphrase twice and the
//! evidence dozens of times in a locked app's web process). On Linux the shell asks WebKitGTK
//! to terminate that process (`webkit_web_view_terminate_web_process`) and loads the unlock
//! screen in a new one, which never saw the diary. Elsewhere it reloads the page, which
//! clears the page's own memory but may reuse the process.
//!
//! Called by every lock: the `lock` command (Lock button, the page's auto-lock timer, and the
//! page finding the shell locked after idling) and `quick_exit`. The new page reads why from
//! `#locked=` (ui lockedNotice.ts). tests/e2e/memory.rs counts what is left.
//!
//! One exception, for tests only: WebKit ends a WebDriver session when the page's web process
//! ends (it reports a crash), so end-to-end flows that go on driving the app after a lock run
//! with `CASEBOOK_TEST_LOCK_RELOADS=1`, and the page is reloaded in the same process instead.
//! The switch is read only under WebDriver automation (`TAURI_WEBVIEW_AUTOMATION=true`, which
//! already makes the webview non-incognito, see window.rs); the memory tests run without it.

use tauri::{Runtime, Url, WebviewWindow};

use crate::error::{IpcError, IpcResult};

/// Why the diary was locked; the fresh page says so on its unlock screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LockedBy {
    /// The Lock button.
    Button,
    /// The idle timer.
    Idle,
    /// Quick exit (Escape twice).
    QuickExit,
}

impl LockedBy {
    /// The value the page reads from `#locked=` (ui/src/lib/lockedNotice.ts).
    pub fn as_str(self) -> &'static str {
        match self {
            LockedBy::Button => "button",
            LockedBy::Idle => "idle",
            LockedBy::QuickExit => "quick-exit",
        }
    }
}

/// The app's start page, saying why it was locked.
pub fn unlock_url(current: &Url, why: LockedBy) -> Url {
    let mut url = current.clone();
    url.set_path("/");
    url.set_query(None);
    url.set_fragment(Some(&format!("locked={}", why.as_str())));
    url
}

/// Ends the window's web content process and opens the unlock screen in a new one.
pub fn replace_page<R: Runtime>(window: &WebviewWindow<R>, why: LockedBy) -> IpcResult<()> {
    let url = unlock_url(&window.url().map_err(|e| IpcError::plain(e.to_string()))?, why);
    if test_keeps_web_process() {
        return window.navigate(url).map_err(|e| IpcError::plain(e.to_string()));
    }
    #[cfg(target_os = "linux")]
    {
        let target = url.to_string();
        window
            .with_webview(move |webview| {
                use webkit2gtk::WebViewExt;
                let view = webview.inner();
                view.terminate_web_process();
                view.load_uri(&target);
            })
            .map_err(|e| IpcError::plain(e.to_string()))
    }
    #[cfg(not(target_os = "linux"))]
    {
        window.navigate(url).map_err(|e| IpcError::plain(e.to_string()))
    }
}

/// Whether a WebDriver test asked for a reload in place of a new web process (module doc).
fn test_keeps_web_process() -> bool {
    crate::window::under_automation() && std::env::var("CASEBOOK_TEST_LOCK_RELOADS").as_deref() == Ok("1")
}

#[cfg(test)]
mod tests {
    use super::{LockedBy, unlock_url};

    #[test]
    fn the_unlock_page_is_the_apps_start_page_with_the_reason() {
        let current = "tauri://localhost/index.html?x=1#entry-3".parse().unwrap();
        assert_eq!(unlock_url(&current, LockedBy::Idle).as_str(), "tauri://localhost/#locked=idle");
        let current = "http://tauri.localhost/".parse().unwrap();
        assert_eq!(unlock_url(&current, LockedBy::QuickExit).as_str(), "http://tauri.localhost/#locked=quick-exit");
        assert!(crate::navigation::is_app_url(&unlock_url(&current, LockedBy::Button)));
    }
}
