//! The shell's IPC commands are named in four places that the compiler does not tie together:
//! `build.rs` (which generates a permission for each), the capability files (which grant them to
//! the window), the invoke handler (`commands::handler`, which runs them) and the UI's IPC module
//! (which calls them). A command missing from the capability is refused at run time; one
//! missing from the UI is dead surface; one granted but not handled is an open door nobody
//! reviews. This test reads all four from the tree and fails, naming the command and the list,
//! when they differ. It needs no display: it reads files.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

type Names = BTreeSet<String>;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("src-tauri has a parent").to_path_buf()
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Each name that is in some lists but not all, as "`name` is in A, B but not in C".
fn drift(lists: &[(&str, &Names)]) -> Vec<String> {
    let all: Names = lists.iter().flat_map(|(_, names)| names.iter().cloned()).collect();
    let mut problems = Vec::new();
    for name in &all {
        let (has, lacks): (Vec<_>, Vec<_>) = lists.iter().partition(|(_, names)| names.contains(name));
        if !lacks.is_empty() {
            let join = |l: &[&(&str, &Names)]| l.iter().map(|(what, _)| *what).collect::<Vec<_>>().join(", ");
            problems.push(format!("`{name}` is in {} but not in {}", join(&has), join(&lacks)));
        }
    }
    problems
}

/// The text between `start` and the first `end` after it.
fn between<'a>(text: &'a str, start: &str, end: &str) -> &'a str {
    let from = text.find(start).unwrap_or_else(|| panic!("{start:?} not found")) + start.len();
    let len = text[from..].find(end).unwrap_or_else(|| panic!("{end:?} not found after {start:?}"));
    &text[from..from + len]
}

/// Drops `//` comments, so a commented-out command does not count.
fn without_line_comments(text: &str) -> String {
    text.lines().map(|l| l.split("//").next().unwrap_or("")).collect::<Vec<_>>().join("\n")
}

/// The `COMMANDS` array in build.rs.
fn build_rs_commands(text: &str) -> Names {
    let list = without_line_comments(between(text, "const COMMANDS: &[&str] = &[", "];"));
    list.split(',').map(str::trim).filter(|s| !s.is_empty()).map(|s| s.trim_matches('"').to_owned()).collect()
}

/// The commands a capability file grants: its own `allow-<command>` permissions (plugins'
/// permissions, `plugin:...`, are not commands of ours). Anything else of our own, a deny or a
/// set, is refused so the test never passes by not understanding the file.
fn capability_commands(text: &str) -> Names {
    let json: serde_json::Value = serde_json::from_str(text).expect("capability is JSON");
    let permissions = json["permissions"].as_array().expect("capability has permissions");
    let mut names = Names::new();
    for p in permissions {
        let id =
            p.as_str().or_else(|| p["identifier"].as_str()).expect("a permission is a string or has an identifier");
        if id.contains(':') {
            continue;
        }
        let command =
            id.strip_prefix("allow-").unwrap_or_else(|| panic!("own permission {id:?} is not allow-<command>"));
        names.insert(command.replace('-', "_"));
    }
    names
}

/// The commands in `tauri::generate_handler![...]`, by their function names.
fn handler_commands(text: &str) -> Names {
    let list = without_line_comments(between(text, "generate_handler![", "]"));
    list.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|path| path.rsplit("::").next().unwrap_or(path).to_owned())
        .collect()
}

/// The commands a UI module calls: the first argument of each `call(...)` / `invoke(...)`
/// (with or without a type argument, `call<T>('name', ...)`) when it is a string literal.
fn ui_commands(text: &str) -> Names {
    let text = without_line_comments(text);
    let mut names = Names::new();
    for word in ["call", "invoke"] {
        for (at, _) in text.match_indices(word) {
            let before = text[..at].chars().next_back();
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '.' || c == '$') {
                continue;
            }
            let mut rest = &text[at + word.len()..];
            if rest.starts_with('<') {
                // Skip the type argument, which may nest (`call<Array<X>>`).
                let mut depth = 0;
                let Some(close) = rest.char_indices().find_map(|(i, c)| {
                    match c {
                        '<' => depth += 1,
                        '>' => depth -= 1,
                        _ => {}
                    }
                    (depth == 0).then_some(i)
                }) else {
                    continue;
                };
                rest = &rest[close + 1..];
            }
            let Some(args) = rest.strip_prefix('(') else { continue };
            let args = args.trim_start();
            let Some(quote) = args.chars().next().filter(|c| matches!(c, '\'' | '"' | '`')) else { continue };
            if let Some(end) = args[1..].find(quote) {
                names.insert(args[1..1 + end].to_owned());
            }
        }
    }
    names
}

/// The UI's IPC modules: ui/src/lib/ipc/*.ts but the fake shell for tests and the generated types.
fn ui_ipc_modules() -> Vec<PathBuf> {
    let dir = repo().join("ui/src/lib/ipc");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "ts") && !p.ends_with("testing.ts"))
        .collect();
    files.sort();
    files
}

fn real_lists() -> Vec<(&'static str, Names)> {
    let root = repo();
    let build = build_rs_commands(&read(&root.join("src-tauri/build.rs")));
    let mut capabilities = Names::new();
    let caps = root.join("src-tauri/capabilities");
    for entry in std::fs::read_dir(&caps).unwrap_or_else(|e| panic!("{}: {e}", caps.display())) {
        let path = entry.expect("dir entry").path();
        if path.extension().is_some_and(|x| x == "json") {
            capabilities.extend(capability_commands(&read(&path)));
        }
    }
    let handler = handler_commands(&read(&root.join("src-tauri/src/commands/mod.rs")));
    let ui: Names = ui_ipc_modules().iter().flat_map(|p| ui_commands(&read(p))).collect();
    vec![("build.rs", build), ("capabilities", capabilities), ("generate_handler!", handler), ("ui/src/lib/ipc", ui)]
}

fn as_refs<'a>(lists: &'a [(&'static str, Names)]) -> Vec<(&'static str, &'a Names)> {
    lists.iter().map(|(what, names)| (*what, names)).collect()
}

#[test]
fn ipc_command_lists_agree_in_the_tree() {
    let lists = real_lists();
    for (what, names) in &lists {
        // A parser that found nothing would make the lists agree trivially.
        assert!(names.len() > 20, "{what}: only {names:?} found; has its layout changed?");
    }
    let problems = drift(&as_refs(&lists));
    assert!(problems.is_empty(), "the command lists drifted apart:\n{}", problems.join("\n"));
}

#[test]
fn ipc_drift_is_found_when_one_list_gains_a_command() {
    let mut lists = real_lists();
    lists[2].1.insert("read_any_file".to_owned());
    assert_eq!(
        drift(&as_refs(&lists)),
        ["`read_any_file` is in generate_handler! but not in build.rs, capabilities, ui/src/lib/ipc"]
    );
}

#[test]
fn ipc_drift_is_found_when_one_list_loses_a_command() {
    let mut lists = real_lists();
    assert!(lists[1].1.remove("quick_exit"));
    assert_eq!(
        drift(&as_refs(&lists)),
        ["`quick_exit` is in build.rs, generate_handler!, ui/src/lib/ipc but not in capabilities"]
    );
}

/// The parsers, on doctored copies of each file: an added command shows up, a commented-out
/// one does not, and a grant the test does not understand stops it.
#[test]
fn ipc_drift_parsers_read_what_each_file_adds() {
    let root = repo();
    let build = read(&root.join("src-tauri/build.rs"));
    let doctored =
        build.replacen("const COMMANDS: &[&str] = &[", "const COMMANDS: &[&str] = &[\n    \"read_any_file\",", 1);
    assert!(build_rs_commands(&doctored).contains("read_any_file"));
    let commented =
        build.replacen("const COMMANDS: &[&str] = &[", "const COMMANDS: &[&str] = &[\n    // \"read_any_file\",", 1);
    assert_eq!(build_rs_commands(&commented), build_rs_commands(&build));

    let handler = read(&root.join("src-tauri/src/commands/mod.rs"));
    let doctored = handler.replacen("generate_handler![", "generate_handler![\n        files::read_any_file,", 1);
    assert!(handler_commands(&doctored).contains("read_any_file"));

    let cap = read(&root.join("src-tauri/capabilities/main.json"));
    let doctored = cap.replacen("\"permissions\": [", "\"permissions\": [\n    \"allow-read-any-file\",", 1);
    assert!(capability_commands(&doctored).contains("read_any_file"));
    let set = cap.replacen("\"permissions\": [", "\"permissions\": [\n    \"default\",", 1);
    assert!(
        std::panic::catch_unwind(|| capability_commands(&set)).is_err(),
        "an own permission that is not allow-<command> must stop the test"
    );

    let ui = "const a = () => call<Array<X>>('read_any_file', { path });\nconst b = () => invoke( \"sealed\");\n\
              sealedInvoke<T>(cmd, args);\nrecall('no');\n// call('commented_out')";
    assert_eq!(ui_commands(ui), Names::from(["read_any_file".to_owned(), "sealed".to_owned()]));
}
