//! Reading what a running app still holds: every process of the app is dumped with `gcore`
//! (gdb, Debian package `gdb`) and the dump searched for secrets, as an attacker with root on
//! the running machine would. Needs root (ptrace of another user's or a non-child process);
//! callers skip with a printed reason when [`can_dump`] says no.

use std::path::Path;
use std::process::Command;

use crate::{Result, ensure, fail};

/// One process of the app, as found in /proc.
#[derive(Debug, Clone)]
pub struct Proc {
    /// Process id.
    pub pid: u32,
    /// Its name (`comm`), e.g. `casebook-app`, `WebKitWebProces`.
    pub name: String,
}

/// How often each needle occurs in one process's memory.
#[derive(Debug, Clone)]
pub struct Counts {
    /// The process.
    pub proc: Proc,
    /// Per needle: (UTF-8 hits, UTF-16LE hits), in the order the needles were given.
    pub hits: Vec<(usize, usize)>,
    /// Size of the dump in bytes.
    pub dump_bytes: u64,
}

impl Counts {
    /// All hits of needle `i`, both encodings.
    pub fn total(&self, i: usize) -> usize {
        self.hits.get(i).map_or(0, |(a, b)| a + b)
    }
}

/// `None` when dumps can be taken here; otherwise why not.
pub fn can_dump() -> Option<String> {
    if !is_root() {
        return Some("not running as root: gcore cannot read the app's memory".to_owned());
    }
    let gcore =
        std::env::var_os("PATH").map(|p| std::env::split_paths(&p).any(|d| d.join("gcore").is_file())).unwrap_or(false);
    if !gcore {
        return Some("gcore is not installed (Debian package gdb; `make deps` installs it)".to_owned());
    }
    None
}

fn is_root() -> bool {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("Uid:")).map(|l| l.split_whitespace().nth(1) == Some("0")))
        .unwrap_or(false)
}

/// The app's processes: the `casebook-app` process whose environment holds `env_marker`, and
/// every process descended from it (WebKit's web and network processes).
pub fn app_processes(env_marker: &str) -> Result<Vec<Proc>> {
    let mut all = Vec::new();
    for entry in std::fs::read_dir("/proc")?.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Ok(pid) = name.parse::<u32>() else { continue };
        let Ok(stat) = std::fs::read_to_string(entry.path().join("stat")) else { continue };
        // "pid (comm) state ppid ...": comm may hold spaces, so split after the last ')'.
        let (Some(open), Some(close)) = (stat.find('('), stat.rfind(')')) else { continue };
        let comm = stat[open + 1..close].to_owned();
        let mut rest = stat[close + 1..].split_whitespace();
        // A zombie (a web process ended on lock, not yet reaped) has no memory left to dump.
        if rest.next() == Some("Z") {
            continue;
        }
        let ppid = rest.next().and_then(|p| p.parse::<u32>().ok()).unwrap_or(0);
        all.push((pid, ppid, comm));
    }
    let has_marker = |pid: u32| {
        std::fs::read(format!("/proc/{pid}/environ"))
            .map(|env| env.split(|&b| b == 0).any(|v| v == env_marker.as_bytes()))
            .unwrap_or(false)
    };
    let mut found: Vec<Proc> = all
        .iter()
        .filter(|(pid, _, comm)| comm == "casebook-app" && has_marker(*pid))
        .map(|(pid, _, comm)| Proc { pid: *pid, name: comm.clone() })
        .collect();
    ensure!(found.len() == 1, "expected one casebook-app process for this test, found {}", found.len());
    let mut i = 0;
    while i < found.len() {
        let parent = found[i].pid;
        for (pid, ppid, comm) in &all {
            if *ppid == parent && !found.iter().any(|p| p.pid == *pid) {
                found.push(Proc { pid: *pid, name: comm.clone() });
            }
        }
        i += 1;
    }
    Ok(found)
}

/// Dumps `proc` with gcore into `dir`, counts each needle in UTF-8 and UTF-16LE, and deletes
/// the dump (it holds whatever the process held).
pub fn count_in(proc: &Proc, dir: &Path, needles: &[&str]) -> Result<Counts> {
    let prefix = dir.join("core");
    let out = Command::new("gcore")
        .arg("-o")
        .arg(&prefix)
        .arg(proc.pid.to_string())
        .output()
        .map_err(|e| fail!("cannot run gcore (Debian package gdb; `make deps` installs it): {e}"))?;
    let core = dir.join(format!("core.{}", proc.pid));
    ensure!(
        out.status.success() && core.exists(),
        "gcore {} ({}) failed: {}",
        proc.pid,
        proc.name,
        String::from_utf8_lossy(&out.stderr)
    );
    let bytes = std::fs::read(&core);
    let _ = std::fs::remove_file(&core);
    let bytes = bytes?;
    let hits = needles
        .iter()
        .map(|n| {
            let utf16: Vec<u8> = n.encode_utf16().flat_map(u16::to_le_bytes).collect();
            (occurrences(&bytes, n.as_bytes()), occurrences(&bytes, &utf16))
        })
        .collect();
    Ok(Counts { proc: proc.clone(), hits, dump_bytes: bytes.len() as u64 })
}

/// Non-overlapping occurrences of `needle` in `hay`.
pub fn occurrences(hay: &[u8], needle: &[u8]) -> usize {
    let Some((&first, _)) = needle.split_first() else { return 0 };
    let mut n = 0;
    let mut i = 0;
    while i + needle.len() <= hay.len() {
        match hay[i..hay.len() - needle.len() + 1].iter().position(|&b| b == first) {
            None => break,
            Some(at) => {
                let start = i + at;
                if &hay[start..start + needle.len()] == needle {
                    n += 1;
                    i = start + needle.len();
                } else {
                    i = start + 1;
                }
            }
        }
    }
    n
}

/// Every process of the app, counted; one line per process printed for the test log.
pub fn count_all(env_marker: &str, dir: &Path, needles: &[&str], label: &str) -> Result<Vec<Counts>> {
    let mut counts = Vec::new();
    for proc in app_processes(env_marker)? {
        let c = count_in(&proc, dir, needles)?;
        let cells: Vec<String> = needles
            .iter()
            .zip(&c.hits)
            .map(|(n, (u8s, u16s))| format!("{}: {u8s} UTF-8 + {u16s} UTF-16LE", short(n)))
            .collect();
        println!(
            "  [{label}] {} (pid {}, {} MiB dumped): {}",
            c.proc.name,
            c.proc.pid,
            c.dump_bytes / (1024 * 1024),
            cells.join("; ")
        );
        counts.push(c);
    }
    Ok(counts)
}

fn short(needle: &str) -> String {
    needle.chars().take(12).collect::<String>() + "…"
}

#[cfg(test)]
mod tests {
    use super::occurrences;

    #[test]
    fn occurrences_counts_each_non_overlapping_hit() {
        assert_eq!(occurrences(b"abcabcab", b"abc"), 2);
        assert_eq!(occurrences(b"aaaa", b"aa"), 2);
        assert_eq!(occurrences(b"xyz", b"abc"), 0);
        assert_eq!(occurrences(b"ab", b"abc"), 0);
        assert_eq!(occurrences(b"ab", b""), 0);
    }
}
