//! `imr-lsp rules`: every rule with its code, default severity, what it checks and when it fires,
//! straight from the registry. The README table and the editors' settings are generated from the
//! same list (`tests/generated.rs` keeps them in step).

use super::RulesArgs;
use crate::rules::RULES;
use serde_json::json;

#[derive(Copy, Clone, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum RulesFormat {
    Text,
    Json,
    Markdown,
}

/// The README's rules table.
pub fn markdown_table() -> String {
    let mut out = String::from("| code | severity | checks | when |\n|---|---|---|---|\n");
    for r in RULES {
        out.push_str(&format!(
            "| `{}` | {} | {} | {} |\n",
            r.info.code,
            r.info.severity.as_str(),
            r.unit.name(),
            r.info.summary
        ));
    }
    out
}

/// Aligned columns, for `--help` and a terminal.
pub fn text_table() -> String {
    let width = RULES.iter().map(|r| r.info.code.len()).max().unwrap_or(0);
    RULES
        .iter()
        .map(|r| {
            format!(
                "  {:width$}  {:11}  {:8}  {}\n",
                r.info.code,
                r.info.severity.as_str(),
                r.unit.name(),
                r.info.summary.replace('`', "")
            )
        })
        .collect()
}

pub fn json() -> serde_json::Value {
    RULES
        .iter()
        .map(|r| {
            json!({
                "code": r.info.code,
                "severity": r.info.severity.as_str(),
                "checks": r.unit.name(),
                "summary": r.info.summary,
            })
        })
        .collect()
}

pub fn run(args: &RulesArgs) -> i32 {
    let out = match args.format {
        RulesFormat::Text => text_table(),
        RulesFormat::Markdown => markdown_table(),
        RulesFormat::Json => format!("{:#}\n", json()),
    };
    print!("{out}");
    0
}
