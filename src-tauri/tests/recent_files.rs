//! Does GTK's file chooser (what Tauri's dialogs are on Linux) put the files it picks into the
//! desktop's recent files (`$XDG_DATA_HOME/recently-used.xbel`)? Proved both ways, on a
//! private Xvfb display with its own HOME and XDG folders: as GTK comes, saving through the
//! chooser records the file (so the premise is real, and the check can see it); after
//! [`forget_recent_files`] (what the app does at start), the same save records nothing.
//!
//! The chooser is the native one rfd opens (`GtkFileChooserNative`, falling back to GTK's
//! own dialog without a portal); the test presses its Save button through the dialog's
//! response, as a click does.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test: a panic is the failure report

#[cfg(target_os = "linux")]
fn main() {
    linux::main();
}

#[cfg(not(target_os = "linux"))]
fn main() {}

#[cfg(target_os = "linux")]
mod linux {
    use std::io::{BufRead, BufReader};
    use std::path::{Path, PathBuf};
    use std::process::{Child, Command, Stdio};
    use std::time::{Duration, Instant};

    use casebook_app::recent_files::forget_recent_files;
    use gtk::prelude::*;

    /// This test's name, for the filters `cargo test` passes on (`-- e2e_`, `--skip X`).
    const NAME: &str = "gtk_file_chooser_records_no_recent_files";

    /// Whether the command line's filters select `name`, as the test harness would decide.
    fn selected(name: &str) -> bool {
        let mut args = std::env::args().skip(1);
        let (mut filters, mut skipped) = (Vec::new(), false);
        while let Some(arg) = args.next() {
            if arg == "--skip" {
                skipped |= args.next().is_some_and(|s| name.contains(&s));
            } else if !arg.starts_with('-') {
                filters.push(arg);
            }
        }
        !skipped && (filters.is_empty() || filters.iter().any(|f| name.contains(f.as_str())))
    }

    /// Set in the child process, which runs GTK with the private display and folders.
    const CHILD: &str = "CASEBOOK_RECENT_FILES_CHILD";

    pub fn main() {
        if std::env::var_os(CHILD).is_some() {
            return child();
        }
        if !selected(NAME) {
            return;
        }
        let home = tempfile::tempdir().unwrap();
        let Some((mut xvfb, display)) = start_xvfb() else {
            eprintln!("recent_files: Xvfb is not installed (make deps installs it); skipped");
            return;
        };
        let mut command = Command::new(std::env::current_exe().unwrap());
        command.env(CHILD, "1").env("DISPLAY", display).env("GTK_USE_PORTAL", "0").env("NO_AT_BRIDGE", "1");
        // The chooser keeps its own settings (window size, sort order) in GSettings; no
        // desktop bus here, so in memory.
        command.env("GSETTINGS_BACKEND", "memory");
        command.env_remove("WAYLAND_DISPLAY").env_remove("DBUS_SESSION_BUS_ADDRESS");
        for (var, dir) in
            [("HOME", ""), ("XDG_DATA_HOME", "share"), ("XDG_CONFIG_HOME", "config"), ("XDG_CACHE_HOME", "cache")]
        {
            let path = home.path().join(dir);
            std::fs::create_dir_all(&path).unwrap();
            command.env(var, path);
        }
        let status = command.status().unwrap();
        stop(&mut xvfb);
        assert!(status.success(), "the GTK side failed ({status}); its output is above");
    }

    fn child() {
        let home = PathBuf::from(std::env::var_os("HOME").unwrap());
        gtk::init().expect("GTK starts on the Xvfb display");
        let xbel = home.join("share/recently-used.xbel");
        let folder = home.join("out");
        std::fs::create_dir_all(&folder).unwrap();

        // As GTK comes: the saved file is in the recent files.
        save_through_chooser(&folder, "control-pack-CANARY1.zip");
        let recorded = wait_for(Duration::from_secs(20), || read(&xbel).contains("control-pack-CANARY1"));

        // As the app runs: nothing more is recorded.
        forget_recent_files();
        save_through_chooser(&folder, "casebook-pack-CANARY2.zip");
        // A negative cannot be waited for; GTK writes the list within a second of a change,
        // so give it several.
        let _ = wait_for(Duration::from_secs(3), || read(&xbel).contains("CANARY2"));
        let after = read(&xbel);

        println!(
            "recent_files: GTK as it comes: {}; after forget_recent_files: {}",
            if recorded { "the saved path was recorded" } else { "nothing recorded" },
            if after.contains("CANARY2") { "the saved path was recorded" } else { "nothing recorded" }
        );
        assert!(recorded, "GTK's chooser did not record the control save, so this test cannot see a recording");
        assert!(!after.contains("CANARY2"), "the file chooser recorded a saved path in recently-used.xbel:\n{after}");
    }

    /// Opens the chooser to save `name` in `folder`, and presses Save.
    fn save_through_chooser(folder: &Path, name: &str) {
        let chooser = gtk::FileChooserNative::new(
            Some("Save the pack"),
            None::<&gtk::Window>,
            gtk::FileChooserAction::Save,
            Some("Save"),
            Some("Cancel"),
        );
        chooser.set_current_folder(folder);
        chooser.set_current_name(name);
        let done = std::rc::Rc::new(std::cell::Cell::new(false));
        let flag = done.clone();
        chooser.connect_response(move |_, _| flag.set(true));
        chooser.show();
        // The native chooser shows GTK's own dialog here (no portal): press its Save.
        let shown = wait_for(Duration::from_secs(20), || dialog().is_some());
        assert!(shown, "the file chooser did not appear");
        dialog().unwrap().response(gtk::ResponseType::Accept);
        assert!(wait_for(Duration::from_secs(20), || done.get()), "the file chooser did not close on Save");
        assert_eq!(chooser.file().and_then(|f| f.path()), Some(folder.join(name)));
    }

    fn dialog() -> Option<gtk::Dialog> {
        gtk::Window::list_toplevels()
            .into_iter()
            .filter_map(|w| w.downcast::<gtk::FileChooserDialog>().ok())
            .find(|d| d.is_visible())
            .map(|d| d.upcast())
    }

    /// Runs GTK's main loop until `done` or `limit`; whether it became true.
    fn wait_for(limit: Duration, mut done: impl FnMut() -> bool) -> bool {
        let start = Instant::now();
        loop {
            while gtk::events_pending() {
                gtk::main_iteration_do(false);
            }
            if done() {
                return true;
            }
            if start.elapsed() > limit {
                return false;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn read(path: &Path) -> String {
        std::fs::read_to_string(path).unwrap_or_default()
    }

    /// Xvfb on a display number it picks itself, and that display's name.
    fn start_xvfb() -> Option<(Child, String)> {
        let xvfb: PathBuf = ["/usr/bin/Xvfb", "/usr/local/bin/Xvfb"].iter().map(PathBuf::from).find(|p| p.exists())?;
        let mut child = Command::new(xvfb)
            .args(["-displayfd", "1", "-screen", "0", "1280x900x24", "-nolisten", "tcp"])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .ok()?;
        let mut line = String::new();
        BufReader::new(child.stdout.take()?).read_line(&mut line).ok()?;
        let number: u32 = line.trim().parse().ok()?;
        Some((child, format!(":{number}")))
    }

    fn stop(child: &mut Child) {
        let _ = child.kill();
        let _ = child.wait();
    }
}
