//! `textDocument/completion` in guideline fields: guideline names, then topics with their pages,
//! inserting the phrasing letters use.

use crate::catalog::{pages_label, Catalog};
use crate::model::Model;
use tower_lsp_server::ls_types::{CompletionItem, CompletionItemKind, Documentation};

/// Whether `offset` is in a guideline field (label line or body), where citations are written.
pub fn in_guideline_field(model: &Model, offset: usize, line_text: &str) -> bool {
    let in_field = model
        .letters
        .iter()
        .flat_map(|l| &l.items)
        .flat_map(|i| &i.fields)
        .any(|f| {
            f.kind.cites_guidelines()
                && f.label.start <= offset
                && offset <= f.body.end.max(f.label.end)
        });
    in_field
        || crate::parser::spelling::FIELD_LABELS
            .iter()
            .any(|(l, k)| k.cites_guidelines() && line_text.trim_start().starts_with(l))
}

pub fn items(catalog: &Catalog) -> Vec<CompletionItem> {
    let mut out = Vec::new();
    for (gi, g) in catalog.guidelines.iter().enumerate() {
        let Some(cited) = g.aliases.first() else {
            continue;
        };
        let prefix = if g.rule.is_some() || g.id.starts_with("mtus") {
            ""
        } else {
            "Non-MTUS Citation "
        };
        out.push(CompletionItem {
            label: cited.clone(),
            kind: Some(CompletionItemKind::MODULE),
            detail: Some(format!("{} ({})", g.title, g.edition)),
            insert_text: Some(format!("Decision based on {prefix}{cited}")),
            filter_text: Some(format!("{cited} {}", g.short)),
            sort_text: Some(format!("0{gi:04}")),
            ..CompletionItem::default()
        });
        for (ti, t) in g.topics.iter().enumerate() {
            let pages = pages_label(&t.pages);
            let detail = if pages.is_empty() {
                g.short.clone()
            } else {
                format!("{} · pp. {pages}", g.short)
            };
            let insert = if pages.is_empty() {
                format!("Decision based on {prefix}{cited}, Section(s): {}", t.name)
            } else {
                format!(
                    "Decision based on {prefix}{cited}, Section(s): {} Page(s): {pages}.",
                    t.name
                )
            };
            out.push(CompletionItem {
                label: t.name.clone(),
                kind: Some(CompletionItemKind::REFERENCE),
                detail: Some(detail),
                // Plain text: every client accepts it (Emacs declares no markdown here).
                documentation: Some(Documentation::String(format!(
                    "{} ({}): pages {}; {}",
                    g.title,
                    g.edition,
                    if pages.is_empty() {
                        "unknown".to_string()
                    } else {
                        pages.clone()
                    },
                    t.confidence.as_str()
                ))),
                insert_text: Some(insert),
                filter_text: Some(format!("{} {}", t.name, t.aliases.join(" "))),
                sort_text: Some(format!("1{gi:04}{ti:04}")),
                ..CompletionItem::default()
            });
        }
    }
    out
}
