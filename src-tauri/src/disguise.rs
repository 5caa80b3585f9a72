//! The disguise (Settings: "Notes"): a neutral name and icon where a glance at the screen
//! would see them. The window title and the taskbar icon change at once; the desktop menu
//! entry changes through a per-user override of the installed entry, written here.
//!
//! A desktop entry in `$XDG_DATA_HOME/applications` (by default `~/.local/share/applications`)
//! with the same file name as the installed one (`/usr/share/applications/Casebook.desktop`,
//! named after the product name by Tauri's .deb bundler) hides the installed one in menus and launchers
//! (the XDG menu specification: the first directory wins). Ours says Name=Notes and a neutral
//! themed icon, and starts the same program. Switching back removes it.
//!
//! Only our own file is ever touched: it carries [`MARKER`], and a file at that path without
//! it (one the person or another tool made) is neither overwritten nor removed.
//!
//! What this cannot hide is listed in docs/THREAT-MODEL.md ("The disguise"): the package is
//! installed under its own name, the process is `casebook-app`, the override's file name and
//! Exec line say what it is, and the vault and settings files keep their names.

use std::io::Write;
use std::path::{Path, PathBuf};

/// The desktop entry's file name (its desktop file ID), the same as the installed entry's
/// (`make package` ships `/usr/share/applications/Casebook.desktop`).
pub const DESKTOP_ID: &str = "Casebook.desktop";

/// The line that marks the override as ours (desktop entry spec: `X-` keys are for vendors).
pub const MARKER: &str = "X-Casebook-Disguise=true";

/// The neutral name shown in the window title, the menu and the taskbar.
pub const NEUTRAL_NAME: &str = "Notes";

/// A themed icon every freedesktop icon theme has (Adwaita, hicolor's fallbacks, Breeze):
/// a text editor's notepad.
pub const NEUTRAL_ICON: &str = "accessories-text-editor";

/// Why the menu entry could not be changed. The window title and icon change regardless.
#[derive(Debug)]
pub enum DisguiseError {
    /// A desktop entry of that name is there and is not ours; it was left as it is.
    NotOurs(PathBuf),
    /// The program's path cannot be written on an Exec line (it holds a line break).
    BadExec,
    /// Reading, writing or removing the file failed.
    Io(PathBuf, std::io::Error),
}

impl std::fmt::Display for DisguiseError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DisguiseError::NotOurs(p) => write!(
                f,
                "the menu entry was not changed: {} is a file Casebook did not make, so it was left alone",
                p.display()
            ),
            DisguiseError::BadExec => f.write_str("the menu entry was not changed: the program's path cannot be used"),
            DisguiseError::Io(p, e) => write!(f, "the menu entry at {} could not be changed: {e}", p.display()),
        }
    }
}

impl std::error::Error for DisguiseError {}

/// Where desktop entries are looked up, from the XDG base directory variables.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DesktopDirs {
    /// `$XDG_DATA_HOME`, else `$HOME/.local/share`: where the override goes.
    pub data_home: PathBuf,
    /// `$XDG_DATA_DIRS`, else `/usr/local/share:/usr/share`: where the installed entry is.
    pub data_dirs: Vec<PathBuf>,
}

impl DesktopDirs {
    /// From the given variables (the environment's in [`Self::from_env`]). Relative paths are
    /// ignored, as the XDG base directory specification says. `None` without any home.
    pub fn from_vars(xdg_data_home: Option<&str>, home: Option<&str>, xdg_data_dirs: Option<&str>) -> Option<Self> {
        let absolute = |s: &str| Some(PathBuf::from(s)).filter(|p| p.is_absolute());
        let data_home =
            xdg_data_home.and_then(absolute).or_else(|| home.and_then(absolute).map(|h| h.join(".local/share")))?;
        let mut data_dirs: Vec<PathBuf> = xdg_data_dirs.unwrap_or_default().split(':').filter_map(absolute).collect();
        if data_dirs.is_empty() {
            data_dirs = vec![PathBuf::from("/usr/local/share"), PathBuf::from("/usr/share")];
        }
        Some(Self { data_home, data_dirs })
    }

    /// From this process's environment.
    pub fn from_env() -> Option<Self> {
        let var = |k: &str| std::env::var(k).ok();
        Self::from_vars(var("XDG_DATA_HOME").as_deref(), var("HOME").as_deref(), var("XDG_DATA_DIRS").as_deref())
    }

    /// The override's path.
    pub fn override_path(&self) -> PathBuf {
        self.data_home.join("applications").join(DESKTOP_ID)
    }

    /// The installed entry (the package's), if there is one.
    pub fn installed_entry(&self) -> Option<PathBuf> {
        self.data_dirs.iter().map(|d| d.join("applications").join(DESKTOP_ID)).find(|p| p.is_file())
    }
}

/// Whether a desktop entry's text is an override Casebook wrote.
pub fn is_ours(contents: &str) -> bool {
    contents.lines().any(|l| l.trim_end() == MARKER)
}

/// The `Exec=` value of an installed entry's `[Desktop Entry]` group, if it has one.
pub fn exec_of(entry: &str) -> Option<String> {
    let mut in_main = false;
    for line in entry.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            in_main = line == "[Desktop Entry]";
        } else if in_main && let Some(v) = line.strip_prefix("Exec=") {
            return Some(v.to_owned()).filter(|v| !v.is_empty());
        }
    }
    None
}

/// An Exec value that runs `program` (quoted as the desktop entry spec asks: inside double
/// quotes, with `"`, `` ` ``, `$` and `\` escaped, and `%` doubled). `None` for a path with a
/// line break, which no Exec line can hold.
pub fn exec_for(program: &Path) -> Option<String> {
    let s = program.to_str()?;
    if s.contains(['\n', '\r']) {
        return None;
    }
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' | '`' | '$' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            '%' => out.push_str("%%"),
            c => out.push(c),
        }
    }
    out.push('"');
    // The desktop entry file format escapes backslashes once more, as in any string value.
    Some(out.replace('\\', "\\\\"))
}

/// The override's text: the neutral name and icon, the same program.
pub fn override_contents(exec: &str) -> String {
    format!(
        "[Desktop Entry]\n\
         Type=Application\n\
         Name={NEUTRAL_NAME}\n\
         Icon={NEUTRAL_ICON}\n\
         Exec={exec}\n\
         Terminal=false\n\
         Categories=Utility;\n\
         {MARKER}\n"
    )
}

/// Writes the override (disguise on) or removes it (off). `exec` is what the override starts:
/// the installed entry's Exec line, else this program ([`exec_for`]). A file there that is not
/// ours is left alone ([`DisguiseError::NotOurs`] when turning on; nothing to undo when off).
pub fn set_menu_entry(dirs: &DesktopDirs, on: bool, exec: Option<String>) -> Result<(), DisguiseError> {
    let path = dirs.override_path();
    let io = |e| DisguiseError::Io(path.clone(), e);
    let existing = match std::fs::read(&path) {
        Ok(bytes) => Some(String::from_utf8_lossy(&bytes).into_owned()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(io(e)),
    };
    let ours = existing.as_deref().is_none_or(is_ours);
    if !on {
        if existing.is_some() && ours {
            std::fs::remove_file(&path).map_err(io)?;
        }
        return Ok(());
    }
    if !ours {
        return Err(DisguiseError::NotOurs(path));
    }
    let exec = exec.ok_or(DisguiseError::BadExec)?;
    let text = override_contents(&exec);
    if existing.as_deref() == Some(text.as_str()) {
        return Ok(());
    }
    let dir = path.parent().expect("the override path has a directory");
    std::fs::create_dir_all(dir).map_err(io)?;
    // Written beside it and renamed, so a menu never reads half a file.
    // (Menus read only `*.desktop` files, so the hidden `.tmp` is never shown.)
    let tmp = dir.join(format!(".{DESKTOP_ID}.tmp"));
    let mut file = std::fs::File::create(&tmp).map_err(io)?;
    file.write_all(text.as_bytes()).and_then(|()| file.sync_all()).map_err(io)?;
    std::fs::rename(&tmp, &path).map_err(io)
}

/// What the override should start: the installed entry's Exec line if there is one (so the
/// menu starts Casebook exactly as before), else the running program.
pub fn exec_to_use(dirs: &DesktopDirs, current_exe: Option<&Path>) -> Option<String> {
    dirs.installed_entry()
        .and_then(|p| std::fs::read_to_string(p).ok())
        .and_then(|t| exec_of(&t))
        .filter(|e| !e.contains(['\n', '\r']))
        .or_else(|| current_exe.and_then(exec_for))
}

/// Side of the neutral window icon, in pixels.
pub const ICON_SIZE: u32 = 64;

/// The neutral window icon (taskbar, window switcher): a lined notepad page, drawn here so
/// no image file with a telling name ships beside the app. RGBA, [`ICON_SIZE`] square.
pub fn neutral_icon_rgba() -> Vec<u8> {
    let n = ICON_SIZE;
    let mut px = vec![0u8; (n * n * 4) as usize];
    let page = [0xfd, 0xf3, 0xb8, 0xff];
    let edge = [0x7a, 0x6a, 0x2e, 0xff];
    let rule = [0x9a, 0x9a, 0x9a, 0xff];
    for y in 0..n {
        for x in 0..n {
            let (left, right, top, bottom) = (10, n - 11, 6, n - 7);
            let colour = if x < left || x > right || y < top || y > bottom {
                continue;
            } else if x == left || x == right || y == top || y == bottom {
                edge
            } else if y > top + 10 && (y - top) % 8 == 0 && x > left + 5 && x < right - 5 {
                rule
            } else {
                page
            };
            let i = ((y * n + x) * 4) as usize;
            px[i..i + 4].copy_from_slice(&colour);
        }
    }
    px
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dirs(root: &Path) -> DesktopDirs {
        DesktopDirs { data_home: root.join("home/.local/share"), data_dirs: vec![root.join("usr/share")] }
    }

    #[test]
    fn the_dirs_follow_the_xdg_variables_and_their_defaults() {
        let d = DesktopDirs::from_vars(Some("/x/data"), Some("/home/p"), Some("/a:/b")).unwrap();
        assert_eq!(d.override_path(), Path::new("/x/data/applications/Casebook.desktop"));
        assert_eq!(d.data_dirs, vec![PathBuf::from("/a"), PathBuf::from("/b")]);
        let d = DesktopDirs::from_vars(None, Some("/home/p"), None).unwrap();
        assert_eq!(d.override_path(), Path::new("/home/p/.local/share/applications/Casebook.desktop"));
        assert_eq!(d.data_dirs, vec![PathBuf::from("/usr/local/share"), PathBuf::from("/usr/share")]);
        // Relative paths are not used (XDG spec); an empty or relative data home falls back to HOME.
        let d = DesktopDirs::from_vars(Some("rel"), Some("/home/p"), Some("rel:/c")).unwrap();
        assert_eq!(d.data_home, Path::new("/home/p/.local/share"));
        assert_eq!(d.data_dirs, vec![PathBuf::from("/c")]);
        assert_eq!(DesktopDirs::from_vars(None, None, None), None);
    }

    #[test]
    fn on_writes_a_neutral_entry_starting_the_same_program_and_off_removes_it() {
        let root = tempfile::tempdir().unwrap();
        let d = dirs(root.path());
        let installed = d.data_dirs[0].join("applications").join(DESKTOP_ID);
        std::fs::create_dir_all(installed.parent().unwrap()).unwrap();
        std::fs::write(
            &installed,
            "[Desktop Entry]\nName=Casebook\nExec=casebook-app\nIcon=casebook-app\n[Desktop Action x]\nExec=other\n",
        )
        .unwrap();
        let exec = exec_to_use(&d, Some(Path::new("/elsewhere/casebook-app")));
        assert_eq!(exec.as_deref(), Some("casebook-app"));
        set_menu_entry(&d, true, exec).unwrap();
        let text = std::fs::read_to_string(d.override_path()).unwrap();
        assert!(text.starts_with("[Desktop Entry]\n"));
        for line in ["Name=Notes", "Icon=accessories-text-editor", "Exec=casebook-app", MARKER] {
            assert!(text.lines().any(|l| l == line), "{line} missing from\n{text}");
        }
        assert!(!text.contains("Casebook\n") && !text.contains("Name=Casebook"));
        // Twice on is the same file; off removes it and leaves the installed entry.
        set_menu_entry(&d, true, Some("casebook-app".into())).unwrap();
        set_menu_entry(&d, false, None).unwrap();
        assert!(!d.override_path().exists());
        assert!(installed.exists());
        // Off with nothing there is fine.
        set_menu_entry(&d, false, None).unwrap();
        // No temporary file is left in the menu directory.
        let left: Vec<_> = std::fs::read_dir(d.override_path().parent().unwrap()).unwrap().flatten().collect();
        assert!(left.is_empty(), "{left:?}");
    }

    #[test]
    fn a_file_that_is_not_ours_is_never_overwritten_or_removed() {
        let root = tempfile::tempdir().unwrap();
        let d = dirs(root.path());
        let theirs = "[Desktop Entry]\nName=My own launcher\nExec=casebook-app --something\n";
        std::fs::create_dir_all(d.override_path().parent().unwrap()).unwrap();
        std::fs::write(d.override_path(), theirs).unwrap();
        let err = set_menu_entry(&d, true, Some("casebook-app".into())).unwrap_err();
        assert!(matches!(err, DisguiseError::NotOurs(_)), "{err:?}");
        assert!(err.to_string().contains("did not make"));
        set_menu_entry(&d, false, None).unwrap();
        assert_eq!(std::fs::read_to_string(d.override_path()).unwrap(), theirs);
    }

    #[test]
    fn the_running_program_is_used_when_nothing_is_installed_and_is_quoted() {
        let root = tempfile::tempdir().unwrap();
        let d = dirs(root.path());
        assert_eq!(
            exec_to_use(&d, Some(Path::new("/opt/my apps/casebook-app"))).as_deref(),
            Some("\"/opt/my apps/casebook-app\"")
        );
        assert_eq!(exec_for(Path::new("/a/$x\"y%z")).as_deref(), Some(r#""/a/\\$x\\"y%%z""#));
        assert_eq!(exec_for(Path::new("/a/b\nName=Evil")), None);
        assert_eq!(exec_to_use(&d, None), None);
        assert!(matches!(set_menu_entry(&d, true, None), Err(DisguiseError::BadExec)));
        assert!(!d.override_path().exists());
    }

    #[test]
    fn exec_is_read_from_the_main_group_only() {
        assert_eq!(
            exec_of("[Desktop Action new]\nExec=wrong\n[Desktop Entry]\nExec=right %U\n").as_deref(),
            Some("right %U")
        );
        assert_eq!(exec_of("[Desktop Entry]\nName=x\n"), None);
        assert!(is_ours(&override_contents("x")));
        assert!(!is_ours("[Desktop Entry]\n# X-Casebook-Disguise=true\n"));
    }

    #[test]
    fn the_neutral_icon_is_a_page_on_a_clear_background() {
        let px = neutral_icon_rgba();
        assert_eq!(px.len(), (ICON_SIZE * ICON_SIZE * 4) as usize);
        let at = |x: u32, y: u32| &px[((y * ICON_SIZE + x) * 4) as usize..][..4];
        assert_eq!(at(0, 0)[3], 0, "the corner is transparent");
        assert_eq!(at(32, 32)[3], 0xff, "the middle is the page");
    }
}
