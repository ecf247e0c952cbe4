//! `imr-lsp check`: checks letters in parallel and reports like a compiler.

use super::files::{self, Read};
use super::render::{plural, snippet, LineIndex, Style};
use super::{CheckArgs, ColorChoice, Format};
use crate::catalog::Catalog;
use crate::model::DecisionKind;
use crate::rules::{self, Diagnostic, RuleConfig, Severity};
use rayon::prelude::*;
use serde_json::json;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;

/// What one file produced.
struct Outcome {
    path: PathBuf,
    result: Result<FileReport, String>,
}

struct FileReport {
    read: Read,
    letters: usize,
    items: usize,
    upheld: usize,
    overturned: usize,
    diags: Vec<Diagnostic>,
}

#[derive(Default)]
struct Totals {
    files: usize,
    letters: usize,
    items: usize,
    upheld: usize,
    overturned: usize,
    errors: usize,
    warnings: usize,
    others: usize,
    io_errors: usize,
}

fn check_file(
    path: &std::path::Path,
    config: &RuleConfig,
    catalog: &Catalog,
) -> Result<FileReport, String> {
    let read = files::read(path)?;
    let model = crate::parser::parse(&read.text);
    let mut diags = rules::check(&model, &read.text, catalog);
    config.apply(&mut diags);
    let items = model.letters.iter().flat_map(|l| &l.items);
    let (mut upheld, mut overturned, mut n) = (0, 0, 0);
    for i in items {
        n += 1;
        match i.decision.kind {
            DecisionKind::Upheld => upheld += 1,
            DecisionKind::Overturned => overturned += 1,
            _ => {}
        }
    }
    Ok(FileReport {
        letters: model.letters.len(),
        items: n,
        upheld,
        overturned,
        diags,
        read,
    })
}

pub fn run(args: &CheckArgs) -> i32 {
    for code in &args.disable {
        if rules::rule_info(code).is_none() {
            let known: Vec<&str> = rules::codes().collect();
            eprintln!(
                "imr-lsp: unknown rule code `{code}`; the rules are: {} (`imr-lsp rules` says what each checks)",
                known.join(", ")
            );
            return 2;
        }
    }
    let config = RuleConfig {
        disabled: args.disable.clone(),
        ..RuleConfig::default()
    };
    let catalog = match super::catalog::load(args.catalog.as_deref()) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("imr-lsp: {e}");
            return 2;
        }
    };
    let paths = match files::collect(&args.paths) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("imr-lsp: {e}");
            return 2;
        }
    };
    let pool = match super::pool(args.jobs) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("imr-lsp: {e}");
            return 2;
        }
    };
    let outcomes: Vec<Outcome> = pool.install(|| {
        paths
            .par_iter()
            .map(|p| Outcome {
                path: p.clone(),
                result: check_file(p, &config, &catalog),
            })
            .collect()
    });
    let color = match args.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
        }
    };
    let style = Style { color };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut totals = Totals::default();
    for o in &outcomes {
        match &o.result {
            Err(e) => {
                totals.io_errors += 1;
                eprintln!("imr-lsp: {e}");
            }
            Ok(r) => {
                totals.files += 1;
                totals.letters += r.letters;
                totals.items += r.items;
                totals.upheld += r.upheld;
                totals.overturned += r.overturned;
                if r.read.lossy {
                    eprintln!(
                        "imr-lsp: {}: not valid UTF-8; read with replacement characters",
                        o.path.display()
                    );
                }
                let idx = LineIndex::new(&r.read.text);
                for d in &r.diags {
                    match d.severity {
                        Severity::Error => totals.errors += 1,
                        Severity::Warning => totals.warnings += 1,
                        _ => totals.others += 1,
                    }
                    let _ = write_diag(&mut out, args, &style, &o.path, &idx, &r.read.text, d);
                }
            }
        }
    }
    let _ = write_summary(&mut out, args, &style, &totals);
    let _ = out.flush();
    if totals.io_errors > 0 {
        2
    } else if totals.errors > 0 {
        1
    } else {
        0
    }
}

fn write_diag(
    out: &mut impl Write,
    args: &CheckArgs,
    style: &Style,
    path: &std::path::Path,
    idx: &LineIndex,
    text: &str,
    d: &Diagnostic,
) -> std::io::Result<()> {
    let (line, col) = idx.line_col(text, d.span.start);
    let (end_line, end_col) = idx.line_col(text, d.span.end);
    match args.format {
        Format::Json => {
            let v = json!({
                "type": "diagnostic",
                "path": path.display().to_string(),
                "line": line,
                "column": col,
                "end_line": end_line,
                "end_column": end_col,
                "severity": d.severity.as_str(),
                "code": d.code,
                "message": d.message,
            });
            writeln!(out, "{v}")
        }
        Format::Text if args.quiet => Ok(()),
        Format::Text => {
            writeln!(
                out,
                "{}: {}{}: {}",
                style.bold(&format!("{}:{line}:{col}", path.display())),
                style.severity(d.severity),
                style.bold(&format!("[{}]", d.code)),
                d.message
            )?;
            write!(
                out,
                "{}",
                snippet(style, idx, text, d.span.start, d.span.end)
            )
        }
    }
}

fn write_summary(
    out: &mut impl Write,
    args: &CheckArgs,
    style: &Style,
    t: &Totals,
) -> std::io::Result<()> {
    match args.format {
        Format::Json => {
            let v = json!({
                "type": "summary",
                "files": t.files,
                "letters": t.letters,
                "items": t.items,
                "upheld": t.upheld,
                "overturned": t.overturned,
                "errors": t.errors,
                "warnings": t.warnings,
                "other": t.others,
                "unreadable": t.io_errors,
            });
            writeln!(out, "{v}")
        }
        Format::Text => {
            let line = format!(
                "{}, {}, {} ({} upheld, {} overturned), {}, {}",
                plural(t.files, "file", "files"),
                plural(t.letters, "letter", "letters"),
                plural(t.items, "item", "items"),
                t.upheld,
                t.overturned,
                plural(t.errors, "error", "errors"),
                plural(t.warnings, "warning", "warnings"),
            );
            writeln!(out, "{}", style.bold(&line))
        }
    }
}
