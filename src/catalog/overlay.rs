//! Catalog files and overlays: the file shape, and how an overlay's fields apply to a guideline.
//!
//! Every optional field of a guideline is declared once, in [`guideline_fields!`]; from that one
//! list come the file shape, building a guideline from a file entry and merging an overlay, so a
//! new field is one line here plus its place in [`Guideline`].

use super::resolve::normalise_key;
use super::{Access, Confidence, Guideline, Topic};
use serde::Deserialize;

/// File shape shared by TOML and JSON.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawFile {
    #[serde(default)]
    #[allow(dead_code)] // reserved for future schema changes; accepted so files can declare it
    pub(super) version: Option<u32>,
    /// Whether citations of `http:` addresses become links (they are always shown).
    #[serde(default)]
    pub(super) allow_http_links: Option<bool>,
    #[serde(default, alias = "guidelines")]
    pub(super) guideline: Vec<RawGuideline>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawTopic {
    name: String,
    #[serde(default)]
    aliases: Vec<String>,
    #[serde(default)]
    pages: Vec<(u32, u32)>,
    confidence: Option<Confidence>,
    #[serde(default)]
    source: String,
}

impl From<RawTopic> for Topic {
    fn from(t: RawTopic) -> Topic {
        Topic {
            confidence: t.confidence.unwrap_or(Confidence::Unverified),
            name: t.name,
            aliases: t.aliases,
            pages: t.pages,
            source: t.source,
        }
    }
}

/// How a value read from a file lands in a guideline field.
trait SetFrom<T> {
    fn set_from(&mut self, v: &T);
}

macro_rules! plain_set_from {
    ($($t:ty),*) => {$(
        impl SetFrom<$t> for $t {
            fn set_from(&mut self, v: &$t) {
                *self = v.clone();
            }
        }
    )*};
}
plain_set_from!(String, bool, i32, Access);

impl SetFrom<u32> for Option<u32> {
    fn set_from(&mut self, v: &u32) {
        *self = Some(*v);
    }
}

/// Empty strings mean "clear this field", so an overlay can remove a URL it must not expose.
impl SetFrom<String> for Option<String> {
    fn set_from(&mut self, v: &String) {
        *self = Some(v.clone()).filter(|s| !s.trim().is_empty());
    }
}

/// Lists accumulate: an organisation adds its own spellings without restating ours.
impl SetFrom<Vec<String>> for Vec<String> {
    fn set_from(&mut self, v: &Vec<String>) {
        for a in v {
            if !self.contains(a) {
                self.push(a.clone());
            }
        }
    }
}

/// Declares a guideline's optional fields once: the file entry ([`RawGuideline`]), the fields an
/// entry set ([`Patch`]), and applying a patch to a guideline.
macro_rules! guideline_fields {
    ($($field:ident: $ty:ty),* $(,)?) => {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        pub(super) struct RawGuideline {
            id: String,
            $($field: Option<$ty>,)*
            #[serde(default, alias = "topics")]
            topic: Vec<RawTopic>,
        }

        /// The fields one file entry set; an overlay overrides only those.
        #[derive(Debug, Clone, Default, PartialEq)]
        pub(super) struct Patch {
            $($field: Option<$ty>,)*
        }

        impl Patch {
            fn apply_fields(&self, g: &mut Guideline) {
                $(if let Some(v) = &self.$field {
                    g.$field.set_from(v);
                })*
            }

            /// The fields set by either; `later` wins.
            pub(super) fn then(&self, later: &Patch) -> Patch {
                Patch {
                    $($field: later.$field.clone().or_else(|| self.$field.clone()),)*
                }
            }
        }

        impl RawGuideline {
            fn split(self) -> (String, Patch, Vec<RawTopic>) {
                (self.id, Patch { $($field: self.$field,)* }, self.topic)
            }
        }
    };
}

guideline_fields! {
    title: String,
    short: String,
    edition: String,
    rule: String,
    url: String,
    url_verified: bool,
    access: Access,
    licence_note: String,
    page_count: u32,
    page_offset: i32,
    parent: String,
    publisher: String,
    publisher_url: String,
    url_template: String,
    chapter: String,
    aliases: Vec<String>,
    chapter_aliases: Vec<String>,
    body_parts: Vec<String>,
}

impl Patch {
    /// Applies the fields this patch set to `g`.
    pub(super) fn apply(&self, g: &mut Guideline) {
        self.apply_fields(g);
        // A new URL is only as verified as the overlay says; default to "not verified".
        if self.url.is_some() && self.url_verified.is_none() {
            g.url_verified = false;
        }
    }
}

/// A guideline built from a file entry, and the fields the entry set.
pub(super) fn guideline_from_raw(r: RawGuideline) -> (Guideline, Patch) {
    let (id, patch, topics) = r.split();
    let mut g = Guideline::bare(id);
    patch.apply(&mut g);
    if patch.short.is_none() {
        g.short = g.title.clone();
    }
    g.topics = topics.into_iter().map(Topic::from).collect();
    (g, patch)
}

/// Applies overlay guideline `o` to `g`: the fields `set` names (all of them when `None`, for a
/// guideline built in code) replace ours, lists accumulate, topics replace ours by name.
pub(super) fn merge_into(g: &mut Guideline, o: &Guideline, set: Option<&Patch>) {
    match set {
        Some(p) => p.apply(g),
        None => {
            let (mut aliases, mut chapters) = (g.aliases.clone(), g.chapter_aliases.clone());
            aliases.set_from(&o.aliases);
            chapters.set_from(&o.chapter_aliases);
            let topics = std::mem::take(&mut g.topics);
            *g = Guideline {
                aliases,
                chapter_aliases: chapters,
                topics,
                ..o.clone()
            };
        }
    }
    for t in &o.topics {
        let key = normalise_key(&t.name);
        match g.topics.iter().position(|x| normalise_key(&x.name) == key) {
            Some(ti) => g.topics[ti] = t.clone(),
            None => g.topics.push(t.clone()),
        }
    }
}
