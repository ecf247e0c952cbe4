//! `imr-lsp extract`: the model for QA and research, as JSON lines (one letter per line) or CSV
//! (one row per item, letter fields repeated; schema in docs/extract-schema.md). Streams: each
//! letter is written as soon as its chunk is parsed, and nothing is kept.

use super::{ExtractArgs, ExtractFormat};
use crate::analysis::Analysis;
use crate::catalog::Catalog;
use crate::classify::Classifier;
use crate::model::{FieldKind, Letter};
use crate::report::record::{decision_value, Credentials, HeaderFacts, ItemFacts};
use serde_json::{json, Value};
use std::io::{IsTerminal, Write};

/// One letter (`index` in the analysis) as the JSON line `extract` prints; citations as the
/// analysis resolved them.
pub fn letter_json(path: &str, index: usize, analysis: &Analysis, text: &str) -> Value {
    let letter = &analysis.model.letters[index];
    let cat = &*analysis.catalog;
    let header: serde_json::Map<String, Value> = letter
        .header
        .fields
        .iter()
        .filter_map(|f| {
            Some((
                f.label.clone(),
                Value::String(f.value.as_ref()?.text.clone()),
            ))
        })
        .collect();
    let items: Vec<Value> = letter
        .items
        .iter()
        .map(|i| {
            let citations: Vec<Value> = analysis
                .citations_of(i)
                .filter(|c| c.field.kind.cites_guidelines())
                .map(|c| {
                    let r = &c.resolved;
                    let g = r.guideline.map(|(g, _)| &cat.guidelines[g]);
                    let cite = c.citation;
                    json!({
                        "guideline_id": g.map(|g| g.id.clone()),
                        "topics": r.topics.iter().filter_map(|t| Some(g?.topics[t.topic].name.clone())).collect::<Vec<_>>(),
                        "field": c.field.kind,
                        "non_mtus": cite.non_mtus,
                        "guideline": crate::model::collapse(cite.guideline.text(text)),
                        "sections": cite.sections.map(|s| crate::model::collapse(s.text(text))),
                        "pages": cite.pages.iter().map(|p| [p.first, p.last]).collect::<Vec<_>>(),
                    })
                })
                .collect();
            let fields: Vec<&str> = FieldKind::ALL
                .iter()
                .filter(|k| i.field(**k).is_some())
                .map(|k| k.label())
                .collect();
            json!({
                "title": i.title,
                "decision": i.decision.kind.label(),
                "original_request": i.original_request.as_ref().map(|p| p.text.clone()),
                "authorized_portion": i.authorized_portion.as_ref().map(|p| p.text.clone()),
                "eligible_portion": i.eligible_portion.as_ref().map(|p| p.text.clone()),
                "fields": fields,
                "no_evidence": i.fields.iter().filter(|f| f.no_evidence).map(|f| f.kind).collect::<Vec<_>>(),
                "citations": citations,
                "conclusion": i.conclusion.as_ref().map(|c| json!({
                    "necessary": c.necessary,
                    "sentence": crate::model::collapse(c.sentence.text(text)),
                })),
            })
        })
        .collect();
    json!({
        "path": path,
        "letter": index + 1,
        "case_number": letter.header.case_number.as_ref().map(|c| c.text.clone()),
        "header": header,
        "sections": letter.sections.iter().map(|s| s.kind).collect::<Vec<_>>(),
        "items": items,
    })
}

/// Version of the CSV columns and of the fields JSON lines add to [`letter_json`]; see
/// docs/extract-schema.md. Bumped when a column changes meaning or goes away.
pub const SCHEMA_VERSION: u32 = 2;

/// The CSV header, in column order.
pub const CSV_COLUMNS: &[&str] = &[
    "schema_version",
    "path",
    "letter",
    "case_number",
    "date_assigned",
    "decision_date",
    "date_of_injury",
    "ur_denial_date",
    "application_received",
    "priority",
    "reviewer_specialty",
    "reviewer_licensure",
    "item",
    "item_title",
    "original_request",
    "authorized_portion",
    "eligible_portion",
    "decision",
    "service_category",
    "service_category_name",
    "drug_class",
    "drug_class_name",
    "maximus_guideline_ids",
    "claims_guideline_ids",
    "topics",
    "conclusion",
    "conclusion_sentence",
];

/// Everything a letter's rows need, resolved on a worker thread.
struct LetterFacts {
    header: HeaderFacts,
    credentials: Credentials,
    items: Vec<ItemFacts>,
}

fn facts(letter: &Letter, text: &str, analysis: &Analysis, classifier: &Classifier) -> LetterFacts {
    LetterFacts {
        header: HeaderFacts::of(letter),
        credentials: Credentials::of(letter, text),
        items: letter
            .items
            .iter()
            .map(|i| ItemFacts::of(i, analysis, text, classifier))
            .collect(),
    }
}

fn iso(d: &Option<crate::report::record::Date>) -> String {
    d.map(|d| d.iso()).unwrap_or_default()
}

/// The CSV rows of one letter: one per item, or one with empty item columns when it has none.
fn csv_rows(
    path: &str,
    index: usize,
    letter: &Letter,
    text: &str,
    f: &LetterFacts,
    catalog: &Catalog,
    classifier: &Classifier,
) -> Vec<Vec<String>> {
    let h = &f.header;
    let letter_cols = vec![
        SCHEMA_VERSION.to_string(),
        path.to_string(),
        (index + 1).to_string(),
        h.case_number.clone().unwrap_or_default(),
        iso(&h.date_assigned),
        iso(&h.decision_date),
        iso(&h.date_of_injury),
        iso(&h.ur_denial_date),
        iso(&h.application_received),
        h.priority.clone().unwrap_or_default(),
        f.credentials.specialty.clone().unwrap_or_default(),
        f.credentials.licensure.clone().unwrap_or_default(),
    ];
    if letter.items.is_empty() {
        let mut row = letter_cols;
        row.resize(CSV_COLUMNS.len(), String::new());
        return vec![row];
    }
    letter
        .items
        .iter()
        .zip(&f.items)
        .enumerate()
        .map(|(n, (item, facts))| {
            let mut row = letter_cols.clone();
            let spanned = |s: &Option<crate::model::Spanned>| {
                s.as_ref()
                    .map(|s| crate::model::collapse(&s.text))
                    .unwrap_or_default()
            };
            let topics: Vec<String> = facts
                .topics
                .iter()
                .map(|&(g, t)| {
                    format!(
                        "{}#{}",
                        catalog.guidelines[g].id, catalog.guidelines[g].topics[t].name
                    )
                })
                .collect();
            row.extend([
                (n + 1).to_string(),
                crate::model::collapse(crate::features::symbols::item_name(item)),
                spanned(&item.original_request),
                spanned(&item.authorized_portion),
                spanned(&item.eligible_portion),
                decision_value(&item.decision.kind),
                classifier.category_id(&facts.class).to_string(),
                classifier.category_name(&facts.class).to_string(),
                classifier
                    .drug_class_id(&facts.class)
                    .unwrap_or_default()
                    .to_string(),
                classifier
                    .drug_class_name(&facts.class)
                    .unwrap_or_default()
                    .to_string(),
                facts.maximus_ids.join("; "),
                facts.claims_ids.join("; "),
                topics.join("; "),
                item.conclusion
                    .as_ref()
                    .map(|c| {
                        if c.necessary {
                            "necessary"
                        } else {
                            "not-necessary"
                        }
                    })
                    .unwrap_or_default()
                    .to_string(),
                item.conclusion
                    .as_ref()
                    .map(|c| crate::model::collapse(c.sentence.text(text)))
                    .unwrap_or_default(),
            ]);
            row
        })
        .collect()
}

/// The JSON line: [`letter_json`] plus ISO dates, reviewer credentials, and per item its
/// partial-authorisation parts, service category, drug class and guideline ids.
fn jsonl_value(
    path: &str,
    index: usize,
    analysis: &Analysis,
    text: &str,
    f: &LetterFacts,
    classifier: &Classifier,
) -> Value {
    let letter = &analysis.model.letters[index];
    let mut v = letter_json(path, index, analysis, text);
    let h = &f.header;
    let date = |d: &Option<crate::report::record::Date>| d.map(|d| d.iso());
    if let Some(o) = v.as_object_mut() {
        o.insert("schema_version".into(), json!(SCHEMA_VERSION));
        o.insert(
            "dates".into(),
            json!({
                "assigned": date(&h.date_assigned),
                "decision": date(&h.decision_date),
                "injury": date(&h.date_of_injury),
                "ur_denial": date(&h.ur_denial_date),
                "application_received": date(&h.application_received),
            }),
        );
        o.insert("priority".into(), json!(h.priority));
        o.insert(
            "reviewer".into(),
            json!({"specialty": f.credentials.specialty, "licensure": f.credentials.licensure}),
        );
        if let Some(items) = o.get_mut("items").and_then(Value::as_array_mut) {
            for ((iv, item), facts) in items.iter_mut().zip(&letter.items).zip(&f.items) {
                let Some(io) = iv.as_object_mut() else {
                    continue;
                };
                let spanned = |s: &Option<crate::model::Spanned>| {
                    s.as_ref().map(|s| crate::model::collapse(&s.text))
                };
                io.insert(
                    "original_request".into(),
                    json!(spanned(&item.original_request)),
                );
                io.insert(
                    "authorized_portion".into(),
                    json!(spanned(&item.authorized_portion)),
                );
                io.insert(
                    "service_category".into(),
                    json!(classifier.category_id(&facts.class)),
                );
                io.insert(
                    "drug_class".into(),
                    json!(classifier.drug_class_id(&facts.class)),
                );
                io.insert("maximus_guideline_ids".into(), json!(facts.maximus_ids));
                io.insert("claims_guideline_ids".into(), json!(facts.claims_ids));
            }
        }
    }
    v
}

/// A CSV cell as a spreadsheet should see it (OWASP "CSV injection"): text that begins with `=`,
/// `+`, `-`, `@`, a tab or a carriage return gets a leading `'`, so Excel, LibreOffice and Google
/// Sheets show it as text instead of running it as a formula (`=HYPERLINK(…)` in an item line).
/// A cell that is a plain decimal number (`-5`, `+2.5`) is left as it is: no spreadsheet reads a
/// formula in it, and its column stays numeric. `raw` (`--csv-raw`) writes every cell as extracted.
fn spreadsheet_cell(cell: &str, raw: bool) -> std::borrow::Cow<'_, str> {
    let starts_formula = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if raw || !starts_formula || is_plain_number(cell) {
        return cell.into();
    }
    format!("'{cell}").into()
}

/// `[+-]digits[.digits]`: what a spreadsheet reads as a number, never as a formula.
fn is_plain_number(cell: &str) -> bool {
    let unsigned = cell.strip_prefix(['+', '-']).unwrap_or(cell);
    let (whole, fraction) = unsigned.split_once('.').unwrap_or((unsigned, "0"));
    !whole.is_empty()
        && !fraction.is_empty()
        && whole.bytes().all(|b| b.is_ascii_digit())
        && fraction.bytes().all(|b| b.is_ascii_digit())
}

/// What a file gives the writer: its rows or JSON lines, or the error reading it.
enum Out {
    Csv(Vec<Vec<String>>),
    Json(Vec<Value>),
}

pub fn run(args: &ExtractArgs) -> i32 {
    let catalog = match super::catalog::load(args.catalog.as_deref()) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("imr-lsp: {e}");
            return 2;
        }
    };
    let classifier = match super::report::load_classifier(args.categories.as_deref()) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("imr-lsp: {e}");
            return 2;
        }
    };
    // Opened after the flags are checked and before any letter is read: a wrong folder fails
    // at once, and a usage error leaves no empty file behind.
    let file = match args
        .output
        .as_ref()
        .filter(|p| p.as_os_str() != "-")
        .map(|p| super::create_output(p))
        .transpose()
    {
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
    // A bar when the rows go to a file or a pipe and a person watches the terminal.
    let bar = if file.is_some() || !std::io::stdout().is_terminal() {
        super::stream::progress(found.len())
    } else {
        indicatif::ProgressBar::hidden()
    };
    let out: Box<dyn Write> = match file {
        Some(f) => Box::new(std::io::BufWriter::new(f)),
        None => Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
    };
    // The csv writer is used for CSV only; JSON lines go straight to the buffered stdout.
    let (mut csv_out, mut json_out) = match args.format {
        ExtractFormat::Csv => (Some(csv::Writer::from_writer(out)), None),
        ExtractFormat::Jsonl => (None, Some(out)),
    };
    let mut status = 0;
    let mut write_error: Option<std::io::Error> = None;
    if let Some(w) = &mut csv_out {
        if let Err(e) = w.write_record(CSV_COLUMNS) {
            eprintln!("imr-lsp: {e}");
            return 2;
        }
    }
    let format = args.format;
    let csv_raw = args.csv_raw;
    let (cat, cls) = (&catalog, &classifier);
    super::stream::for_each_in_order(
        &pool,
        &found,
        &super::read_options(args.pdf_max_inflate),
        |p, read| {
            let read = read.map_err(|e| e.to_string())?;
            let name = p.display().to_string();
            let text = &read.text;
            let analysis = Analysis::new(text, cat.clone());
            let per_letter = analysis
                .model
                .letters
                .iter()
                .enumerate()
                .map(|(n, l)| (n, l, facts(l, text, &analysis, cls)));
            // Said on stderr by the consumer, in input order with the output.
            let mut notes: Vec<String> = read
                .warning()
                .map(|w| format!("{name}: {w}"))
                .into_iter()
                .collect();
            if analysis.model.letters.is_empty() {
                notes.push(format!("{name}: no IMR letter found in this file"));
            }
            Ok((
                notes,
                match format {
                    ExtractFormat::Csv => Out::Csv(
                        per_letter
                            .flat_map(|(n, l, f)| csv_rows(&name, n, l, text, &f, cat, cls))
                            .collect(),
                    ),
                    ExtractFormat::Jsonl => Out::Json(
                        per_letter
                            .map(|(n, _, f)| jsonl_value(&name, n, &analysis, text, &f, cls))
                            .collect(),
                    ),
                },
            ))
        },
        |r: Result<(Vec<String>, Out), String>| {
            bar.inc(1);
            let out = match r {
                Err(e) => {
                    bar.suspend(|| eprintln!("imr-lsp: {e}"));
                    status = 2;
                    return true;
                }
                Ok((notes, out)) => {
                    for n in notes {
                        bar.suspend(|| eprintln!("imr-lsp: {n}"));
                    }
                    out
                }
            };
            let written = match out {
                Out::Csv(rows) => match &mut csv_out {
                    Some(w) => rows
                        .iter()
                        .try_for_each(|row| {
                            for cell in row {
                                w.write_field(spreadsheet_cell(cell, csv_raw).as_bytes())?;
                            }
                            w.write_record(None::<&[u8]>)
                        })
                        .map_err(|e| match e.into_kind() {
                            csv::ErrorKind::Io(io) => io,
                            other => std::io::Error::other(format!("{other:?}")),
                        }),
                    None => Ok(()),
                },
                Out::Json(lines) => match &mut json_out {
                    Some(w) => lines.iter().try_for_each(|l| writeln!(w, "{l}")),
                    None => Ok(()),
                },
            };
            match written {
                Ok(()) => true,
                Err(e) => {
                    write_error = Some(e);
                    false
                }
            }
        },
    );
    bar.finish_and_clear();
    let flushed = match (&mut csv_out, &mut json_out) {
        (Some(w), _) => w.flush(),
        (_, Some(w)) => w.flush(),
        _ => Ok(()),
    };
    match write_error.or(flushed.err()) {
        None => status,
        Some(e) if e.kind() == std::io::ErrorKind::BrokenPipe => status,
        Some(e) => {
            eprintln!("imr-lsp: {e}");
            2
        }
    }
}

#[cfg(test)]
mod tests {
    use super::spreadsheet_cell;

    #[test]
    fn formula_triggers_get_a_leading_quote_and_numbers_do_not() {
        for (cell, want) in [
            (
                "=HYPERLINK(\"http://x\",\"Click\")",
                "'=HYPERLINK(\"http://x\",\"Click\")",
            ),
            ("+1+1", "'+1+1"),
            ("-2+3", "'-2+3"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\t=1", "'\t=1"),
            ("\r=1", "'\r=1"),
            ("-5", "-5"),
            ("+2.5", "+2.5"),
            ("-.5", "'-.5"),
            ("-5.", "'-5."),
            ("-", "'-"),
            ("Norco 10/325 = 1 tab", "Norco 10/325 = 1 tab"),
            ("", ""),
        ] {
            assert_eq!(spreadsheet_cell(cell, false), want, "{cell:?}");
            assert_eq!(spreadsheet_cell(cell, true), cell, "raw: {cell:?}");
        }
    }
}
