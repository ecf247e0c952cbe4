//! The reviewers' vocabulary beside the heading table: negation, verdicts, request names, body sites.
//!
//! The words live in `vocabulary.toml`, embedded in the binary and read once on first use. The
//! conclusion finder and the rules ask questions of it (is this a negation trigger, which site
//! is this) instead of keeping their own lists.

use serde::Deserialize;
use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

/// A list of words from the file, asked "is this word in it" once per word of every rationale:
/// kept as written (for the tests and for reading) and as a set.
#[derive(Debug, Deserialize)]
#[serde(from = "Vec<String>")]
pub struct WordSet {
    words: Vec<String>,
    set: HashSet<String>,
}

impl From<Vec<String>> for WordSet {
    fn from(words: Vec<String>) -> Self {
        let set = words.iter().cloned().collect();
        WordSet { words, set }
    }
}

impl std::ops::Deref for WordSet {
    type Target = [String];
    fn deref(&self) -> &[String] {
        &self.words
    }
}

/// Lookups built once from the lists: the name group of each name, the site phrases by their
/// first word.
#[derive(Debug, Default)]
struct Lookup {
    group_of: HashMap<String, usize>,
    sites_by_first: HashMap<String, Vec<(usize, Vec<String>)>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Vocabulary {
    pub negation: Negation,
    pub conclusion: ConclusionWords,
    pub request: RequestWords,
    pub same: Same,
    pub sites: Sites,
    pub sides: Sides,
    #[serde(skip)]
    lookup: Lookup,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Negation {
    pub triggers: WordSet,
    pub pseudo: WordSet,
    pub scope_ends: WordSet,
    pub subordinators: WordSet,
    pub conditionals: WordSet,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConclusionWords {
    pub verdicts: WordSet,
    pub verbs: WordSet,
    pub fillers: WordSet,
    pub determiners: WordSet,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RequestWords {
    pub generic: WordSet,
    pub category_nouns: WordSet,
    pub modifiers: WordSet,
    pub dosage_forms: WordSet,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Same {
    pub drugs: Vec<Vec<String>>,
    pub abbreviations: Vec<Vec<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sites {
    pub groups: Vec<Vec<String>>,
    pub general: WordSet,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sides {
    pub left: WordSet,
    pub right: WordSet,
    pub both: WordSet,
}

/// Which side of the body a word names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Side {
    Left,
    Right,
    Both,
}

const SOURCE: &str = include_str!("vocabulary.toml");

/// The vocabulary, read on first use.
pub fn vocabulary() -> &'static Vocabulary {
    static V: OnceLock<Vocabulary> = OnceLock::new();
    // The file is part of the binary and tested below, so a parse failure is a build mistake.
    V.get_or_init(|| {
        let mut v: Vocabulary =
            toml::from_str(SOURCE).expect("src/parser/vocabulary.toml is valid");
        v.lookup = Lookup::of(&v);
        v
    })
}

impl Lookup {
    fn of(v: &Vocabulary) -> Lookup {
        let mut group_of = HashMap::new();
        for (n, g) in v.same.drugs.iter().chain(&v.same.abbreviations).enumerate() {
            for name in g {
                // The first group a name appears in wins, as a scan in file order would find.
                group_of.entry(name.clone()).or_insert(n);
            }
        }
        let mut sites_by_first: HashMap<String, Vec<(usize, Vec<String>)>> = HashMap::new();
        for (n, g) in v.sites.groups.iter().enumerate() {
            for phrase in g {
                let words: Vec<String> = phrase.split(' ').map(str::to_string).collect();
                sites_by_first
                    .entry(words[0].clone())
                    .or_default()
                    .push((n, words));
            }
        }
        Lookup {
            group_of,
            sites_by_first,
        }
    }
}

fn has(list: &WordSet, w: &str) -> bool {
    list.set.contains(w)
}

impl Vocabulary {
    pub fn is_negation(&self, w: &str) -> bool {
        has(&self.negation.triggers, w)
    }

    pub fn is_conditional(&self, w: &str) -> bool {
        has(&self.negation.conditionals, w)
    }

    pub fn is_verb(&self, w: &str) -> bool {
        has(&self.conclusion.verbs, w)
    }

    /// A word that names no particular request: generic words, category nouns and their
    /// modifiers, dosage forms.
    pub fn names_nothing(&self, w: &str) -> bool {
        let r = &self.request;
        has(&r.generic, w)
            || has(&r.category_nouns, w)
            || has(&r.modifiers, w)
            || has(&r.dosage_forms, w)
    }

    /// A word that says nothing about which request it is ("the", "request", "retrospective").
    pub fn is_generic(&self, w: &str) -> bool {
        has(&self.request.generic, w)
    }

    /// A category noun: a kind of request rather than a request ("study", "surgery", "brace").
    pub fn is_kind(&self, w: &str) -> bool {
        has(&self.request.category_nouns, w)
    }

    /// The group of brand/generic names or abbreviations `w` belongs to.
    pub fn same_group(&self, w: &str) -> Option<&[String]> {
        let n = *self.lookup.group_of.get(w)?;
        self.same_groups().nth(n)
    }

    /// Every name group, for prefix matches ("cyclobenzaprine" in "cyclobenzaprine-hcl").
    pub fn same_groups(&self) -> impl Iterator<Item = &[String]> {
        self.same
            .drugs
            .iter()
            .chain(&self.same.abbreviations)
            .map(Vec::as_slice)
    }

    pub fn side(&self, w: &str) -> Option<Side> {
        if has(&self.sides.left, w) {
            Some(Side::Left)
        } else if has(&self.sides.right, w) {
            Some(Side::Right)
        } else if has(&self.sides.both, w) {
            Some(Side::Both)
        } else {
            None
        }
    }

    pub fn is_general_site(&self, w: &str) -> bool {
        has(&self.sites.general, w)
    }

    /// A site's name: the first phrase of its row (`lumbar`, `upper extremity`).
    pub fn site_name(&self, site: usize) -> &str {
        self.sites
            .groups
            .get(site)
            .and_then(|g| g.first())
            .map_or("", String::as_str)
    }

    /// The site with this name, if the table has it.
    pub fn site_named(&self, name: &str) -> Option<usize> {
        self.sites
            .groups
            .iter()
            .position(|g| g.first().is_some_and(|f| f.eq_ignore_ascii_case(name)))
    }

    /// The longest body-site phrase at the start of `words`: (site index, words taken).
    pub fn site_at(&self, words: &[&str]) -> Option<(usize, usize)> {
        let mut best: Option<(usize, usize)> = None;
        let first = words.first()?;
        for (n, phrase) in self.lookup.sites_by_first.get(*first).into_iter().flatten() {
            let taken = phrase.len();
            if taken <= words.len()
                && phrase.iter().zip(words).all(|(p, w)| p == w)
                && best.is_none_or(|(_, t)| taken > t)
            {
                best = Some((*n, taken));
            }
        }
        best
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    fn all_lists(v: &Vocabulary) -> Vec<(&'static str, &[String])> {
        vec![
            ("negation.triggers", &v.negation.triggers),
            ("negation.pseudo", &v.negation.pseudo),
            ("negation.scope_ends", &v.negation.scope_ends),
            ("negation.subordinators", &v.negation.subordinators),
            ("negation.conditionals", &v.negation.conditionals),
            ("conclusion.verdicts", &v.conclusion.verdicts),
            ("conclusion.verbs", &v.conclusion.verbs),
            ("conclusion.fillers", &v.conclusion.fillers),
            ("conclusion.determiners", &v.conclusion.determiners),
            ("request.generic", &v.request.generic),
            ("request.category_nouns", &v.request.category_nouns),
            ("request.modifiers", &v.request.modifiers),
            ("request.dosage_forms", &v.request.dosage_forms),
            ("sites.general", &v.sites.general),
            ("sides.left", &v.sides.left),
            ("sides.right", &v.sides.right),
            ("sides.both", &v.sides.both),
        ]
    }

    #[test]
    fn every_list_is_lower_case_non_empty_and_without_repeats() {
        let v = vocabulary();
        let groups = v
            .same
            .drugs
            .iter()
            .chain(&v.same.abbreviations)
            .chain(&v.sites.groups);
        for (name, list) in all_lists(v)
            .into_iter()
            .chain(groups.map(|g| ("group", g.as_slice())))
        {
            assert!(!list.is_empty(), "{name} is empty");
            let mut seen = HashSet::new();
            for w in list {
                assert_eq!(w, &w.to_lowercase(), "{name}: {w} is not lower case");
                assert_eq!(w.trim(), w, "{name}: {w:?} has spaces around it");
                assert!(seen.insert(w), "{name}: {w} twice");
            }
        }
    }

    #[test]
    fn a_name_belongs_to_one_group_and_a_site_to_one_site() {
        let v = vocabulary();
        let mut seen = HashSet::new();
        for g in v.same_groups() {
            for w in g {
                assert!(seen.insert(w), "{w} is in two name groups");
                assert!(
                    !v.names_nothing(w),
                    "{w} is a name and a word naming nothing"
                );
            }
        }
        let mut seen = HashSet::new();
        for g in &v.sites.groups {
            for w in g {
                assert!(seen.insert(w), "{w} is in two sites");
            }
        }
    }

    #[test]
    fn negation_words() {
        let v = vocabulary();
        for w in ["not", "cannot", "no", "nor"] {
            assert!(v.is_negation(w), "{w}");
        }
        for w in ["notable", "now", "supported"] {
            assert!(!v.is_negation(w), "{w}");
        }
        assert!(v.negation.scope_ends.iter().any(|w| w == "however"));
        assert!(v.negation.subordinators.iter().any(|w| w == "although"));
        assert!(v.is_conditional("if") && !v.is_conditional("is"));
    }

    #[test]
    fn verdicts_and_verbs() {
        let v = vocabulary();
        for w in ["necessary", "warranted", "supported"] {
            assert!(v.conclusion.verdicts.iter().any(|x| x == w), "{w}");
        }
        assert!(v.is_verb("is") && v.is_verb("cannot") && !v.is_verb("mri"));
        assert!(v.conclusion.fillers.iter().any(|w| w == "considered"));
        assert!(v.conclusion.determiners.iter().any(|w| w == "this"));
    }

    #[test]
    fn request_words() {
        let v = vocabulary();
        // Category nouns and their modifiers name nothing; dosage forms are not drug names.
        for w in [
            "study",
            "diagnostic",
            "imaging",
            "surgery",
            "medication",
            "evaluation",
            "gel",
            "patch",
            "pads",
        ] {
            assert!(v.names_nothing(w), "{w}");
        }
        for w in ["mri", "norco", "acupuncture", "lidoderm"] {
            assert!(!v.names_nothing(w), "{w}");
        }
        assert!(v
            .same_group("flexeril")
            .is_some_and(|g| g.iter().any(|w| w == "cyclobenzaprine")));
        assert!(v
            .same_group("pt")
            .is_some_and(|g| g.iter().any(|w| w == "physical")));
        assert!(v.same_group("gel").is_none());
        assert!(v.is_kind("study") && v.is_kind("brace") && !v.is_kind("gel"));
    }

    #[test]
    fn sites_and_sides() {
        let v = vocabulary();
        let lumbar = v.site_at(&["lumbar"]).unwrap().0;
        assert_eq!(v.site_at(&["low", "back", "pain"]), Some((lumbar, 2)));
        assert_eq!(v.site_at(&["lumbar", "spine"]), Some((lumbar, 2)));
        assert_ne!(v.site_at(&["cervical"]).unwrap().0, lumbar);
        assert_eq!(v.site_at(&["low"]), None);
        assert!(v.is_general_site("spine"));
        assert_eq!(v.side("left"), Some(Side::Left));
        assert_eq!(v.side("rt"), Some(Side::Right));
        assert_eq!(v.side("bilateral"), Some(Side::Both));
        assert_eq!(v.side("knee"), None);
    }
}
