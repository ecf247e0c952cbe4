//! Guideline catalog: which treatment guidelines exist, how letters name them, and where topics sit.
//!
//! The data lives in `guidelines.toml` (embedded at compile time); an organisation can layer its own
//! TOML or JSON file on top with [`Catalog::merged`] (see `docs/catalog.md`). This module is a leaf:
//! plain data plus string matching, with no dependency on the rest of the crate.

pub mod cite;
mod resolve;

pub use resolve::{GuidelineMatch, TopicMatch};

use serde::{Deserialize, Serialize};
use std::fmt;
use std::sync::OnceLock;

/// The embedded catalog source, compiled into the binary so the tool works offline.
const EMBEDDED_TOML: &str = include_str!("guidelines.toml");

/// A set of guidelines plus a precomputed matching index.
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    /// The guidelines, in file order (overlay additions appended).
    pub guidelines: Vec<Guideline>,
    /// Normalised aliases, built once so matching never re-normalises the catalog per call.
    index: resolve::Index,
    /// Per guideline, which fields the source file actually set; drives overlay semantics.
    explicit: Vec<u16>,
}

/// One published guideline (or one chapter of a guideline family such as ODG or ACOEM).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Guideline {
    /// Stable identifier, e.g. `mtus-chronic-pain-2009`.
    pub id: String,
    /// Title as published.
    pub title: String,
    /// Short display name for hovers and reports.
    pub short: String,
    /// Edition or year, e.g. `2009`.
    pub edition: String,
    /// Regulation that adopts it, e.g. `8 CCR 9792.24.2`; `None` for non-MTUS sources.
    pub rule: Option<String>,
    /// PDF or landing page; only `https:` and `file:` URLs are accepted.
    pub url: Option<String>,
    /// Whether someone confirmed the URL resolves (false means "believed to be").
    pub url_verified: bool,
    /// Who can read it; decides whether deep page links are offered.
    pub access: Access,
    /// Licence or access note for hovers.
    pub licence_note: Option<String>,
    /// Number of physical pages in the PDF, when known.
    pub page_count: Option<u32>,
    /// Physical PDF page = printed page + `page_offset`.
    pub page_offset: i32,
    /// Id of the family this guideline is a chapter of (e.g. `odg`), if any.
    pub parent: Option<String>,
    /// Names letters use for the guideline on their own, e.g. `MTUS Chronic Pain Medical Treatment 2009`.
    pub aliases: Vec<String>,
    /// Names that select this chapter right after a parent alias, e.g. `Pain` in `ODG Pain`.
    pub chapter_aliases: Vec<String>,
    /// Sections or topics of the guideline.
    pub topics: Vec<Topic>,
}

/// Who can read a guideline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Access {
    /// Freely downloadable (PDF links get `#page=N`).
    Public,
    /// Licensed text (e.g. ACOEM): link to the landing page only.
    Licensed,
    /// Paid subscription (ODG, UpToDate): link to the landing page only.
    Subscription,
}

/// One section or topic of a guideline.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Topic {
    /// Canonical name; it is also matched as an alias.
    pub name: String,
    /// Other spellings letters use, e.g. `Flexeril` for `Cyclobenzaprine (Flexeril)`.
    pub aliases: Vec<String>,
    /// Printed page ranges `(first, last)`, inclusive; empty when unknown.
    pub pages: Vec<(u32, u32)>,
    /// How sure the page figure is.
    pub confidence: Confidence,
    /// Where the page figure came from.
    pub source: String,
}

/// How well a topic's page figure is supported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Confidence {
    /// Seen in two or more letters.
    Confirmed,
    /// Seen in one letter.
    SingleLetter,
    /// Recalled or unknown.
    Unverified,
}

/// A catalog file that could not be loaded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogError {
    /// 1-based line of the problem, when it can be located.
    pub line: Option<usize>,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for CatalogError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "line {line}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for CatalogError {}

impl Access {
    /// The spelling used in the data file.
    pub fn as_str(self) -> &'static str {
        match self {
            Access::Public => "public",
            Access::Licensed => "licensed",
            Access::Subscription => "subscription",
        }
    }
}

impl Confidence {
    /// The spelling used in the data file.
    pub fn as_str(self) -> &'static str {
        match self {
            Confidence::Confirmed => "confirmed",
            Confidence::SingleLetter => "single-letter",
            Confidence::Unverified => "unverified",
        }
    }
}

// Bits of `Catalog::explicit`: which optional fields a file set, so an overlay only overrides those.
const F_TITLE: u16 = 1;
const F_SHORT: u16 = 1 << 1;
const F_EDITION: u16 = 1 << 2;
const F_RULE: u16 = 1 << 3;
const F_URL: u16 = 1 << 4;
const F_URL_VERIFIED: u16 = 1 << 5;
const F_ACCESS: u16 = 1 << 6;
const F_LICENCE: u16 = 1 << 7;
const F_PAGE_COUNT: u16 = 1 << 8;
const F_PAGE_OFFSET: u16 = 1 << 9;
const F_PARENT: u16 = 1 << 10;
const F_ALIASES: u16 = 1 << 11;
const F_CHAPTER_ALIASES: u16 = 1 << 12;
const F_ALL: u16 = (1 << 13) - 1;

/// File shape shared by TOML and JSON. Every guideline field but `id` is optional so that an
/// overlay can say just `id` + `url`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    #[allow(dead_code)] // reserved for future schema changes; accepted so files can declare it
    version: Option<u32>,
    #[serde(default, alias = "guidelines")]
    guideline: Vec<RawGuideline>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGuideline {
    id: String,
    title: Option<String>,
    short: Option<String>,
    edition: Option<String>,
    rule: Option<String>,
    url: Option<String>,
    url_verified: Option<bool>,
    access: Option<Access>,
    licence_note: Option<String>,
    page_count: Option<u32>,
    page_offset: Option<i32>,
    parent: Option<String>,
    aliases: Option<Vec<String>>,
    chapter_aliases: Option<Vec<String>>,
    #[serde(default, alias = "topics")]
    topic: Vec<RawTopic>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTopic {
    name: String,
    #[serde(default)]
    aliases: Vec<String>,
    #[serde(default)]
    pages: Vec<(u32, u32)>,
    confidence: Option<Confidence>,
    #[serde(default)]
    source: String,
}

/// Page ranges as letters write them: `41-42, 60`.
pub fn pages_label(pages: &[(u32, u32)]) -> String {
    pages
        .iter()
        .map(|&(a, b)| {
            if a == b {
                a.to_string()
            } else {
                format!("{a}-{b}")
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
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
        let explicit = vec![F_ALL; guidelines.len()];
        Ok(Catalog::with_index(guidelines, explicit))
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
    /// unknown ids are appended.
    pub fn merged(&self, overlay: &Catalog) -> Catalog {
        let mut guidelines = self.guidelines.clone();
        let mut explicit = self.explicit.clone();
        explicit.resize(guidelines.len(), F_ALL);
        for (oi, o) in overlay.guidelines.iter().enumerate() {
            let set = overlay.explicit.get(oi).copied().unwrap_or(F_ALL);
            let Some(pos) = guidelines.iter().position(|g| g.id == o.id) else {
                guidelines.push(o.clone());
                explicit.push(set);
                continue;
            };
            let g = &mut guidelines[pos];
            if set & F_TITLE != 0 {
                g.title = o.title.clone();
            }
            if set & F_SHORT != 0 {
                g.short = o.short.clone();
            }
            if set & F_EDITION != 0 {
                g.edition = o.edition.clone();
            }
            if set & F_RULE != 0 {
                g.rule = o.rule.clone();
            }
            if set & F_URL != 0 {
                g.url = o.url.clone();
                // A new URL is only as verified as the overlay says; default to "not verified".
                if set & F_URL_VERIFIED == 0 {
                    g.url_verified = false;
                }
            }
            if set & F_URL_VERIFIED != 0 {
                g.url_verified = o.url_verified;
            }
            if set & F_ACCESS != 0 {
                g.access = o.access;
            }
            if set & F_LICENCE != 0 {
                g.licence_note = o.licence_note.clone();
            }
            if set & F_PAGE_COUNT != 0 {
                g.page_count = o.page_count;
            }
            if set & F_PAGE_OFFSET != 0 {
                g.page_offset = o.page_offset;
            }
            if set & F_PARENT != 0 {
                g.parent = o.parent.clone();
            }
            // Aliases accumulate: an organisation adds its own spellings without restating ours.
            if set & F_ALIASES != 0 {
                add_unique(&mut g.aliases, &o.aliases);
            }
            if set & F_CHAPTER_ALIASES != 0 {
                add_unique(&mut g.chapter_aliases, &o.chapter_aliases);
            }
            for t in &o.topics {
                let key = resolve::normalise_key(&t.name);
                match g
                    .topics
                    .iter()
                    .position(|x| resolve::normalise_key(&x.name) == key)
                {
                    Some(ti) => g.topics[ti] = t.clone(),
                    None => g.topics.push(t.clone()),
                }
            }
            explicit[pos] |= set;
        }
        Catalog::with_index(guidelines, explicit)
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
        self.explicit.resize(self.guidelines.len(), F_ALL);
        self.index = resolve::Index::build(&self.guidelines);
    }

    fn with_index(guidelines: Vec<Guideline>, explicit: Vec<u16>) -> Catalog {
        let index = resolve::Index::build(&guidelines);
        Catalog {
            guidelines,
            index,
            explicit,
        }
    }

    fn from_raw(raw: RawFile, text: &str) -> Result<Catalog, CatalogError> {
        let mut guidelines = Vec::with_capacity(raw.guideline.len());
        let mut explicit = Vec::with_capacity(raw.guideline.len());
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
            explicit.push(set);
        }
        Ok(Catalog::with_index(guidelines, explicit))
    }
}

fn add_unique(into: &mut Vec<String>, from: &[String]) {
    for a in from {
        if !into.iter().any(|x| x == a) {
            into.push(a.clone());
        }
    }
}

fn guideline_from_raw(r: RawGuideline) -> (Guideline, u16) {
    let mut set = 0u16;
    let mut mark = |present: bool, bit: u16| {
        if present {
            set |= bit;
        }
    };
    mark(r.title.is_some(), F_TITLE);
    mark(r.short.is_some(), F_SHORT);
    mark(r.edition.is_some(), F_EDITION);
    mark(r.rule.is_some(), F_RULE);
    mark(r.url.is_some(), F_URL);
    mark(r.url_verified.is_some(), F_URL_VERIFIED);
    mark(r.access.is_some(), F_ACCESS);
    mark(r.licence_note.is_some(), F_LICENCE);
    mark(r.page_count.is_some(), F_PAGE_COUNT);
    mark(r.page_offset.is_some(), F_PAGE_OFFSET);
    mark(r.parent.is_some(), F_PARENT);
    mark(r.aliases.is_some(), F_ALIASES);
    mark(r.chapter_aliases.is_some(), F_CHAPTER_ALIASES);
    // Empty strings mean "clear this field", so an overlay can remove a URL it must not expose.
    let opt = |s: Option<String>| s.filter(|s| !s.trim().is_empty());
    let title = r.title.unwrap_or_else(|| r.id.clone());
    let g = Guideline {
        short: r.short.unwrap_or_else(|| title.clone()),
        title,
        edition: r.edition.unwrap_or_default(),
        rule: opt(r.rule),
        url: opt(r.url),
        url_verified: r.url_verified.unwrap_or(false),
        access: r.access.unwrap_or(Access::Public),
        licence_note: opt(r.licence_note),
        page_count: r.page_count,
        page_offset: r.page_offset.unwrap_or(0),
        parent: opt(r.parent),
        aliases: r.aliases.unwrap_or_default(),
        chapter_aliases: r.chapter_aliases.unwrap_or_default(),
        topics: r
            .topic
            .into_iter()
            .map(|t| Topic {
                confidence: t.confidence.unwrap_or(Confidence::Unverified),
                name: t.name,
                aliases: t.aliases,
                pages: t.pages,
                source: t.source,
            })
            .collect(),
        id: r.id,
    };
    (g, set)
}

/// Checks one guideline; `text` (the source file, possibly empty) is only used to find lines.
fn validate_guideline(g: &Guideline, text: &str) -> Result<(), CatalogError> {
    if g.id.trim().is_empty() {
        return Err(CatalogError {
            line: find_line(text, |l| key_is(l, "id") && l.contains("\"\"")),
            message: "guideline id is empty".to_string(),
        });
    }
    if let Some(url) = &g.url {
        // Only https and local files: a catalog must not make the editor open http or script URLs.
        let lower = url.trim_start().to_ascii_lowercase();
        if !(lower.starts_with("https:") || lower.starts_with("file:")) {
            return Err(CatalogError {
                line: find_line(text, |l| key_is(l, "url") && l.contains(url.as_str())),
                message: format!(
                    "guideline `{}`: url `{url}` refused: only https: and file: URLs are accepted",
                    g.id
                ),
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

/// 1-based line number of byte offset `at`.
fn line_at(text: &str, at: usize) -> usize {
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
fn id_line(text: &str, id: &str, skip: usize) -> Option<usize> {
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

#[cfg(test)]
mod tests;
