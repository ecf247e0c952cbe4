//! `item-mismatch`: the conclusion names a different request than the item title.
//!
//! A copy-paste slip leaves "the request for Flexeril …" under a Norco item, or "MRI of the
//! lumbar spine" under "MRI of the shoulder". The title and the named request are each read as
//! a treatment, a body site and a side (words from `parser/vocabulary.toml`), and the rule fires
//! when both name one of these and they differ. Brand and generic names and abbreviations count
//! as the same treatment; category nouns ("the requested study"), dosage forms and other words
//! that name nothing are left out, so rewordings stay quiet; so are the nouns the item's service
//! category lists in `classify/categories.toml` ("the requested laboratory study" for a CBC).

use super::{Context, Diagnostic, RuleInfo, Severity};
use crate::model::Item;
use crate::parser::vocabulary::{vocabulary, Side};

pub const INFO: RuleInfo = RuleInfo {
    code: "item-mismatch",
    severity: Severity::Warning,
    summary: "the conclusion names a different request than the item title (a copy-paste slip)",
};

/// A request as the rule compares it.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Named {
    /// The words naming the treatment, lower case.
    pub treatment: Vec<String>,
    /// Category nouns ("study", "brace", "surgery"): a request named by these alone points
    /// back at the item, but a title may have nothing else to compare.
    pub kinds: Vec<String>,
    /// Spinal levels ("l5", "s1"), a finer body site.
    pub levels: Vec<String>,
    /// Body sites, as indices into the vocabulary's site table.
    pub sites: Vec<usize>,
    pub sides: Vec<Side>,
}

impl Named {
    fn is_empty(&self) -> bool {
        self.treatment.is_empty()
            && self.sites.is_empty()
            && self.sides.is_empty()
            && self.levels.is_empty()
    }

    fn extend(&mut self, other: Named) {
        self.treatment.extend(other.treatment);
        self.kinds.extend(other.kinds);
        self.levels.extend(other.levels);
        self.sites.extend(other.sites);
        self.sides.extend(other.sides);
    }
}

/// How the named request differs from the title, when it does.
fn differs(title: &Named, named: &Named) -> Option<&'static str> {
    let shares = |a: &[String], b: &[String]| a.iter().any(|w| b.iter().any(|t| same(w, t)));
    // A request named by category nouns alone ("the requested study") points back at the item.
    if !named.treatment.is_empty() {
        let differ = if !title.treatment.is_empty() {
            !shares(&named.treatment, &title.treatment)
        } else {
            // A title that is only a kind ("Shoulder brace", "Initial exam"): another kind or
            // a named treatment is another request.
            let all: Vec<String> = named
                .treatment
                .iter()
                .chain(&named.kinds)
                .cloned()
                .collect();
            !title.kinds.is_empty() && !shares(&all, &title.kinds)
        };
        if differ {
            return Some("treatment");
        }
    }
    if !title.levels.is_empty()
        && !named.levels.is_empty()
        && !named.levels.iter().any(|l| title.levels.contains(l))
    {
        return Some("spinal level");
    }
    if !title.sites.is_empty()
        && !named.sites.is_empty()
        && !named.sites.iter().any(|s| title.sites.contains(s))
    {
        return Some("body site");
    }
    let one_side = |n: &Named| -> Vec<Side> {
        n.sides
            .iter()
            .copied()
            .filter(|s| *s != Side::Both)
            .collect()
    };
    let (a, b) = (one_side(title), one_side(named));
    if !a.is_empty() && !b.is_empty() && !b.iter().any(|s| a.contains(s)) {
        return Some("side");
    }
    None
}

pub fn check(cx: &Context, item: &Item, out: &mut Vec<Diagnostic>) {
    let Some(c) = &item.conclusion else { return };
    let Some(subject) = c.subject else { return };
    let named = read(cx.get(subject));
    if named.is_empty() || item.title.is_empty() {
        return;
    }
    // A partial authorisation is compared by its parts, not the sentences around them.
    let parts: Vec<&str> = [
        &item.original_request,
        &item.authorized_portion,
        &item.eligible_portion,
    ]
    .into_iter()
    .flatten()
    .map(|p| p.text.as_str())
    .collect();
    let mut titled = Named::default();
    if parts.is_empty() {
        titled = read(&item.title);
    }
    for p in parts {
        titled.extend(read(p));
    }
    let mut what = differs(&titled, &named);
    if what == Some("treatment") {
        // The item's category supplies the nouns that may stand for it ("the requested
        // laboratory study" for a CBC): the classifier's table, so the two readers of a request
        // agree. Read as kinds, the named request is compared again.
        let classifier = crate::classify::Classifier::embedded();
        let requests: Vec<&str> = [&item.eligible_portion, &item.original_request]
            .into_iter()
            .flatten()
            .map(|p| p.text.as_str())
            .chain([item.title.as_str()])
            .collect();
        let class = classifier.classify(&requests, &[]);
        let nouns = classifier.nouns_of(&class);
        let mut named = named;
        let (kind_words, treatment): (Vec<String>, Vec<String>) =
            std::mem::take(&mut named.treatment)
                .into_iter()
                // One-word nouns only, by spelling ("physical" alone does not stand for
                // "physical therapy", nor does a synonym group widen a noun).
                .partition(|w| {
                    nouns
                        .iter()
                        .any(|noun| noun.len() == 1 && stem(w) == stem(&noun[0]))
                });
        named.treatment = treatment;
        named.kinds.extend(kind_words);
        what = differs(&titled, &named);
    }
    let Some(what) = what else {
        return;
    };
    out.push(cx.item_diag(
        &INFO,
        item,
        subject,
        format!(
            "The conclusion names \"{}\", but this item is \"{}\" (the {what} differs): check for a copy-paste slip.",
            crate::model::collapse(cx.get(subject)),
            item.title
        ),
    ));
}

/// Reads a request's treatment words, body sites and sides.
pub(crate) fn read(s: &str) -> Named {
    let v = vocabulary();
    let lower = s.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !(c.is_alphanumeric() || c == '-' || c == '\''))
        .map(|w| w.trim_matches(|c| c == '-' || c == '\''))
        .filter(|w| !w.is_empty())
        .collect();
    let mut named = Named::default();
    let mut i = 0;
    while i < words.len() {
        if let Some((site, taken)) = v.site_at(&words[i..]) {
            named.sites.push(site);
            i += taken;
            continue;
        }
        let w = words[i];
        i += 1;
        if let Some(side) = v.side(w) {
            named.sides.push(side);
            continue;
        }
        if v.is_general_site(w) {
            continue;
        }
        // "x-rays" is one word, "Follow-up" two; keep both the whole and its parts.
        let mut parts: Vec<&str> = w.split('-').collect();
        if parts.len() > 1 {
            parts.push(w);
        }
        for p in parts {
            if is_level(p) {
                named.levels.push(p.to_string());
            } else if v.is_kind(p) {
                named.kinds.push(p.to_string());
            } else if p.len() >= 2
                && p.chars().any(|c| c.is_alphabetic())
                && !v.names_nothing(p)
                && !is_dose(p)
            {
                named.treatment.push(p.to_string());
            }
        }
    }
    named
}

/// The words naming a treatment or a kind of service in a phrase, lower case (what a mention of a request shares with
/// its item's title; compare them with [`same`]).
pub(crate) fn words(s: &str) -> Vec<String> {
    let named = read(s);
    named.treatment.into_iter().chain(named.kinds).collect()
}

/// A spinal level: "c5", "l4", "s1", "t12".
fn is_level(w: &str) -> bool {
    let mut c = w.chars();
    matches!(c.next(), Some('c' | 't' | 'l' | 's'))
        && (1..=2).contains(&c.clone().count())
        && c.all(|d| d.is_ascii_digit())
}

/// "10mg", "5ml", "2x" say how much, not what.
fn is_dose(w: &str) -> bool {
    let digits = w.chars().take_while(|c| c.is_ascii_digit()).count();
    digits > 0
        && matches!(
            &w[digits..],
            "mg" | "ml"
                | "mcg"
                | "g"
                | "gm"
                | "x"
                | "cc"
                | "hr"
                | "h"
                | "st"
                | "nd"
                | "rd"
                | "th"
                | "%"
        )
}

pub(crate) fn same(a: &str, b: &str) -> bool {
    if a == b || stem(a) == stem(b) {
        return true;
    }
    if a.len() >= 5 && b.len() >= 5 && a.as_bytes()[..5] == b.as_bytes()[..5] && close(a, b) {
        return true;
    }
    let v = vocabulary();
    if v.same_group(a).is_some_and(|g| g.iter().any(|x| x == b)) {
        return true;
    }
    // "cyclobenzaprine" in "cyclobenzaprine-hcl" or "cyclobenzaprinehcl".
    v.same_groups().any(|g| {
        g.iter().any(|x| a.starts_with(x.as_str()) && x.len() >= 5)
            && g.iter().any(|x| b.starts_with(x.as_str()) && x.len() >= 5)
    })
}

fn stem(w: &str) -> &str {
    w.strip_suffix("es")
        .or_else(|| w.strip_suffix('s'))
        .unwrap_or(w)
}

/// Typos: at most one edit apart, for words long enough to mean something.
fn close(a: &str, b: &str) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    if a.len().abs_diff(b.len()) > 1 {
        return false;
    }
    let (mut i, mut j, mut edits) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        if a[i] == b[j] {
            i += 1;
            j += 1;
            continue;
        }
        edits += 1;
        if edits > 1 {
            return false;
        }
        match a.len().cmp(&b.len()) {
            std::cmp::Ordering::Greater => i += 1,
            std::cmp::Ordering::Less => j += 1,
            std::cmp::Ordering::Equal => {
                i += 1;
                j += 1;
            }
        }
    }
    edits + (a.len() - i) + (b.len() - j) <= 1
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::*;

    #[test]
    fn copy_paste_slip_is_caught() {
        let body = item(
            "Norco 5/325 mg #30",
            "Upheld",
            "As such, the request for Flexeril 10mg #60 is not medically necessary.",
        );
        let f = findings(&letter(&body), "item-mismatch");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].0, 10);
        assert!(f[0].1.message.contains("Flexeril 10mg #60"));
    }

    #[test]
    fn rewordings_and_synonyms_are_quiet() {
        for (title, concl) in [
            (
                "Flexeril 10mg #30",
                "the request for cyclobenzaprine 10 mg #30",
            ),
            ("PT 2x6 lumbar", "the request for physical therapy"),
            (
                "Cyclobenzaprine Hydrochloride 5 MG #30",
                "the request for Cyclobenzaprine 5mg #30",
            ),
            (
                "Chiropractic care to the low back",
                "the request for Chiropractic care to the lo9w back",
            ),
            ("Norco 10mg #60", "the request for the medication"),
        ] {
            let body = item(
                title,
                "Upheld",
                &format!("As such, {concl} is not medically necessary."),
            );
            assert!(
                findings(&letter(&body), "item-mismatch").is_empty(),
                "{title} / {concl}"
            );
        }
        assert!(close("lo9w", "low") && !close("norco", "soma"));
    }

    fn slip(title: &str, named: &str) -> bool {
        let body = item(
            title,
            "Upheld",
            &format!("As such, the request for {named} is not medically necessary."),
        );
        !findings(&letter(&body), "item-mismatch").is_empty()
    }

    #[test]
    fn category_nouns_point_back_at_the_item() {
        for (title, concl) in [
            (
                "MRI of the Left shoulder without contrast",
                "The requested study is not medically necessary.",
            ),
            (
                "EMG of the bilateral lower extremities",
                "Therefore, the requested diagnostic test is not medically necessary.",
            ),
            (
                "Right knee arthroscopy",
                "As such, the requested surgical procedure is not medically necessary.",
            ),
            (
                "Lidoderm 5% patch #30",
                "The request for this topical medication is not medically necessary.",
            ),
        ] {
            let body = item(title, "Upheld", concl);
            assert!(
                findings(&letter(&body), "item-mismatch").is_empty(),
                "{title} / {concl}"
            );
        }
    }

    #[test]
    fn the_items_category_supplies_the_nouns_that_stand_for_it() {
        for (title, concl) in [
            (
                "CBC",
                "The requested laboratory study is not medically necessary.",
            ),
            (
                "Pre-op labs: CBC, BMP, PT/PTT",
                "The requested laboratory testing is not medically necessary.",
            ),
            (
                "Neurosurgeon evaluation",
                "The requested specialist consultation is not medically necessary.",
            ),
            (
                "RN visits 2 times a week",
                "The requested home nursing is not medically necessary.",
            ),
            (
                "Chirophysio therapy 2x4",
                "The requested chiropractic care is not medically necessary.",
            ),
        ] {
            let body = item(title, "Upheld", concl);
            assert!(
                findings(&letter(&body), "item-mismatch").is_empty(),
                "{title} / {concl}"
            );
        }
        // Another kind's noun is still another request.
        assert!(slip("CBC", "MRI of the lumbar spine"));
        assert!(slip("CBC", "acupuncture"));
    }

    #[test]
    fn treatment_site_and_side_are_compared_separately() {
        // Same treatment, another site; another treatment, same site; another side.
        assert!(slip("MRI of the shoulder", "MRI of the lumbar spine"));
        assert!(slip(
            "Acupuncture of the lumbar spine",
            "MRI of the lumbar spine"
        ));
        assert!(slip("Right knee arthroscopy", "left knee arthroscopy"));
        assert!(slip("MRI of the cervical spine", "MRI of the low back"));
        // The same request, worded otherwise, is not a slip.
        assert!(!slip("MRI of the lumbar spine", "lumbar MRI"));
        assert!(!slip("MRI of the low back", "MRI of the lumbar spine"));
        assert!(!slip("Bilateral knee MRI", "MRI of the left knee"));
        assert!(!slip("Physical therapy for the neck", "PT"));
    }

    #[test]
    fn spinal_levels_and_kind_only_titles() {
        assert!(slip(
            "Right L5-S1 epidural steroid injection",
            "right L4 ESI"
        ));
        assert!(!slip("Right L5-S1 epidural steroid injection", "L5-S1 ESI"));
        assert!(!slip("Lumbar ESI", "L4-5 epidural injection"));
        // A title that names only a kind of request: another kind or a treatment is a slip.
        assert!(slip("Shoulder brace", "physical therapy"));
        assert!(!slip("Shoulder brace", "the shoulder brace"));
        // Partial authorisations are compared by their parts.
        let title = "Acupuncture 18 sessions was the original request. Acupuncture 6 sessions was\nauthorized by the Claims Administrator. The remaining IMR eligible portion of the\noriginal request, Acupuncture 12 sessions is";
        assert!(!slip(title, "12 sessions of acupuncture"));
        assert!(slip(title, "Norco 10/325 #60"));
    }

    #[test]
    fn dosage_forms_are_not_drug_names() {
        assert!(slip("Voltaren gel 1% #100", "Lidoderm 5% patch"));
        assert!(!slip("Voltaren gel 1% #100", "diclofenac cream"));
        let named = read("Lidoderm 5% patch #30");
        assert_eq!(named.treatment, ["lidoderm"]);
    }
}
