//! Getting secrets in: never from an argument (it would show in `ps` and shell history).
//! From a file, an inherited file descriptor, or typed at the terminal without echo.

use std::io::{IsTerminal, Read};
use std::path::{Path, PathBuf};

use casebook_core::{Credential, RecoveryKey};
use casebook_crypto::Passphrase;
use zeroize::Zeroizing;

use crate::args::{GlobalArgs, NewPassphraseArgs};
use crate::exit::{CliError, Code, describe_io};

/// Passphrases and keys longer than this are refused (a wrong file was given).
const MAX_SECRET_BYTES: u64 = 64 * 1024;

/// Where a secret comes from.
enum Source<'a> {
    File(&'a Path),
    Fd(u32),
}

impl Source<'_> {
    fn read(&self, what: &str) -> Result<Zeroizing<String>, CliError> {
        let (path, shown): (PathBuf, String) = match self {
            Source::File(p) => (p.to_path_buf(), p.display().to_string()),
            // /dev/fd/N opens the inherited descriptor without any unsafe code.
            Source::Fd(n) => (PathBuf::from(format!("/dev/fd/{n}")), format!("file descriptor {n}")),
        };
        let file = std::fs::File::open(&path)
            .map_err(|e| CliError::usage(format!("could not read the {what} from {shown}: {}", describe_io(&e))))?;
        let mut bytes = Zeroizing::new(Vec::with_capacity(256));
        file.take(MAX_SECRET_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| CliError::usage(format!("could not read the {what} from {shown}: {}", describe_io(&e))))?;
        if bytes.len() as u64 > MAX_SECRET_BYTES {
            return Err(CliError::usage(format!("{shown} is too large to hold a {what}")));
        }
        strip_one_newline(&mut bytes);
        let text = std::str::from_utf8(&bytes)
            .map_err(|_| CliError::usage(format!("the {what} in {shown} is not valid text (UTF-8)")))?;
        Ok(Zeroizing::new(text.to_owned()))
    }
}

fn strip_one_newline(bytes: &mut Vec<u8>) {
    if bytes.ends_with(b"\r\n") {
        bytes.truncate(bytes.len() - 2);
    } else if bytes.ends_with(b"\n") {
        bytes.truncate(bytes.len() - 1);
    }
}

/// Whether we may ask at the terminal. Prompts go to and come from the terminal itself, so
/// stdin may be redirected as long as the person is at a terminal.
fn can_prompt() -> bool {
    std::io::stdin().is_terminal() || std::io::stderr().is_terminal()
}

fn prompt(label: &str) -> Result<Zeroizing<String>, CliError> {
    rpassword::prompt_password(label)
        .map(Zeroizing::new)
        .map_err(|e| CliError::usage(format!("could not read from the terminal: {}", describe_io(&e))))
}

/// The passphrase text for unlocking: from `--passphrase-file`, `--passphrase-fd` or the
/// terminal.
pub fn current_passphrase(global: &GlobalArgs) -> Result<Zeroizing<String>, CliError> {
    match (&global.passphrase_file, global.passphrase_fd) {
        (Some(_), Some(_)) => Err(CliError::usage("give either --passphrase-file or --passphrase-fd, not both")),
        (Some(f), None) => Source::File(f).read("passphrase"),
        (None, Some(n)) => Source::Fd(n).read("passphrase"),
        (None, None) if can_prompt() => prompt("Passphrase: "),
        (None, None) => Err(CliError::usage(
            "no passphrase given and this is not a terminal; use --passphrase-file FILE or --passphrase-fd N",
        )),
    }
}

/// How to unlock: the recovery key when `--recovery-key-file` is given, else the passphrase.
pub fn credential(global: &GlobalArgs) -> Result<Credential, CliError> {
    let Some(file) = &global.recovery_key_file else {
        let text = current_passphrase(global)?;
        return Ok(Credential::Passphrase(Passphrase::new(text.to_string())));
    };
    if global.passphrase_file.is_some() || global.passphrase_fd.is_some() {
        return Err(CliError::usage("give either a passphrase or a recovery key, not both"));
    }
    let text = Source::File(file).read("recovery key")?;
    let key = RecoveryKey::parse(&text)
        .map_err(|e| CliError::new(Code::WrongKey, format!("that is not a valid recovery key ({e})")))?;
    Ok(Credential::RecoveryKey(key))
}

/// A new passphrase: from `--new-passphrase-file`/`--new-passphrase-fd`, else (for `init`)
/// the `--passphrase-file`/`--passphrase-fd` given, else typed twice at the terminal.
pub fn new_passphrase(args: &NewPassphraseArgs, fallback: Option<&GlobalArgs>) -> Result<Passphrase, CliError> {
    let text = match (&args.new_passphrase_file, args.new_passphrase_fd) {
        (Some(f), _) => Source::File(f).read("new passphrase")?,
        (None, Some(n)) => Source::Fd(n).read("new passphrase")?,
        (None, None) => match fallback {
            Some(g) if g.passphrase_file.is_some() || g.passphrase_fd.is_some() => current_passphrase(g)?,
            _ if can_prompt() => typed_twice("New passphrase: ", "nothing was changed")?,
            _ => {
                return Err(CliError::usage(
                    "a new passphrase is needed and this is not a terminal; \
                     use --new-passphrase-file FILE or --new-passphrase-fd N",
                ));
            }
        },
    };
    if text.is_empty() {
        return Err(CliError::usage("the passphrase cannot be empty; nothing was changed"));
    }
    Ok(Passphrase::new(text.to_string()))
}

/// A passphrase typed twice at the terminal; refused if the two differ.
fn typed_twice(label: &str, nothing_done: &str) -> Result<Zeroizing<String>, CliError> {
    let first = prompt(label)?;
    let second = prompt("Type it again: ")?;
    if *first != *second {
        return Err(CliError::usage(format!("the two passphrases you typed differ; {nothing_done}")));
    }
    Ok(first)
}

/// The passphrase that encrypts an advocate pack: from `--advocate-passphrase-file`/`-fd`,
/// else typed twice at the terminal. It is the advocate's to know, so it is never the vault's.
pub fn new_pack_passphrase(file: Option<&Path>, fd: Option<u32>) -> Result<Passphrase, CliError> {
    let what = "passphrase for the advocate pack";
    let text = match (file, fd) {
        (Some(f), _) => Source::File(f).read(what)?,
        (None, Some(n)) => Source::Fd(n).read(what)?,
        (None, None) if can_prompt() => typed_twice("Passphrase for the advocate pack: ", "nothing was written")?,
        (None, None) => {
            return Err(CliError::usage(
                "an advocate pack is encrypted with a passphrase and this is not a terminal; \
                 use --advocate-passphrase-file FILE or --advocate-passphrase-fd N",
            ));
        }
    };
    if text.trim().is_empty() {
        return Err(CliError::usage("the passphrase for the advocate pack cannot be empty; nothing was written"));
    }
    Ok(Passphrase::new(text.to_string()))
}

/// The passphrase of an encrypted pack: from `--pack-passphrase-file`/`-fd`, else typed once at
/// the terminal when `encrypted`; `None` when there is no way to get one.
pub fn pack_passphrase(file: Option<&Path>, fd: Option<u32>, encrypted: bool) -> Result<Option<Passphrase>, CliError> {
    let what = "pack's passphrase";
    let text = match (file, fd) {
        (Some(f), _) => Source::File(f).read(what)?,
        (None, Some(n)) => Source::Fd(n).read(what)?,
        (None, None) if encrypted && can_prompt() => prompt("This pack is encrypted. Its passphrase: ")?,
        (None, None) => return Ok(None),
    };
    Ok(Some(Passphrase::new(text.to_string())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_one_trailing_newline_is_stripped() {
        let mut b = b"pass\n\n".to_vec();
        strip_one_newline(&mut b);
        assert_eq!(b, b"pass\n");
        let mut b = b"pass\r\n".to_vec();
        strip_one_newline(&mut b);
        assert_eq!(b, b"pass");
        let mut b = b" pass ".to_vec();
        strip_one_newline(&mut b);
        assert_eq!(b, b" pass ");
    }
}
