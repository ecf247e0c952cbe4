//! The catalog's data types: guidelines, topics, access and confidence, loading errors.

use serde::{Deserialize, Serialize};
use std::fmt;

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
    /// Who publishes it (`MCG Health`, `ACOEM`); chapters inherit their family's.
    pub publisher: Option<String>,
    /// The publisher's own page for the guideline (licensed text: where a subscriber signs in);
    /// chapters inherit their family's. The link of last resort.
    pub publisher_url: Option<String>,
    /// An organisation's deep link into its own copy, with `{chapter}`, `{topic}` and `{page}`
    /// placeholders (see `docs/catalog.md`); chapters inherit their family's.
    pub url_template: Option<String>,
    /// The chapter's name for hovers and `{chapter}`; defaults to the first chapter alias.
    pub chapter: Option<String>,
    /// Names letters use for the guideline on their own, e.g. `MTUS Chronic Pain Medical Treatment 2009`.
    pub aliases: Vec<String>,
    /// Names that select this chapter right after a parent alias, e.g. `Pain` in `ODG Pain`.
    pub chapter_aliases: Vec<String>,
    /// The body parts a body-part chapter covers, as site names of the parser's vocabulary
    /// (`lumbar`, `knee`, `upper extremity`); empty for a guideline of no body part.
    pub body_parts: Vec<String>,
    /// Sections or topics of the guideline.
    pub topics: Vec<Topic>,
}

impl Guideline {
    /// A guideline with only an id: what a file entry starts from before its fields are applied.
    pub(super) fn bare(id: String) -> Guideline {
        Guideline {
            title: id.clone(),
            short: String::new(),
            edition: String::new(),
            rule: None,
            url: None,
            url_verified: false,
            access: Access::Public,
            licence_note: None,
            page_count: None,
            page_offset: 0,
            parent: None,
            publisher: None,
            publisher_url: None,
            url_template: None,
            chapter: None,
            aliases: Vec::new(),
            chapter_aliases: Vec::new(),
            body_parts: Vec::new(),
            topics: Vec::new(),
            id,
        }
    }
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
