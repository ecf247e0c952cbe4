//! `imr-lsp check`: checks letters in parallel and reports like a compiler.

use super::render::{plural, snippet, LineIndex, Style};
use super::{CheckArgs, ColorChoice, Format};
use crate::analysis::Analysis;
use crate::catalog::Catalog;
use crate::input::{self, Text, Unreadable};
use crate::model::DecisionKind;
use crate::model::Span;
use crate::report::BySeverity;
use crate::rules::{Diagnostic, RuleConfig, Severity};
use rayon::prelude::*;
use serde_json::json;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::sync::Arc;

/// What one file produced.
struct Outcome {
    path: PathBuf,
    result: Result<FileReport, Unreadable>,
}

struct FileReport {
    read: Text,
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
    findings: BySeverity,
    unreadable: usize,
}

/// Findings about a whole file rather than a letter in it; `--disable` takes their codes too.
const FILE_FINDINGS: [&str; 1] = [NO_LETTER];
const NO_LETTER: &str = "no-letter";

fn check_file(
    path: &std::path::Path,
    config: &RuleConfig,
    catalog: &Arc<Catalog>,
    options: &input::ReadOptions,
) -> Result<FileReport, Unreadable> {
    let read = input::read_with(path, options)?;
    let analysis = Analysis::new(&read.text, catalog.clone());
    let model = &analysis.model;
    let mut diags: Vec<Diagnostic> = analysis.findings().cloned().collect();
    if model.letters.is_empty() {
        // Counting nothing in silence would hide a wrong file or a failed conversion.
        diags.push(Diagnostic {
            code: NO_LETTER,
            severity: Severity::Warning,
            message: "No IMR letter found in this file: no section heading or case number header."
                .into(),
            span: Span { start: 0, end: 0 },
            related: None,
            fixes: Vec::new(),
        });
    }
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
    let config = match super::rule_config(&args.disable, &FILE_FINDINGS) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("imr-lsp: {e}");
            return 2;
        }
    };
    let catalog = match super::catalog::load(args.catalog.as_deref()) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("imr-lsp: {e}");
            return 2;
        }
    };
    let found = input::collect(&args.paths);
    let options = super::read_options(args.pdf_max_inflate);
    let pool = match super::pool(args.jobs) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("imr-lsp: {e}");
            return 2;
        }
    };
    let outcomes: Vec<Outcome> = pool.install(|| {
        found
            .into_par_iter()
            .map(|f| match f {
                Ok(p) => Outcome {
                    result: check_file(&p, &config, &catalog, &options),
                    path: p,
                },
                Err(e) => Outcome {
                    path: e.path.clone(),
                    result: Err(e),
                },
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
                totals.unreadable += 1;
                if args.format == Format::Json {
                    let v = json!({
                        "type": "unreadable",
                        "path": e.path.display().to_string(),
                        "reason": e.reason(),
                    });
                    let _ = writeln!(out, "{v}");
                }
                // Flushed first so the message lands beside the findings of the files around it.
                let _ = out.flush();
                eprintln!("imr-lsp: {e}");
            }
            Ok(r) => {
                totals.files += 1;
                totals.letters += r.letters;
                totals.items += r.items;
                totals.upheld += r.upheld;
                totals.overturned += r.overturned;
                if let Some(w) = r.read.warning() {
                    let _ = out.flush();
                    eprintln!("imr-lsp: {}: {w}", o.path.display());
                }
                let idx = LineIndex::new(&r.read.text);
                for d in &r.diags {
                    totals.findings.add(d.severity, 1);
                    let _ = write_diag(&mut out, args, &style, &o.path, &idx, &r.read, d);
                }
            }
        }
    }
    let _ = write_summary(&mut out, args, &style, &totals);
    let _ = out.flush();
    if totals.unreadable > 0 {
        2
    } else if totals.findings.errors > 0 {
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
    read: &Text,
    d: &Diagnostic,
) -> std::io::Result<()> {
    let at = idx.locate(read, d.span.start);
    let end = idx.locate(read, d.span.end);
    match args.format {
        Format::Json => {
            let mut v = json!({
                "type": "diagnostic",
                "path": path.display().to_string(),
                "line": at.line,
                "column": at.column,
                "end_line": end.line,
                "end_column": end.column,
                "severity": d.severity.as_str(),
                "code": d.code,
                "message": d.message,
            });
            if let Some(page) = at.page {
                v["page"] = json!(page);
                v["page_line"] = json!(at.page_line);
                v["page_column"] = json!(at.page_column);
            }
            writeln!(out, "{v}")
        }
        Format::Text if args.quiet => Ok(()),
        Format::Text => {
            writeln!(
                out,
                "{}: {}{}: {}",
                style.bold(&format!("{}:{}", path.display(), at.shown())),
                style.severity(d.severity),
                style.bold(&format!("[{}]", d.code)),
                d.message
            )?;
            write!(
                out,
                "{}",
                snippet(style, idx, &read.text, d.span.start, d.span.end, &at)
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
    let undecided = t.items - t.upheld - t.overturned;
    match args.format {
        Format::Json => {
            let v = json!({
                "type": "summary",
                "files": t.files,
                "letters": t.letters,
                "items": t.items,
                "upheld": t.upheld,
                "overturned": t.overturned,
                "without_decision": undecided,
                "errors": t.findings.errors,
                "warnings": t.findings.warnings,
                "information": t.findings.information,
                "hints": t.findings.hints,
                "unreadable": t.unreadable,
            });
            writeln!(out, "{v}")
        }
        Format::Text => {
            let mut line = plural(t.files, "file", "files");
            if t.unreadable > 0 {
                line += &format!(", {} unreadable", t.unreadable);
            }
            line += &format!(
                ", {}, {} ({} upheld, {} overturned",
                plural(t.letters, "letter", "letters"),
                plural(t.items, "item", "items"),
                t.upheld,
                t.overturned,
            );
            if undecided > 0 {
                line += &format!(", {undecided} without a valid decision");
            }
            line += &format!("), {}", t.findings.shown());
            writeln!(out, "{}", style.bold(&line))
        }
    }
}
