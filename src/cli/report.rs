//! `imr-lsp report`: checks and classifies a batch of letters and writes one self-contained HTML
//! page (or the same aggregates as JSON) for a QA lead or a researcher.

use super::{ReportArgs, ReportFormat};
use crate::analysis::Analysis;
use crate::classify::Classifier;
use crate::report::{html, summarise, Aggregator, FileSummary};
use std::io::{IsTerminal, Write};

/// Writes the page or the JSON straight to `out`, without building it in memory first.
fn write_report(
    report: &crate::report::Report,
    args: &ReportArgs,
    mut out: impl Write,
) -> std::io::Result<()> {
    match args.format {
        ReportFormat::Html => html::write(report, &args.title, &mut out)?,
        ReportFormat::Json => {
            serde_json::to_writer_pretty(&mut out, report)?;
            out.write_all(b"\n")?;
        }
    }
    out.flush()
}

/// The embedded category table merged with an organisation's file, or a message naming it.
pub fn load_classifier(path: Option<&std::path::Path>) -> Result<Classifier, String> {
    let embedded = Classifier::embedded();
    match path {
        None => Ok(embedded.clone()),
        Some(p) => Ok(embedded.merged(&Classifier::from_file(p)?)),
    }
}

pub fn run(args: &ReportArgs) -> i32 {
    let to_file = args.output.as_ref().filter(|p| p.as_os_str() != "-");
    // An HTML page on a terminal is a screenful of markup: ask where it should go instead.
    if to_file.is_none() && args.format == ReportFormat::Html && std::io::stdout().is_terminal() {
        eprintln!(
            "imr-lsp: report writes an HTML page, not for the terminal: give it a file with -o report.html (or redirect: > report.html), or use --format json"
        );
        return 2;
    }
    let config = match super::rule_config(&args.disable, &[]) {
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
    let classifier = match load_classifier(args.categories.as_deref()) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("imr-lsp: {e}");
            return 2;
        }
    };
    // Opened after the flags are checked and before any letter is read: a wrong folder fails
    // at once, and a usage error leaves no empty file behind.
    let file = match to_file.map(|p| super::create_output(p)).transpose() {
        Ok(f) => f,
        Err(e) => {
            eprintln!("imr-lsp: {e}");
            return 2;
        }
    };
    let found = crate::input::collect(&args.paths);
    let pool = match super::pool(args.jobs) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("imr-lsp: {e}");
            return 2;
        }
    };
    let bar = super::stream::progress(found.len());
    let mut agg = Aggregator::new();
    let (cat, cls, cfg) = (&catalog, &classifier, &config);
    super::stream::for_each_in_order(
        &pool,
        &found,
        &super::read_options(args.pdf_max_inflate),
        |p, read| -> Result<FileSummary, (String, crate::input::Unreadable)> {
            let name = p.display().to_string();
            let read = read.map_err(|e| (name.clone(), e))?;
            let analysis = Analysis::new(&read.text, cat.clone());
            let mut diags: Vec<_> = analysis.findings().cloned().collect();
            cfg.apply(&mut diags);
            Ok(summarise(&name, &read, &analysis, &diags, cls))
        },
        |r| {
            match r {
                Ok(s) => agg.add(s),
                Err((name, e)) => {
                    bar.suspend(|| eprintln!("imr-lsp: {e}"));
                    agg.unreadable(&name, &e.reason());
                }
            }
            bar.inc(1);
            true
        },
    );
    bar.finish_and_clear();
    let mut report = agg.finish(&catalog, &classifier);
    report.inputs = args.paths.iter().map(|p| p.display().to_string()).collect();
    let written = match (to_file, file) {
        (Some(path), Some(f)) => write_report(&report, args, std::io::BufWriter::new(f))
            .map_err(|e| format!("{}: {e}", path.display())),
        _ => match write_report(
            &report,
            args,
            std::io::BufWriter::new(std::io::stdout().lock()),
        ) {
            Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e.to_string()),
            _ => Ok(()),
        },
    };
    if let Err(e) = written {
        eprintln!("imr-lsp: {e}");
        return 2;
    }
    if let Some(path) = args.output.as_ref().filter(|p| p.as_os_str() != "-") {
        eprintln!(
            "imr-lsp: {}: {} letters, {} items ({} upheld, {} overturned), {} unreadable files",
            path.display(),
            report.letters,
            report.items,
            report.upheld,
            report.overturned,
            report.unreadable
        );
    }
    if report.unreadable > 0 {
        2
    } else {
        0
    }
}
