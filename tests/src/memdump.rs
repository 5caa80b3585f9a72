//! Reading what a running app still holds: every resident (or swapped-out) page of every
//! process of the app is read through `/proc/PID/mem` and searched for secrets, as an attacker
//! with root on the running machine would (it is what `gcore` reads, without writing a core
//! file: gcore took minutes here, writing out WebKit's multi-GiB mappings that are mostly
//! never touched; `/proc/PID/pagemap` says which pages exist). Needs root; callers skip with a
//! printed reason when [`can_dump`] says no.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::Path;

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
    /// Where each UTF-8 hit was: the mapping (`[heap]`, `anon`, a file) and the bytes around
    /// it, printable, so a leftover can be traced to whoever made it.
    pub places: Vec<String>,
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
        return Some("not running as root: another process's memory cannot be read".to_owned());
    }
    if File::open("/proc/self/pagemap").is_err() {
        return Some("/proc/PID/pagemap cannot be read here".to_owned());
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

/// Reads every page of `proc` that is in RAM or swap and counts each needle in UTF-8 and
/// UTF-16LE. `_dir` is unused (no dump file is written) and kept for callers.
pub fn count_in(proc: &Proc, _dir: &Path, needles: &[&str]) -> Result<Counts> {
    let patterns: Vec<(Vec<u8>, Vec<u8>)> = needles
        .iter()
        .map(|n| (n.as_bytes().to_vec(), n.encode_utf16().flat_map(u16::to_le_bytes).collect()))
        .collect();
    let mut hits = vec![(0, 0); needles.len()];
    let mut read_bytes = 0u64;
    let mut places = Vec::new();
    for (addr, len, mapping) in resident_runs(proc.pid)? {
        let Some(bytes) = read_mem(proc.pid, addr, len) else { continue };
        read_bytes += bytes.len() as u64;
        for (i, ((u8s, u16s), (a, b))) in patterns.iter().zip(hits.iter_mut()).enumerate() {
            let at_u8 = positions(&bytes, u8s);
            *a += at_u8.len();
            *b += occurrences(&bytes, u16s);
            for at in at_u8 {
                let around = &bytes[at.saturating_sub(120)..(at + u8s.len() + 40).min(bytes.len())];
                let text: String =
                    around.iter().map(|&c| if (0x20..0x7f).contains(&c) { c as char } else { '.' }).collect();
                places.push(format!("needle {i} in {mapping} at {:#x}: {text}", addr + at as u64));
            }
        }
    }
    Ok(Counts { proc: proc.clone(), hits, dump_bytes: read_bytes, places })
}

const PAGE: u64 = 4096;

/// Address ranges (start, length) of the readable mappings' pages that are present in RAM or
/// swapped out; untouched pages (which read as zeros) are left out.
fn resident_runs(pid: u32) -> Result<Vec<(u64, u64, String)>> {
    let maps =
        std::fs::read_to_string(format!("/proc/{pid}/maps")).map_err(|e| fail!("cannot read /proc/{pid}/maps: {e}"))?;
    let mut pagemap = File::open(format!("/proc/{pid}/pagemap"))?;
    let mut runs = Vec::new();
    for line in maps.lines() {
        let mut parts = line.split_whitespace();
        let (Some(range), Some(perms)) = (parts.next(), parts.next()) else { continue };
        if !perms.starts_with('r') || line.ends_with("[vvar]") || line.ends_with("[vsyscall]") {
            continue;
        }
        let Some((start, end)) = range.split_once('-') else { continue };
        let (Ok(start), Ok(end)) = (u64::from_str_radix(start, 16), u64::from_str_radix(end, 16)) else { continue };
        let pages = (end - start) / PAGE;
        let mut entries = vec![0u8; (pages * 8) as usize];
        if pagemap.seek(SeekFrom::Start(start / PAGE * 8)).is_err() || pagemap.read_exact(&mut entries).is_err() {
            continue;
        }
        let mapping = parts.nth(3).unwrap_or("anon").to_owned();
        let mut run: Option<(u64, u64, String)> = None;
        for (i, entry) in entries.chunks_exact(8).enumerate() {
            let e = u64::from_le_bytes(entry.try_into().unwrap_or_default());
            // Bit 63: in RAM; bit 62: in swap.
            let there = e & (1 << 63) != 0 || e & (1 << 62) != 0;
            let addr = start + i as u64 * PAGE;
            match (&mut run, there) {
                (Some((_, len, _)), true) => *len += PAGE,
                (None, true) => run = Some((addr, PAGE, mapping.clone())),
                (Some(_), false) => runs.extend(run.take()),
                (None, false) => {}
            }
        }
        runs.extend(run);
    }
    Ok(runs)
}

/// `len` bytes of `pid`'s memory at `addr`, or `None` where the kernel refuses (guard pages).
fn read_mem(pid: u32, addr: u64, len: u64) -> Option<Vec<u8>> {
    let mut mem = File::open(format!("/proc/{pid}/mem")).ok()?;
    mem.seek(SeekFrom::Start(addr)).ok()?;
    let mut bytes = vec![0u8; len as usize];
    mem.read_exact(&mut bytes).ok()?;
    Some(bytes)
}

/// Non-overlapping occurrences of `needle` in `hay`.
pub fn occurrences(hay: &[u8], needle: &[u8]) -> usize {
    positions(hay, needle).len()
}

/// Where `needle` starts in `hay`, non-overlapping.
fn positions(hay: &[u8], needle: &[u8]) -> Vec<usize> {
    let mut found = Vec::new();
    let Some((&first, _)) = needle.split_first() else { return found };
    let mut i = 0;
    while i + needle.len() <= hay.len() {
        match hay[i..hay.len() - needle.len() + 1].iter().position(|&b| b == first) {
            None => break,
            Some(at) => {
                let start = i + at;
                if &hay[start..start + needle.len()] == needle {
                    found.push(start);
                    i = start + needle.len();
                } else {
                    i = start + 1;
                }
            }
        }
    }
    found
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
            "  [{label}] {} (pid {}, {} MiB read): {}",
            c.proc.name,
            c.proc.pid,
            c.dump_bytes / (1024 * 1024),
            cells.join("; ")
        );
        if label != "unlocked" {
            for place in &c.places {
                println!("    {place}");
            }
        }
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
