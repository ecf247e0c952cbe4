//! `item-mismatch`: the conclusion names a different request than the item title.
//!
//! A copy-paste slip leaves "the request for Flexeril …" under a Norco item. The check only
//! fires when the named request shares no meaningful word with the title (brand and generic
//! drug names and common abbreviations count as the same word), so rewordings stay quiet.

use super::{Context, Diagnostic, RuleInfo, Severity};
use crate::model::Item;

pub const INFO: RuleInfo = RuleInfo {
    code: "item-mismatch",
    severity: Severity::Warning,
    summary: "the conclusion names a different request than the item title (a copy-paste slip)",
};

/// Words that say nothing about which request it is.
pub(crate) const GENERIC: &[&str] = &[
    "the",
    "and",
    "for",
    "with",
    "of",
    "to",
    "a",
    "an",
    "this",
    "that",
    "these",
    "those",
    "request",
    "requested",
    "requests",
    "retrospective",
    "retro",
    "prospective",
    "dos",
    "date",
    "service",
    "services",
    "item",
    "items",
    "treatment",
    "treatments",
    "medication",
    "medications",
    "medicine",
    "drug",
    "drugs",
    "prescription",
    "procedure",
    "procedures",
    "ongoing",
    "continued",
    "continue",
    "additional",
    "further",
    "use",
    "usage",
    "purchase",
    "rental",
    "supply",
    "refill",
    "refills",
    "times",
    "time",
    "week",
    "weeks",
    "month",
    "months",
    "session",
    "sessions",
    "visit",
    "visits",
    "unknown",
    "quantity",
    "qty",
    "original",
    "remaining",
    "portion",
    "eligible",
    "imr",
    "associated",
    "surgical",
    "ancillary",
    "at",
    "per",
    "as",
    "in",
    "on",
    "x",
    "mg",
    "tab",
    "tabs",
    "tablet",
    "tablets",
    "cap",
    "caps",
    "capsule",
    "capsules",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "eight",
    "ten",
    "twelve",
    "daily",
    "day",
    "days",
    "left",
    "right",
    "bilateral",
    "then",
    "now",
    "noted",
    "above",
    "said",
    "current",
    "requesting",
    "provider",
    "physician",
    "patient",
    "injured",
    "worker",
];

/// Names that mean the same request: brand and generic drugs, therapy abbreviations.
pub(crate) const SAME: &[&[&str]] = &[
    &["flexeril", "cyclobenzaprine", "fexmid", "amrix"],
    &["soma", "carisoprodol"],
    &["norco", "hydrocodone", "vicodin", "lortab", "apap"],
    &["ultram", "tramadol", "ultracet"],
    &["lidoderm", "lidocaine"],
    &["neurontin", "gabapentin"],
    &["lyrica", "pregabalin"],
    &["mobic", "meloxicam"],
    &["motrin", "ibuprofen"],
    &["naprosyn", "anaprox", "naproxen"],
    &["prilosec", "omeprazole"],
    &["protonix", "pantoprazole"],
    &["zofran", "ondansetron"],
    &["norflex", "orphenadrine"],
    &["ambien", "zolpidem"],
    &["percocet", "oxycodone", "oxycontin"],
    &["pepcid", "famotidine"],
    &["celebrex", "celecoxib"],
    &["voltaren", "diclofenac"],
    &["tylenol", "acetaminophen"],
    &["cymbalta", "duloxetine"],
    &["elavil", "amitriptyline"],
    &["robaxin", "methocarbamol"],
    &["zanaflex", "tizanidine"],
    &["skelaxin", "metaxalone"],
    &["viagra", "sildenafil"],
    &["xanax", "alprazolam"],
    &["valium", "diazepam"],
    &["klonopin", "clonazepam"],
    &["duragesic", "fentanyl"],
    &["nucynta", "tapentadol"],
    &["butrans", "buprenorphine", "suboxone"],
    &["wellbutrin", "bupropion"],
    &["desyrel", "trazodone"],
    &["topamax", "topiramate"],
    &["imitrex", "sumatriptan"],
    &["pt", "physical", "physiotherapy"],
    &["ot", "occupational"],
    &["chiro", "chiropractic", "chiropractor", "manipulation"],
    &["esi", "epidural"],
    &["tens", "transcutaneous"],
    &["mri", "magnetic"],
    &["ct", "computed", "tomography"],
    &[
        "emg",
        "electromyography",
        "ncv",
        "ncs",
        "nerve",
        "conduction",
        "electrodiagnostic",
    ],
    &[
        "xray",
        "xrays",
        "x-ray",
        "x-rays",
        "radiograph",
        "radiographs",
    ],
    &["frp", "functional", "restoration"],
    &["acupuncture", "electroacupuncture", "electro"],
    &[
        "doctor",
        "physician",
        "specialist",
        "consultation",
        "consult",
        "referral",
        "evaluation",
        "office",
        "follow-up",
        "followup",
        "follow",
    ],
    &[
        "cream",
        "ointment",
        "topical",
        "compound",
        "compounded",
        "gel",
        "patch",
        "patches",
    ],
];

pub fn check(cx: &Context, item: &Item, out: &mut Vec<Diagnostic>) {
    let Some(c) = &item.conclusion else { return };
    let Some(subject) = c.subject else { return };
    let named = words(cx.get(subject));
    if named.is_empty() || item.title.is_empty() {
        return;
    }
    let mut titled = words(&item.title);
    if let Some(p) = &item.eligible_portion {
        titled.extend(words(&p.text));
    }
    if named.iter().any(|w| titled.iter().any(|t| same(w, t))) {
        return;
    }
    out.push(cx.item_diag(
        &INFO,
        item,
        subject,
        format!(
            "The conclusion names \"{}\", but this item is \"{}\": check for a copy-paste slip.",
            crate::model::collapse(cx.get(subject)),
            item.title
        ),
    ));
}

/// The meaningful words of a phrase, lower case.
fn words(s: &str) -> Vec<String> {
    s.split(|c: char| !(c.is_alphanumeric() || c == '-'))
        .flat_map(|w| {
            // "x-rays" is one word, "Follow-up" two; keep both the whole and its parts.
            let w = w.trim_matches('-').to_lowercase();
            let mut v: Vec<String> = w.split('-').map(str::to_string).collect();
            if v.len() > 1 {
                v.push(w);
            }
            v
        })
        .filter(|w| {
            w.len() >= 2 && w.chars().any(|c| c.is_alphabetic()) && !GENERIC.contains(&w.as_str())
        })
        .filter(|w| !is_dose(w))
        .collect()
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

fn same(a: &str, b: &str) -> bool {
    if a == b || stem(a) == stem(b) {
        return true;
    }
    if a.len() >= 5 && b.len() >= 5 && a.as_bytes()[..5] == b.as_bytes()[..5] && close(a, b) {
        return true;
    }
    SAME.iter().any(|g| g.contains(&a) && g.contains(&b))
        || SAME.iter().any(|g| {
            g.iter().any(|x| a.starts_with(x) && x.len() >= 5)
                && g.iter().any(|x| b.starts_with(x) && x.len() >= 5)
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
}
