//! Running the binary on a fresh temp dir with a tiny-KDF test vault.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde_json::Value;

/// The passphrase every test vault starts with.
pub const PASS: &str = "correct horse battery staple";

/// A temp dir holding a vault path and a passphrase file.
pub struct Env {
    pub dir: tempfile::TempDir,
    pub vault: PathBuf,
    pub pass_file: PathBuf,
}

/// What a finished process said.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// The first stdout line as a number (an entry or person id).
    pub fn id(&self) -> i64 {
        let first = self.stdout.lines().next().unwrap_or_default();
        first.trim().parse().unwrap_or_else(|_| panic!("first line is not an id: {self:?}"))
    }
}

impl Env {
    /// A temp dir with a passphrase file (with the trailing newline an editor leaves).
    pub fn new() -> Env {
        let dir = tempfile::tempdir().unwrap();
        let vault = dir.path().join("diary.casebook");
        let pass_file = dir.path().join("pass.txt");
        std::fs::write(&pass_file, format!("{PASS}\n")).unwrap();
        Env { dir, vault, pass_file }
    }

    /// A path inside the temp dir.
    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// `path(name)` in the form Windows takes as a plain file name even when it is a reserved
    /// device name such as `CON.txt` (which Windows 10 and Wine otherwise open as the console:
    /// "invalid handle"): with the `\\?\` prefix. The same path elsewhere.
    pub fn plain_path(&self, name: &str) -> PathBuf {
        let p = self.path(name);
        if cfg!(windows) { PathBuf::from(format!(r"\\?\{}", p.display())) } else { p }
    }

    /// Writes a file in the temp dir and returns its path.
    pub fn write(&self, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let p = self.path(name);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).unwrap();
        }
        std::fs::write(&p, bytes).unwrap();
        p
    }

    /// The binary with the test-KDF switch, stdin closed, nothing inherited that could point
    /// at a real vault. No arguments.
    pub fn bare(&self) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_casebook"));
        cmd.env("CASEBOOK_INSECURE_TEST_KDF", "1")
            .env_remove("CASEBOOK_VAULT")
            .env("HOME", self.dir.path())
            .env("XDG_DATA_HOME", self.dir.path().join("xdg"))
            .current_dir(self.dir.path())
            .stdin(Stdio::null());
        cmd
    }

    /// `casebook --vault VAULT ARGS...` (no passphrase given).
    pub fn raw(&self, args: &[&str]) -> Command {
        let mut cmd = self.bare();
        cmd.arg("--vault").arg(&self.vault).args(args);
        cmd
    }

    /// `casebook --vault VAULT --passphrase-file PASS ARGS...`.
    pub fn cmd(&self, args: &[&str]) -> Command {
        let mut cmd = self.raw(args);
        cmd.arg("--passphrase-file").arg(&self.pass_file);
        cmd
    }

    /// Runs with the passphrase file and returns what happened.
    pub fn run(&self, args: &[&str]) -> Run {
        run(self.cmd(args))
    }

    /// Runs with the passphrase file, insists on exit 0, returns stdout.
    pub fn ok(&self, args: &[&str]) -> Run {
        let r = self.run(args);
        assert_eq!(r.code, 0, "casebook {args:?} failed: {r:?}");
        r
    }

    /// Runs with `--json`, insists on exit 0, parses stdout.
    pub fn json(&self, args: &[&str]) -> Value {
        let mut all = args.to_vec();
        all.push("--json");
        let r = self.ok(&all);
        serde_json::from_str(&r.stdout).unwrap_or_else(|e| panic!("bad JSON from {args:?}: {e}\n{}", r.stdout))
    }

    /// Makes the vault; returns its recovery key.
    pub fn init(&self) -> String {
        let v = self.json(&["init"]);
        v["recovery_key"].as_str().unwrap().to_owned()
    }

    /// The ids `list --json` shows, in its order.
    pub fn listed_ids(&self) -> Vec<i64> {
        self.json(&["list"]).as_array().unwrap().iter().map(|e| e["id"].as_i64().unwrap()).collect()
    }
}

/// Runs a command to completion.
pub fn run(mut cmd: impl std::borrow::BorrowMut<Command>) -> Run {
    let cmd = cmd.borrow_mut();
    let out = match cmd.output() {
        Ok(out) => out,
        // Wine (the Windows test run) now and then fails to start a process with "Internal
        // error" (1359; once in some 30 runs of this suite). The program never ran, so nothing
        // happened that starting it again could repeat; it is said in the log.
        Err(e) if cfg!(windows) && e.raw_os_error() == Some(1359) => {
            eprintln!("  starting {:?} failed ({e}); starting it again", cmd.get_program());
            cmd.output().unwrap()
        }
        Err(e) => panic!("cannot start {:?}: {e}", cmd.get_program()),
    };
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Every file under `dir`, recursively.
pub fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let entry = entry.unwrap();
            let path = entry.path();
            if entry.file_type().unwrap().is_dir() {
                stack.push(path);
            } else {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// A small valid PNG (8 x 8, a red-to-blue gradient).
pub fn png_bytes() -> Vec<u8> {
    let img = image::RgbImage::from_fn(8, 8, |x, y| image::Rgb([(x * 32) as u8, 0, (y * 32) as u8]));
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

/// An import fixture that core's tests use too (real formats, byte for byte).
pub fn import_fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../core/tests/fixtures/import").join(name)
}

/// Runs a tool a recipient would use, in `dir`, optionally feeding `input` on stdin (through the
/// Linux-side bridge in the Windows test run: `casebook_testtools`). A missing tool fails the test
/// and says how to get it (these tests never skip silently).
pub fn tool(program: &str, args: &[&str], dir: &Path, input: Option<&[u8]>) -> Run {
    let out = casebook_testtools::output(program, args, Some(dir), input).unwrap_or_else(|e| missing(program, &e));
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn missing(program: &str, e: &std::io::Error) -> ! {
    panic!(
        "cannot run `{program}` ({e}). Run `make test`, which installs the outside tools these tests use \
         (Debian packages: coreutils openssl unzip zip age bsdutils)"
    )
}

/// Runs `cmd`, feeding `input` on stdin; a missing program fails with how to install it.
fn run_with_input(mut cmd: Command, program: &str, input: Option<&[u8]>) -> Run {
    use std::io::Write;
    cmd.stdout(Stdio::piped()).stderr(Stdio::piped());
    cmd.stdin(if input.is_some() { Stdio::piped() } else { Stdio::null() });
    let mut child = cmd.spawn().unwrap_or_else(|e| missing(program, &e));
    if let Some(input) = input {
        child.stdin.take().unwrap().write_all(input).unwrap();
    }
    let out = child.wait_with_output().unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

impl Env {
    /// `casebook --vault VAULT --passphrase-file PASS ARGS...` under a pseudo-terminal (`script`
    /// from bsdutils), with `typed` typed into it: for what is read only from a terminal.
    pub fn in_terminal(&self, args: &[&str], typed: &str) -> Run {
        let mut line = format!(
            "exec {} --vault {} --passphrase-file {}",
            shell_quote(env!("CARGO_BIN_EXE_casebook")),
            shell_quote(&self.vault.to_string_lossy()),
            shell_quote(&self.pass_file.to_string_lossy())
        );
        for a in args {
            line.push(' ');
            line.push_str(&shell_quote(a));
        }
        self.shell_in_terminal(&line, typed)
    }

    /// A shell command line under a pseudo-terminal, in the temp dir, with the test
    /// environment, `typed` typed into it.
    pub fn shell_in_terminal(&self, line: &str, typed: &str) -> Run {
        let mut cmd = Command::new("script");
        cmd.args(["-qec", line, "/dev/null"])
            .env("CASEBOOK_INSECURE_TEST_KDF", "1")
            .env_remove("CASEBOOK_VAULT")
            .env("HOME", self.dir.path())
            .env("XDG_DATA_HOME", self.dir.path().join("xdg"))
            .current_dir(self.dir.path());
        run_with_input(cmd, "script", Some(typed.as_bytes()))
    }
}

/// A word for `sh -c`, quoted.
pub fn shell_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

/// `ExitStatus::signal`: the signal that ended a process, where there are signals.
#[cfg(unix)]
pub use std::os::unix::process::ExitStatusExt;

/// On Windows no process ends by a signal (the tests that need one are skipped there).
#[cfg(windows)]
pub trait ExitStatusExt {
    /// Always `None`.
    fn signal(&self) -> Option<i32>;
}

#[cfg(windows)]
impl ExitStatusExt for std::process::ExitStatus {
    fn signal(&self) -> Option<i32> {
        None
    }
}
