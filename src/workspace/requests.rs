//! A request, normalised so the same treatment is recognised across letters: "Norco 5/325 MG #30"
//! and "Hydrocodone/APAP 5/325mg #60" are one request, "Lumbar MRI" and "MRI of the lumbar spine"
//! another. Drug and strength, or procedure and body site: the words that say what, with brand
//! and generic names as one, and the strength; quantities, dates and filler words dropped.
//!
//! The word lists are the `item-mismatch` rule's (filler words, brand/generic and abbreviation
//! groups), so both agree on what names the same request; [`ALSO_FILLER`] adds the few words that
//! say nothing about which request it is but matter to that rule. Sides are left out: the same
//! treatment of the left and the right knee is one request across letters.

use crate::parser::vocabulary::vocabulary;

/// Words that only say how a request is phrased: salt forms, "spine" after a level, "therapy".
pub const ALSO_FILLER: &[&str] = &[
    "hydrochloride",
    "hcl",
    "sodium",
    "er",
    "xr",
    "sr",
    "spine",
    "therapy",
    "study",
    "scan",
    "program",
    "follow",
];

/// Units that make a number a strength rather than a quantity.
pub const UNITS: &[&str] = &["mg", "mcg", "ml", "g", "gm", "%"];

/// The request key of a title: its meaningful words (each as the first name of its synonym
/// group) and strengths, sorted and joined by spaces. Empty when nothing meaningful is left.
pub fn key(title: &str) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut number: Option<String> = None;
    let raw = title
        .split(|c: char| !(c.is_alphanumeric() || matches!(c, '/' | '.' | '%' | '-')))
        .map(|t| t.trim_matches(|c| matches!(c, '.' | '-' | '/')))
        .filter(|t| !t.is_empty());
    for token in raw {
        let t = token.to_lowercase();
        // A bare number is a strength when its unit follows ("5 MG"), otherwise a quantity.
        if let Some(n) = number.take() {
            if UNITS.contains(&t.as_str()) {
                out.push(format!("{n}{t}"));
                continue;
            }
        }
        if t.starts_with(|c: char| c.is_ascii_digit()) {
            let digits = t
                .find(|c: char| !(c.is_ascii_digit() || c == '/' || c == '.'))
                .unwrap_or(t.len());
            let (n, unit) = t.split_at(digits);
            let n = n.trim_end_matches(['.', '/']);
            if unit.is_empty() {
                number = Some(n.to_string());
            } else if UNITS.contains(&unit) {
                out.push(format!("{n}{unit}"));
            }
            continue;
        }
        // A combination written as one ("hydrocodone/apap") can be a name of its own.
        if let Some(c) = canonical(&t) {
            out.push(c.to_string());
            continue;
        }
        for part in t.split(['/', '.']) {
            if canonical(part).is_some() || !part.contains('-') {
                out.extend(word(part));
            } else {
                out.extend(part.split('-').filter_map(word));
            }
        }
    }
    out.sort();
    out.dedup();
    out.join(" ")
}

/// The word as the key writes it, or `None` for filler.
fn word(w: &str) -> Option<String> {
    if w.len() < 2
        || !w.chars().any(char::is_alphabetic)
        || vocabulary().is_generic(w)
        || vocabulary().side(w).is_some()
        || ALSO_FILLER.contains(&w)
    {
        return None;
    }
    Some(canonical(w).unwrap_or(w).to_string())
}

/// The first name of the synonym group holding `w`.
fn canonical(w: &str) -> Option<&'static str> {
    vocabulary()
        .same_group(w)
        .and_then(|g| g.first())
        .map(String::as_str)
}

#[cfg(test)]
mod tests {
    use super::key;

    #[test]
    fn drug_and_strength_whatever_the_brand_quantity_or_spacing() {
        assert_eq!(key("Norco 5/325 MG #30"), "5/325mg norco");
        assert_eq!(key("Hydrocodone/APAP 5/325mg #60"), "5/325mg norco");
        assert_eq!(
            key("Retrospective request for Cyclobenzaprine 10mg tab #100 with 1 refill (DOS 03/29/2014)"),
            "10mg flexeril"
        );
        assert_eq!(key("Flexeril 10 mg #30"), "10mg flexeril");
        assert_eq!(
            key("Cyclobenzaprine Hydrochloride 5 MG #30"),
            "5mg flexeril"
        );
        assert_eq!(
            key("Retro DOS: 7.10.15 Cyclobenzaprine 2% cream"),
            "2% cream flexeril"
        );
        assert_ne!(key("Flexeril 10mg"), key("Flexeril 5mg"));
    }

    #[test]
    fn procedure_and_body_site() {
        assert_eq!(key("MRI of the lumbar spine"), "lumbar mri");
        assert_eq!(key("Lumbar MRI"), "lumbar mri");
        assert_eq!(key("Physical therapy 2x6 for the left knee"), "knee pt");
        assert_eq!(key("12 sessions of PT, knee"), "knee pt");
        assert_eq!(
            key("Follow-up visit with an orthopedic specialist"),
            "doctor orthopedic"
        );
        assert_eq!(key("1 lumbar spine fusion"), "fusion lumbar");
        assert_ne!(key("MRI cervical spine"), key("MRI lumbar spine"));
    }

    #[test]
    fn nothing_meaningful_gives_an_empty_key() {
        assert_eq!(key(""), "");
        assert_eq!(key("Request #30 (DOS 1/2/2015)"), "");
    }
}
