//! Checks a catalog entry before it is accepted, and finds the file line an error belongs to.

use super::{CatalogError, Guideline};

/// The placeholders a `url_template` may use (documented in `docs/catalog.md`).
pub const TEMPLATE_PLACEHOLDERS: [&str; 3] = ["{chapter}", "{topic}", "{page}"];

/// Checks one guideline; `text` (the source file, possibly empty) is only used to find lines.
pub(super) fn validate_guideline(g: &Guideline, text: &str) -> Result<(), CatalogError> {
    if g.id.trim().is_empty() {
        return Err(CatalogError {
            line: find_line(text, |l| key_is(l, "id") && l.contains("\"\"")),
            message: "guideline id is empty".to_string(),
        });
    }
    for (key, url) in [("url", &g.url), ("publisher_url", &g.publisher_url)] {
        let Some(url) = url else { continue };
        // Only https and local files (the check every link passes, `url::check`): a catalog
        // must not make the editor open http or script URLs, or a host other than it shows.
        if let Err(why) = super::url::check(url, super::url::Origin::Catalog) {
            let why = why.strip_prefix("not linked: ").unwrap_or(why);
            return Err(CatalogError {
                line: find_line(text, |l| key_is(l, key) && l.contains(url.as_str())),
                message: format!("guideline `{}`: {key} `{url}` refused: {why}", g.id),
            });
        }
    }
    if let Some(t) = &g.url_template {
        if let Err(why) = check_template(t) {
            return Err(CatalogError {
                line: find_line(text, |l| {
                    key_is(l, "url_template") && l.contains(t.as_str())
                }),
                message: format!("guideline `{}`: url_template `{t}` refused: {why}", g.id),
            });
        }
    }
    for t in &g.topics {
        if t.name.trim().is_empty() {
            return Err(CatalogError {
                line: topic_line(text, &g.id, "", "name"),
                message: format!("guideline `{}`: a topic has an empty name", g.id),
            });
        }
        for &(first, last) in &t.pages {
            if first == 0 || first > last {
                return Err(CatalogError {
                    line: topic_line(text, &g.id, &t.name, "pages"),
                    message: format!(
                        "guideline `{}`, topic `{}`: page range [{first}, {last}] must have 1 <= first <= last",
                        g.id, t.name
                    ),
                });
            }
        }
    }
    Ok(())
}

/// Why a URL template is refused: it must be https (it points into a subscription, so never
/// plain http or a local file) and use only the documented placeholders.
fn check_template(t: &str) -> Result<(), String> {
    if !t.trim_start().to_ascii_lowercase().starts_with("https://") {
        return Err("it must start with https://".to_string());
    }
    let mut rest = t;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else {
            return Err("a `{` is never closed".to_string());
        };
        let name = &rest[open..open + close + 1];
        if !TEMPLATE_PLACEHOLDERS.contains(&name) {
            return Err(format!(
                "unknown placeholder `{name}` (use {})",
                TEMPLATE_PLACEHOLDERS.join(", ")
            ));
        }
        rest = &rest[open + close + 1..];
    }
    if rest.contains('}') {
        return Err("a `}` has no opening `{`".to_string());
    }
    // Filled in, it must pass the check every link passes (placeholder values are
    // percent-encoded path text, so `x` stands for any of them).
    let mut filled = t.to_string();
    for p in TEMPLATE_PLACEHOLDERS {
        filled = filled.replace(p, "x");
    }
    super::url::check(&filled, super::url::Origin::Catalog)
        .map_err(|why| why.strip_prefix("not linked: ").unwrap_or(why).to_string())?;
    Ok(())
}

/// 1-based line number of byte offset `at`.
pub(super) fn line_at(text: &str, at: usize) -> usize {
    let at = at.min(text.len());
    text.as_bytes()[..at]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// Whether a TOML (`key =`) or JSON (`"key":`) line sets `key`.
fn key_is(line: &str, key: &str) -> bool {
    let l = line.trim_start().trim_start_matches(['{', ',', ' ']);
    let l = l.strip_prefix('"').unwrap_or(l);
    l.strip_prefix(key)
        .map(|rest| {
            let rest = rest.strip_prefix('"').unwrap_or(rest).trim_start();
            rest.starts_with('=') || rest.starts_with(':')
        })
        .unwrap_or(false)
}

fn find_line(text: &str, pred: impl Fn(&str) -> bool) -> Option<usize> {
    text.lines().position(pred).map(|i| i + 1)
}

/// Line of the `skip`-th (0-based) `id = "<id>"` entry.
pub(super) fn id_line(text: &str, id: &str, skip: usize) -> Option<usize> {
    let quoted = format!("\"{id}\"");
    text.lines()
        .enumerate()
        .filter(|(_, l)| key_is(l, "id") && l.contains(&quoted))
        .nth(skip)
        .map(|(i, _)| i + 1)
}

/// Line of `key` in topic `name` of guideline `id`, falling back to the topic's then the
/// guideline's line when the key cannot be found.
fn topic_line(text: &str, id: &str, name: &str, key: &str) -> Option<usize> {
    let start = id_line(text, id, 0)?;
    let quoted = format!("\"{name}\"");
    let mut lines = text
        .lines()
        .enumerate()
        .skip(start)
        .take_while(|(_, l)| !key_is(l, "id"));
    let Some((name_at, _)) = lines.find(|(_, l)| key_is(l, "name") && l.contains(&quoted)) else {
        return Some(start);
    };
    let key_at = lines
        .take_while(|(_, l)| !key_is(l, "name"))
        .find(|(_, l)| key_is(l, key))
        .map(|(i, _)| i);
    Some(key_at.unwrap_or(name_at) + 1)
}
