//! `imr-lsp extract`: the model as JSON lines, one letter per line, for QA and research.

use super::files;
use super::ExtractArgs;
use crate::model::{FieldKind, Letter};
use rayon::prelude::*;
use serde_json::{json, Value};
use std::io::Write;
use std::path::PathBuf;

/// One letter as the JSON line `extract` prints.
pub fn letter_json(path: &str, index: usize, letter: &Letter, text: &str) -> Value {
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
            let citations: Vec<Value> = i
                .fields
                .iter()
                .filter(|f| f.kind.cites_guidelines())
                .flat_map(|f| {
                    f.citations.iter().map(move |c| {
                        let cat = crate::catalog::Catalog::embedded();
                        let r = crate::catalog::cite::resolve(cat, c, c.span.text(text));
                        let g = r.guideline.map(|(g, _)| &cat.guidelines[g]);
                        json!({
                            "guideline_id": g.map(|g| g.id.clone()),
                            "topics": r.topics.iter().filter_map(|t| Some(g?.topics[t.topic].name.clone())).collect::<Vec<_>>(),
                            "field": f.kind,
                            "non_mtus": c.non_mtus,
                            "guideline": crate::parser::collapse(c.guideline.text(text)),
                            "sections": c.sections.map(|s| crate::parser::collapse(s.text(text))),
                            "pages": c.pages.iter().map(|p| [p.first, p.last]).collect::<Vec<_>>(),
                        })
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
                "eligible_portion": i.eligible_portion.as_ref().map(|p| p.text.clone()),
                "fields": fields,
                "no_evidence": i.fields.iter().filter(|f| f.no_evidence).map(|f| f.kind).collect::<Vec<_>>(),
                "citations": citations,
                "conclusion": i.conclusion.as_ref().map(|c| json!({
                    "necessary": c.necessary,
                    "sentence": crate::parser::collapse(c.sentence.text(text)),
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

pub fn run(args: &ExtractArgs) -> i32 {
    let found = files::collect(&args.paths);
    let pool = match super::pool(args.jobs) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("imr-lsp: {e}");
            return 2;
        }
    };
    type Lines = Result<(Vec<Value>, Option<&'static str>), files::Unreadable>;
    let results: Vec<(PathBuf, Lines)> = pool.install(|| {
        found
            .into_par_iter()
            .map(|f| {
                let p = match f {
                    Ok(p) => p,
                    Err(e) => return (e.path.clone(), Err(e)),
                };
                let r = files::read(&p).map(|read| {
                    let model = crate::parser::parse(&read.text);
                    let name = p.display().to_string();
                    let lines = model
                        .letters
                        .iter()
                        .enumerate()
                        .map(|(n, l)| letter_json(&name, n, l, &read.text))
                        .collect();
                    (lines, read.warning())
                });
                (p, r)
            })
            .collect()
    });
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut status = 0;
    for (path, r) in results {
        match r {
            Ok((lines, warning)) => {
                if let Some(w) = warning {
                    let _ = out.flush();
                    eprintln!("imr-lsp: {}: {w}", path.display());
                }
                if lines.is_empty() {
                    let _ = out.flush();
                    eprintln!(
                        "imr-lsp: {}: no IMR letter found in this file",
                        path.display()
                    );
                }
                for l in lines {
                    let _ = writeln!(out, "{l}");
                }
            }
            Err(e) => {
                eprintln!("imr-lsp: {e}");
                status = 2;
            }
        }
    }
    let _ = out.flush();
    status
}
