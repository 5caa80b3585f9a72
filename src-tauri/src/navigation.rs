//! The webview may never leave the app: a link or a dropped file in entry content cannot
//! navigate it to another page (where our CSP would no longer apply).

use tauri::plugin::{Builder, TauriPlugin};
use tauri::{Runtime, Url};

/// Whether `url` is the app's own page.
pub fn is_app_url(url: &Url) -> bool {
    match url.scheme() {
        "tauri" => url.host_str() == Some("localhost"),
        "http" | "https" => url.host_str() == Some("tauri.localhost"),
        _ => false,
    }
}

/// A plugin that refuses every navigation away from the app's own pages.
pub fn guard<R: Runtime>() -> TauriPlugin<R> {
    Builder::new("navigation-guard").on_navigation(|_webview, url| is_app_url(url)).build()
}

#[cfg(test)]
mod tests {
    use super::is_app_url;

    #[test]
    fn only_the_apps_own_origin_is_navigable() {
        for ok in ["tauri://localhost/", "tauri://localhost/index.html", "http://tauri.localhost/"] {
            assert!(is_app_url(&ok.parse().unwrap()), "{ok}");
        }
        for bad in
            ["https://example.org/", "file:///etc/passwd", "javascript:alert(1)", "tauri://evil/", "data:text/html,x"]
        {
            assert!(!is_app_url(&bad.parse().unwrap()), "{bad}");
        }
    }
}
