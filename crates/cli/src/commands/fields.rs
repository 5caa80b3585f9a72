//! Turning the entry flags shared by `add` and `edit` into changes to `EntryFields`.

use std::io::Read;
use std::path::Path;

use casebook_core::{CallDetails, EntryFields, MAX_TEXT_BYTES};

use crate::args::FieldArgs;
use crate::exit::{CliError, Code, describe_io};
use crate::parse::Clear;

/// Applies every flag that was given; fields without a flag keep their value. An empty text
/// value clears the field.
pub fn apply(fields: &mut EntryFields, a: &FieldArgs) -> Result<(), CliError> {
    if let Some(at) = a.at {
        fields.occurred.start = at;
    }
    if a.approximate {
        fields.occurred.approximate = true;
    } else if a.exact {
        fields.occurred.approximate = false;
    }
    if let Some(Clear(end)) = a.until {
        fields.occurred.end = end;
    }
    if let Some(text) = narrative(a)? {
        fields.narrative = text;
    }
    set_text(&mut fields.location, &a.location);
    set_text(&mut fields.channel, &a.channel);
    set_text(&mut fields.identifier, &a.identifier);
    set_text(&mut fields.impact, &a.impact);
    if a.direction.is_some() || a.duration.is_some() {
        let mut call = fields.call.take().unwrap_or_default();
        if let Some(Clear(d)) = a.direction {
            call.direction = d;
        }
        if let Some(Clear(d)) = a.duration {
            call.duration_secs = d;
        }
        fields.call = (call != CallDetails::default()).then_some(call);
    }
    if let Some(Clear(p)) = a.person {
        fields.person_id = p;
    }
    if !a.witnesses.is_empty() {
        fields.witnesses = a.witnesses.clone();
    }
    if a.blocked {
        fields.actions.blocked = true;
    } else if a.not_blocked {
        fields.actions.blocked = false;
    }
    set_text(&mut fields.actions.reported_to, &a.reported_to);
    set_text(&mut fields.actions.police_reference, &a.police_ref);
    set_text(&mut fields.actions.officer, &a.officer);
    set_text(&mut fields.actions.other, &a.action);
    if !a.tags.is_empty() {
        fields.tags = a.tags.clone();
    }
    Ok(())
}

fn set_text(field: &mut Option<String>, flag: &Option<String>) {
    if let Some(value) = flag {
        let value = value.trim();
        *field = (!value.is_empty()).then(|| value.to_owned());
    }
}

/// The narrative from `--narrative` or `--narrative-file` (`-` for stdin), if given.
fn narrative(a: &FieldArgs) -> Result<Option<String>, CliError> {
    if let Some(text) = &a.narrative {
        return Ok(Some(text.clone()));
    }
    let Some(path) = &a.narrative_file else { return Ok(None) };
    let mut bytes = Vec::new();
    let limit = MAX_TEXT_BYTES as u64 + 1;
    let result = if path == Path::new("-") {
        std::io::stdin().lock().take(limit).read_to_end(&mut bytes)
    } else {
        std::fs::File::open(path).and_then(|f| f.take(limit).read_to_end(&mut bytes))
    };
    let shown = if path == Path::new("-") { "standard input".to_owned() } else { path.display().to_string() };
    result.map_err(|e| CliError::usage(format!("could not read the narrative from {shown}: {}", describe_io(&e))))?;
    if bytes.len() > MAX_TEXT_BYTES {
        return Err(CliError::new(
            Code::Full,
            format!("the narrative in {shown} is larger than {MAX_TEXT_BYTES} bytes; nothing was stored"),
        ));
    }
    let mut text = String::from_utf8(bytes)
        .map_err(|_| CliError::usage(format!("the narrative in {shown} is not valid text (UTF-8)")))?;
    let kept = text.trim_end_matches(['\n', '\r']).len();
    text.truncate(kept);
    Ok(Some(text))
}

/// Refuses early (before anything is saved) when a file to attach cannot be read.
pub fn check_readable_files(files: &[std::path::PathBuf]) -> Result<(), CliError> {
    for path in files {
        match std::fs::metadata(path) {
            Ok(m) if m.is_file() => {}
            Ok(_) => {
                return Err(CliError::usage(format!("{} is not a file; nothing was saved", path.display())));
            }
            Err(e) => {
                return Err(CliError::usage(format!(
                    "cannot attach {}: {}; nothing was saved",
                    path.display(),
                    describe_io(&e)
                )));
            }
        }
    }
    Ok(())
}
