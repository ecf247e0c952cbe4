//! `imr-lsp catalog`: what each guideline and topic links to, after merging an overlay.

use super::{CatalogArgs, Format};
use crate::catalog::{pages_label, Catalog};
use std::io::Write;

/// The embedded catalog merged with `path`, or a message naming the file and line.
pub fn load(path: Option<&std::path::Path>) -> Result<std::sync::Arc<Catalog>, String> {
    let embedded = Catalog::embedded();
    let Some(path) = path else {
        return Ok(std::sync::Arc::new(embedded.clone()));
    };
    Ok(std::sync::Arc::new(
        embedded.merged(&Catalog::from_file(path)?),
    ))
}

pub fn run(args: &CatalogArgs) -> i32 {
    let cat = match load(args.catalog.as_deref()) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("imr-lsp: {e}");
            return 2;
        }
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let r = match args.format {
        Format::Json => match serde_json::to_string_pretty(&cat.guidelines) {
            Ok(s) => writeln!(out, "{s}"),
            Err(e) => Err(std::io::Error::other(e)),
        },
        Format::Text => write_text(&mut out, &cat),
    };
    match r.and_then(|_| out.flush()) {
        Ok(()) => 0,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => 0,
        Err(e) => {
            eprintln!("imr-lsp: {e}");
            2
        }
    }
}

fn write_text(out: &mut impl Write, cat: &Catalog) -> std::io::Result<()> {
    for g in &cat.guidelines {
        writeln!(out, "{} — {} ({})", g.id, g.title, g.edition)?;
        let rule = g.rule.as_deref().unwrap_or("non-MTUS");
        let url = g.url.as_deref().unwrap_or("(no link)");
        let verified = if g.url_verified { "" } else { " [unverified]" };
        writeln!(out, "    {rule} · {} · {url}{verified}", g.access.as_str())?;
        for t in &g.topics {
            let pages = pages_label(&t.pages);
            let link = t
                .pages
                .first()
                .and_then(|&(a, _)| cat.page_link(g, a))
                .unwrap_or_default();
            if pages.is_empty() {
                writeln!(out, "    - {}", t.name)?;
            } else {
                writeln!(
                    out,
                    "    - {} · pp. {} · {} · {link}",
                    t.name,
                    pages,
                    t.confidence.as_str()
                )?;
            }
        }
    }
    Ok(())
}
