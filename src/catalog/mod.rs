//! Guideline catalog: which treatment guidelines exist, how letters name them, and where topics sit.
//!
//! The data lives in `guidelines.toml` (embedded at compile time); an organisation can layer its own
//! TOML or JSON file on top with [`Catalog::merged`] (see `docs/catalog.md`). This module is a leaf:
//! plain data plus string matching over text and byte ranges, with no dependency on the rest of the
//! crate (the letter model's citations are adapted to it on the rules side, `rules::cite`).
//!
//! `types` holds the data, `overlay` the file shape and merging, `validate` the checks on a file,
//! `resolve` the matching, `cite` a citation's resolution and `present` labels and links.

pub mod cite;
mod overlay;
mod present;
mod resolve;
mod types;
pub mod url;
mod validate;

pub use present::{pages_label, Link, LinkKind};
pub use resolve::{GuidelineMatch, TopicMatch};
pub use types::{Access, CatalogError, Confidence, Guideline, Topic};
pub use validate::TEMPLATE_PLACEHOLDERS;

use overlay::{guideline_from_raw, merge_into, Patch, RawFile};
use std::sync::OnceLock;
use validate::{id_line, line_at, validate_guideline};

/// The embedded catalog source, compiled into the binary so the tool works offline.
const EMBEDDED_TOML: &str = include_str!("guidelines.toml");

/// A set of guidelines plus a precomputed matching index.
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    /// The guidelines, in file order (overlay additions appended).
    pub guidelines: Vec<Guideline>,
    /// Normalised aliases, built once so matching never re-normalises the catalog per call.
    index: resolve::Index,
    /// Per guideline, the fields its source file set (`None`: all of them, for a guideline built
    /// in code); an overlay overrides only those.
    patches: Vec<Option<Patch>>,
    /// Whether `http:` addresses cited in letters become links; `None` when the file is silent.
    allow_http_links: Option<bool>,
}

impl Catalog {
    /// Reads an organisation's catalog file: JSON by its extension, TOML otherwise.
    pub fn from_file(path: &std::path::Path) -> Result<Catalog, String> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let parsed = if path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("json"))
        {
            Catalog::from_json(&text)
        } else {
            Catalog::from_toml(&text)
        };
        parsed.map_err(|e| format!("{}: {e}", path.display()))
    }

    /// The catalog compiled into the binary, parsed once on first use.
    pub fn embedded() -> &'static Catalog {
        static EMBEDDED: OnceLock<Catalog> = OnceLock::new();
        EMBEDDED.get_or_init(|| {
            // A unit test parses the same text, so a broken data file fails `cargo test`, not users.
            Catalog::from_toml(EMBEDDED_TOML).expect("embedded guidelines.toml is valid")
        })
    }

    /// Builds a catalog from guidelines assembled in code; all fields count as set for merging.
    pub fn new(guidelines: Vec<Guideline>) -> Result<Catalog, CatalogError> {
        for (i, g) in guidelines.iter().enumerate() {
            validate_guideline(g, "")?;
            if guidelines[..i].iter().any(|o| o.id == g.id) {
                return Err(CatalogError {
                    line: None,
                    message: format!("duplicate guideline id `{}`", g.id),
                });
            }
        }
        let patches = vec![None; guidelines.len()];
        Ok(Catalog::with_index(guidelines, patches, None))
    }

    /// Parses a catalog (or overlay) in TOML; errors name the offending line.
    pub fn from_toml(text: &str) -> Result<Catalog, CatalogError> {
        let raw: RawFile = toml::from_str(text).map_err(|e| CatalogError {
            line: e.span().map(|s| line_at(text, s.start)),
            message: e.message().trim().to_string(),
        })?;
        Catalog::from_raw(raw, text)
    }

    /// Parses a catalog (or overlay) in JSON with the same schema as the TOML form.
    pub fn from_json(text: &str) -> Result<Catalog, CatalogError> {
        let raw: RawFile = serde_json::from_str(text).map_err(|e| {
            let full = e.to_string();
            // serde_json appends " at line L column C"; the line goes in its own field instead.
            let message = match full.rfind(" at line ") {
                Some(cut) => full[..cut].to_string(),
                None => full,
            };
            CatalogError {
                line: (e.line() > 0).then_some(e.line()),
                message,
            }
        })?;
        Catalog::from_raw(raw, text)
    }

    /// Returns a copy of `self` with `overlay` applied: for an existing id, the fields the overlay
    /// set replace ours, its aliases are added, and its topics replace ours by name (or are added);
    /// unknown ids are appended. File-wide settings the overlay makes replace ours.
    pub fn merged(&self, overlay: &Catalog) -> Catalog {
        let mut guidelines = self.guidelines.clone();
        let mut patches = self.patches.clone();
        patches.resize(guidelines.len(), None);
        for (oi, o) in overlay.guidelines.iter().enumerate() {
            let set = overlay.patches.get(oi).cloned().flatten();
            let Some(pos) = guidelines.iter().position(|g| g.id == o.id) else {
                guidelines.push(o.clone());
                patches.push(set);
                continue;
            };
            merge_into(&mut guidelines[pos], o, set.as_ref());
            patches[pos] = match (&patches[pos], set) {
                (Some(ours), Some(theirs)) => Some(ours.then(&theirs)),
                _ => None,
            };
        }
        let allow_http = overlay.allow_http_links.or(self.allow_http_links);
        Catalog::with_index(guidelines, patches, allow_http)
    }

    /// The guideline with this id.
    pub fn guideline(&self, id: &str) -> Option<&Guideline> {
        self.index.by_id.get(id).map(|&i| &self.guidelines[i])
    }

    /// Index of the guideline with this id (useful with [`GuidelineMatch::index`]).
    pub fn position(&self, id: &str) -> Option<usize> {
        self.index.by_id.get(id).copied()
    }

    /// Rebuilds the matching index; call after editing `guidelines` in place.
    pub fn reindex(&mut self) {
        self.patches.resize(self.guidelines.len(), None);
        self.index = resolve::Index::build(&self.guidelines);
    }

    fn with_index(
        guidelines: Vec<Guideline>,
        patches: Vec<Option<Patch>>,
        allow_http_links: Option<bool>,
    ) -> Catalog {
        let index = resolve::Index::build(&guidelines);
        Catalog {
            guidelines,
            index,
            patches,
            allow_http_links,
        }
    }

    fn from_raw(raw: RawFile, text: &str) -> Result<Catalog, CatalogError> {
        let mut guidelines = Vec::with_capacity(raw.guideline.len());
        let mut patches = Vec::with_capacity(raw.guideline.len());
        for r in raw.guideline {
            let (g, set) = guideline_from_raw(r);
            validate_guideline(&g, text)?;
            if guidelines.iter().any(|o: &Guideline| o.id == g.id) {
                return Err(CatalogError {
                    line: id_line(text, &g.id, 1),
                    message: format!("duplicate guideline id `{}`", g.id),
                });
            }
            guidelines.push(g);
            patches.push(Some(set));
        }
        Ok(Catalog::with_index(
            guidelines,
            patches,
            raw.allow_http_links,
        ))
    }
}

#[cfg(test)]
mod tests;
