//! The test bridge as the Windows test run uses it, exercised on Linux: `tests/wine/bridge.py`
//! watching a folder, with a made-up Wine prefix whose drive C: is a temporary folder.
#![allow(clippy::unwrap_used)]
#![cfg(unix)] // the bridge is the Linux side; its Windows side is what the Wine run uses

use std::path::{Path, PathBuf};
use std::process::{Child, Command};

const BRIDGE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/wine/bridge.py");

struct Bridge {
    child: Child,
    folder: PathBuf,
    drive_c: PathBuf,
    _dir: tempfile::TempDir,
}

impl Bridge {
    fn start() -> Bridge {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("bridge");
        let drive_c = dir.path().join("prefix/drive_c");
        std::fs::create_dir_all(&folder).unwrap();
        std::fs::create_dir_all(drive_c.join("users/Zoë/Temp")).unwrap();
        std::fs::create_dir_all(dir.path().join("prefix/dosdevices")).unwrap();
        std::os::unix::fs::symlink("../drive_c", dir.path().join("prefix/dosdevices/c:")).unwrap();
        let child = Command::new("python3")
            .arg(BRIDGE)
            .arg(&folder)
            .arg(dir.path().join("prefix"))
            .spawn()
            .unwrap_or_else(|e| panic!("cannot run python3 ({e}): apt-get install python3"));
        Bridge { child, folder, drive_c, _dir: dir }
    }
}

impl Drop for Bridge {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn a_program_s_input_output_errors_and_exit_code_cross_the_bridge_unchanged() {
    let b = Bridge::start();
    let input: Vec<u8> = (0..=255u8).cycle().take(300_000).collect();
    let out = casebook_testtools::bridge::run(
        &b.folder,
        "sh",
        ["-c", "cat; printf 'on stderr' >&2; exit 3"],
        Some(Path::new("/")),
        Some(&input),
    )
    .unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert_eq!(out.stdout, input, "300,000 bytes of every value, back byte for byte");
    assert_eq!(out.stderr, b"on stderr");
    assert_eq!(std::fs::read_dir(&b.folder).unwrap().count(), 0, "nothing left in the bridge's folder");
}

#[test]
fn windows_paths_in_arguments_and_working_folder_become_the_prefix_s_linux_paths() {
    let b = Bridge::start();
    std::fs::write(b.drive_c.join("users/Zoë/Temp/pack.txt"), "the pack").unwrap();
    for arg in [r"C:\users\Zoë\Temp\pack.txt", r"\\?\C:\users\Zoë\Temp\pack.txt", r"c:\users\Zoë\Temp/pack.txt"] {
        let out = casebook_testtools::bridge::run(&b.folder, "cat", [arg], Some(Path::new("/")), None).unwrap();
        assert_eq!(out.stdout, b"the pack", "{arg}: {}", String::from_utf8_lossy(&out.stderr));
    }
    let out = casebook_testtools::bridge::run(
        &b.folder,
        "sh",
        [
            "-c",
            r#"pwd; printf '%s\n' "$@""#,
            "sh",
            r"--in=C:\users\Zoë\Temp\pack.txt",
            r"file://C:\users\Zoë\Temp\pack.txt",
        ],
        Some(Path::new(r"C:\users\Zoë\Temp")),
        None,
    )
    .unwrap();
    let drive_c = std::fs::canonicalize(&b.drive_c).unwrap();
    // "file://C:\..." is drive C, not a drive E ending "file:".
    let expected = format!(
        "{0}/users/Zoë/Temp\n--in={0}/users/Zoë/Temp/pack.txt\nfile://{0}/users/Zoë/Temp/pack.txt\n",
        drive_c.display()
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout), expected);
}

#[test]
fn a_program_that_is_not_installed_is_not_found_and_a_missing_folder_is_an_answer() {
    let b = Bridge::start();
    let err = casebook_testtools::bridge::run(&b.folder, "no-such-program-here", ["x"], Some(Path::new("/")), None)
        .unwrap_err();
    assert_eq!(err.kind(), std::io::ErrorKind::NotFound, "{err}");
    let out = casebook_testtools::bridge::run(&b.folder, "true", [""; 0], Some(Path::new(r"C:\no\such\folder")), None)
        .unwrap();
    assert_eq!(out.status.code(), Some(125), "an answer, not a wait: {}", String::from_utf8_lossy(&out.stderr));
}
