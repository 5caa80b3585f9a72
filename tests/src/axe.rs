//! axe-core, injected into the running app, for accessibility checks on each screen.

use std::sync::OnceLock;

use serde_json::Value as Json;

use crate::session::App;
use crate::{Result, fail, paths};

static AXE: OnceLock<String> = OnceLock::new();

fn source() -> Result<&'static str> {
    if let Some(s) = AXE.get() {
        return Ok(s);
    }
    let text = std::fs::read_to_string(paths::axe_script()?)?;
    Ok(AXE.get_or_init(|| text))
}

/// Runs axe-core on the current screen. Prints every violation (id, impact, targets) and
/// returns one line per serious or critical one.
pub async fn serious_violations(app: &App<'_>, label: &str) -> Result<Vec<String>> {
    // Injected through WebDriver, which runs outside the page's CSP; the page never loads it.
    let loaded = app.js("return typeof window.axe === 'object';").await?;
    if loaded != Json::Bool(true) {
        app.client().execute(source()?, vec![]).await.map_err(|e| fail!("cannot inject axe-core: {e}"))?;
    }
    let js = r#"
        const done = arguments[arguments.length - 1];
        window.axe.run(document, { resultTypes: ['violations'] })
            .then((r) => done({ passes: r.passes.length, ok: r.violations.map((v) => ({
                id: v.id, impact: v.impact, help: v.help,
                targets: v.nodes.map((n) => n.target.join(' ')).slice(0, 8),
            })) }), (e) => done({ error: String(e) }));
    "#;
    let out = app.client().execute_async(js, vec![]).await?;
    let Some(Json::Array(violations)) = out.get("ok") else {
        return Err(fail!("axe-core failed on {label}: {}", out.get("error").unwrap_or(&Json::Null)));
    };
    let passes = out.get("passes").and_then(Json::as_u64).unwrap_or(0);
    if passes == 0 {
        return Err(fail!("axe-core checked nothing on {label} (0 rules passed): it did not really run"));
    }
    println!("  axe {label}: {passes} rules passed, {} violated", violations.len());
    let mut serious = Vec::new();
    for v in violations {
        let impact = v["impact"].as_str().unwrap_or("unknown");
        let line = format!(
            "axe {label}: {} [{impact}] {} on {}",
            v["id"].as_str().unwrap_or("?"),
            v["help"].as_str().unwrap_or(""),
            v["targets"]
        );
        println!("  {line}");
        if matches!(impact, "serious" | "critical") {
            serious.push(line);
        }
    }
    Ok(serious)
}
