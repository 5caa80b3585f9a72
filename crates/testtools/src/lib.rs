//! Outside programs for Casebook's tests: the tools a recipient of a pack would use (`openssl`,
//! `pdftotext`, `unzip`, `age`, `pandoc`, `sha256sum`), run on what the code under test wrote.
//!
//! On Linux, and on Windows with the tools on its `PATH`, a program is run directly. The Windows
//! test run under Wine cannot do that: Wine starts a Linux program but hands back no handle to
//! wait on. There `CASEBOOK_TEST_BRIDGE` names a folder watched by `tests/wine/bridge.py`, a Linux
//! process started by the test run: each request is written there as files, the bridge runs the
//! program (Windows paths in its arguments and working folder turned into the Linux paths Wine
//! maps them to) and writes back its exit code and output. So the same test, with the same
//! assertions, checks what the Windows build wrote with the same tools as on Linux.

use std::ffi::OsStr;
use std::io;
use std::path::Path;
use std::process::{Command, Output, Stdio};

/// The environment variable naming the bridge's folder (a Windows path) in the Wine test run.
pub const BRIDGE_VAR: &str = "CASEBOOK_TEST_BRIDGE";

/// Runs `program` with `args` in `dir`, feeding `stdin` (or nothing), and returns its exit status
/// and output, as [`Command::output`] does.
///
/// # Errors
/// The program could not be started (not installed), or the bridge did not answer.
pub fn output<I, S>(program: &str, args: I, dir: Option<&Path>, stdin: Option<&[u8]>) -> io::Result<Output>
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    if let Some(bridge) = std::env::var_os(BRIDGE_VAR) {
        return bridge::run(Path::new(&bridge), program, args, dir, stdin);
    }
    let mut cmd = Command::new(program);
    cmd.args(args).stdout(Stdio::piped()).stderr(Stdio::piped());
    if let Some(dir) = dir {
        cmd.current_dir(dir);
    }
    cmd.stdin(if stdin.is_some() { Stdio::piped() } else { Stdio::null() });
    let mut child = cmd.spawn()?;
    if let Some(input) = stdin {
        use std::io::Write;
        // Written from another thread: a tool that answers before reading all of its input
        // would otherwise fill the output pipe while this thread is blocked writing.
        let mut pipe = child.stdin.take().ok_or_else(|| io::Error::other("no stdin pipe"))?;
        let input = input.to_vec();
        let writer = std::thread::spawn(move || pipe.write_all(&input));
        let out = child.wait_with_output()?;
        writer.join().map_err(|_| io::Error::other("the stdin writer panicked"))??;
        return Ok(out);
    }
    child.wait_with_output()
}

pub mod bridge {
    //! The Windows side of the bridge: a request is `ID.req` (NUL-separated: the working
    //! folder, the program, then each argument) with `ID.in` as its standard input; the answer is
    //! `ID.out`, `ID.err` and last `ID.code` (the exit code, in decimal). Each file is written
    //! under a temporary name and renamed, so neither side reads a half-written one.

    use std::ffi::OsStr;
    use std::io;
    use std::path::Path;
    use std::process::Output;
    use std::sync::atomic::{AtomicU64, Ordering};
    use std::time::{Duration, Instant};

    /// How long a tool may take under the bridge (a 5,000-entry report read by pdftotext is the
    /// slowest, a few seconds).
    const ANSWER_WITHIN: Duration = Duration::from_secs(600);

    static NEXT: AtomicU64 = AtomicU64::new(0);

    fn put(path: &Path, bytes: &[u8]) -> io::Result<()> {
        let tmp = path.with_extension("tmp");
        std::fs::write(&tmp, bytes)?;
        std::fs::rename(&tmp, path)
    }

    /// Asks the bridge watching `bridge` to run `program`, and waits for its answer.
    ///
    /// # Errors
    /// The request could not be written, the bridge did not answer in time, or the program
    /// could not be started on its side (`NotFound`).
    pub fn run<I, S>(
        bridge: &Path,
        program: &str,
        args: I,
        dir: Option<&Path>,
        stdin: Option<&[u8]>,
    ) -> io::Result<Output>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        let id = format!("{}-{}", std::process::id(), NEXT.fetch_add(1, Ordering::Relaxed));
        let file = |ext: &str| bridge.join(format!("{id}.{ext}"));
        let cwd = match dir {
            Some(dir) => dir.to_path_buf(),
            None => std::env::current_dir()?,
        };
        let mut fields: Vec<String> = vec![cwd.to_string_lossy().into_owned(), program.to_owned()];
        for arg in args {
            let arg = arg
                .as_ref()
                .to_str()
                .ok_or_else(|| io::Error::other("a non-UTF-8 argument cannot cross the bridge"))?;
            fields.push(arg.to_owned());
        }
        if fields.iter().any(|f| f.contains('\0')) {
            return Err(io::Error::other("an argument holding NUL cannot cross the bridge"));
        }
        if let Some(input) = stdin {
            put(&file("in"), input)?;
        }
        put(&file("req"), fields.join("\0").as_bytes())?;
        let started = Instant::now();
        let code = loop {
            match std::fs::read_to_string(file("code")) {
                Ok(code) => break code,
                Err(e) if e.kind() == io::ErrorKind::NotFound => {}
                Err(e) => return Err(e),
            }
            if started.elapsed() > ANSWER_WITHIN {
                return Err(io::Error::other(format!(
                    "the bridge in {} did not answer within {ANSWER_WITHIN:?} (is tests/wine/bridge.py running?)",
                    bridge.display()
                )));
            }
            std::thread::sleep(Duration::from_millis(5));
        };
        let code: i64 = code.trim().parse().map_err(|_| io::Error::other(format!("the bridge answered {code:?}")))?;
        let stdout = std::fs::read(file("out"))?;
        let stderr = std::fs::read(file("err"))?;
        for ext in ["in", "out", "err", "code"] {
            let _ = std::fs::remove_file(file(ext));
        }
        if code == 127 && stderr.starts_with(b"bridge: not found") {
            return Err(io::Error::new(io::ErrorKind::NotFound, String::from_utf8_lossy(&stderr).into_owned()));
        }
        Ok(Output { status: status(code), stdout, stderr })
    }

    #[cfg(windows)]
    fn status(code: i64) -> std::process::ExitStatus {
        use std::os::windows::process::ExitStatusExt;
        std::process::ExitStatus::from_raw(code as u32)
    }

    #[cfg(not(windows))]
    fn status(code: i64) -> std::process::ExitStatus {
        use std::os::unix::process::ExitStatusExt;
        std::process::ExitStatus::from_raw(((code & 0xff) << 8) as i32)
    }
}
