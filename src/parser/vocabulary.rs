//! The reviewers' vocabulary beside the heading table: negation, verdicts, request names, body sites.
//!
//! The words live in `vocabulary.toml`, embedded in the binary and read once on first use. The
//! conclusion finder and the rules ask questions of it (is this a negation trigger, which site
//! is this) instead of keeping their own lists.

use serde::Deserialize;
use std::sync::OnceLock;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Vocabulary {
    pub negation: Negation,
    pub conclusion: ConclusionWords,
    pub request: RequestWords,
    pub same: Same,
    pub sites: Sites,
    pub sides: Sides,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Negation {
    pub triggers: Vec<String>,
    pub pseudo: Vec<String>,
    pub scope_ends: Vec<String>,
    pub subordinators: Vec<String>,
    pub conditionals: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConclusionWords {
    pub verdicts: Vec<String>,
    pub verbs: Vec<String>,
    pub fillers: Vec<String>,
    pub determiners: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RequestWords {
    pub generic: Vec<String>,
    pub category_nouns: Vec<String>,
    pub modifiers: Vec<String>,
    pub dosage_forms: Vec<String>,
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
    pub general: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sides {
    pub left: Vec<String>,
    pub right: Vec<String>,
    pub both: Vec<String>,
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
    V.get_or_init(|| toml::from_str(SOURCE).expect("src/parser/vocabulary.toml is valid"))
}

fn has(list: &[String], w: &str) -> bool {
    list.iter().any(|x| x == w)
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
        self.same
            .drugs
            .iter()
            .chain(&self.same.abbreviations)
            .find(|g| has(g, w))
            .map(Vec::as_slice)
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

    /// The longest body-site phrase at the start of `words`: (site index, words taken).
    pub fn site_at(&self, words: &[&str]) -> Option<(usize, usize)> {
        let mut best: Option<(usize, usize)> = None;
        for (n, g) in self.sites.groups.iter().enumerate() {
            for phrase in g {
                let taken = phrase.split(' ').count();
                if taken <= words.len()
                    && phrase.split(' ').zip(words).all(|(p, w)| p == *w)
                    && best.is_none_or(|(_, t)| taken > t)
                {
                    best = Some((n, taken));
                }
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
