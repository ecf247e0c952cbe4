//! One letter as flat facts for research: ISO dates, reviewer credentials, and per item its
//! decision, service category, drug class and cited guideline ids. `extract` and `report` share it.

use crate::analysis::{Analysis, CitationRef};
use crate::catalog::cite::Source;
use crate::catalog::Catalog;
use crate::classify::{Classification, Classifier};
use crate::model::{DecisionKind, FieldKind, Item, Letter, SectionKind};
use regex::Regex;
use std::sync::OnceLock;

/// A calendar date read from a header (`12/07/2016`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl Date {
    /// Reads `MM/DD/YYYY` (also `M/D/YYYY`, `-` separators and two-digit years as 20YY).
    pub fn parse(s: &str) -> Option<Date> {
        let s = s.trim();
        let mut parts = s.split(['/', '-']).map(str::trim);
        let m: u32 = parts.next()?.parse().ok()?;
        let d: u32 = parts.next()?.parse().ok()?;
        let y_text = parts.next()?;
        let y_digits: String = y_text.chars().take_while(char::is_ascii_digit).collect();
        let mut y: i32 = y_digits.parse().ok()?;
        if y_digits.len() == 2 {
            y += 2000;
        }
        if parts.next().is_some() || !(1..=12).contains(&m) || d == 0 || d > days_in(y, m) {
            return None;
        }
        Some(Date {
            year: y,
            month: m,
            day: d,
        })
    }

    /// `YYYY-MM-DD`.
    pub fn iso(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }

    /// `YYYY-MM`.
    pub fn month_key(&self) -> String {
        format!("{:04}-{:02}", self.year, self.month)
    }

    /// Days since 1970-01-01 (the civil-from-days algorithm, proleptic Gregorian).
    pub fn days(&self) -> i64 {
        crate::calendar::days_from_civil(i64::from(self.year), self.month, self.day)
    }
}

fn days_in(y: i32, m: u32) -> u32 {
    match m {
        4 | 6 | 9 | 11 => 30,
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

/// The header dates a researcher asks for, by the labels the parser's table knows.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HeaderFacts {
    pub case_number: Option<String>,
    pub date_assigned: Option<Date>,
    pub decision_date: Option<Date>,
    pub date_of_injury: Option<Date>,
    pub ur_denial_date: Option<Date>,
    pub application_received: Option<Date>,
    pub priority: Option<String>,
}

impl HeaderFacts {
    pub fn of(letter: &Letter) -> HeaderFacts {
        let mut h = HeaderFacts {
            case_number: letter.header.case_number.as_ref().map(|c| c.text.clone()),
            ..HeaderFacts::default()
        };
        for f in &letter.header.fields {
            let Some(v) = &f.value else { continue };
            let label = f.label.to_ascii_lowercase();
            let slot = match label.as_str() {
                "date assigned" => &mut h.date_assigned,
                "decision date" => &mut h.decision_date,
                "date of injury" => &mut h.date_of_injury,
                "ur denial date" => &mut h.ur_denial_date,
                "application received" | "date received" => &mut h.application_received,
                "priority" => {
                    h.priority = Some(v.text.trim().to_string());
                    continue;
                }
                _ => continue,
            };
            if slot.is_none() {
                *slot = Date::parse(&v.text);
            }
        }
        h
    }
}

/// How letters state the reviewer's credentials: labelled lines, or one sentence.
const LICENSURE_LABEL: &str = r"State\(s\) of Licensure:";
const SPECIALTY_LABEL: &str = r"Certification\(s\)/Specialty:";
const INLINE_SPECIALTY: &str = r"Board Certified in";
const INLINE_LICENSURE: &str = r"licensed to practice in";

/// The expert reviewer's specialty and states of licensure, as written.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Credentials {
    pub specialty: Option<String>,
    pub licensure: Option<String>,
}

impl Credentials {
    pub fn of(letter: &Letter, text: &str) -> Credentials {
        static RE: OnceLock<[Regex; 4]> = OnceLock::new();
        let [lic, spec, inline_spec, inline_lic] = RE.get_or_init(|| {
            let re = |p: String| Regex::new(&p).expect("credential pattern");
            [
                re(format!(r"(?i){LICENSURE_LABEL}[ \t]*([^\r\n]*)")),
                re(format!(r"(?i){SPECIALTY_LABEL}[ \t]*([^\r\n]*)")),
                re(format!(r"(?i){INLINE_SPECIALTY}\s+([^,.;]+)")),
                re(format!(r"(?i){INLINE_LICENSURE}\s+([^.;]+)")),
            ]
        });
        let Some(section) = letter.section(SectionKind::HowMade) else {
            return Credentials::default();
        };
        let body = section.span.text(text);
        let take = |re: &Regex| {
            let m = re.captures(body)?.get(1)?;
            let mut value = crate::model::collapse(m.as_str());
            // A labelled value can wrap: "Public Health &" then "General Preventive Medicine".
            if value.ends_with(['&', ',', '/']) || value.ends_with(" and") {
                let next = body[m.end()..]
                    .lines()
                    .map(str::trim)
                    .find(|l| !l.is_empty());
                if let Some(next) = next.filter(|l| !l.contains(':') && !is_heading(l)) {
                    value = format!("{value} {}", crate::model::collapse(next));
                }
            }
            let value = value.trim().trim_end_matches(['.', ',']).to_string();
            (!value.is_empty()).then_some(value)
        };
        Credentials {
            specialty: take(spec).or_else(|| take(inline_spec)),
            licensure: take(lic).or_else(|| take(inline_lic)),
        }
    }
}

/// A line that is a section heading (all capitals), which a wrapped value never runs into.
fn is_heading(line: &str) -> bool {
    line.chars().any(|c| c.is_ascii_uppercase()) && !line.chars().any(|c| c.is_ascii_lowercase())
}

/// What an item is about and what it cites, resolved once for both CSV and report.
#[derive(Clone, Debug, Default)]
pub struct ItemFacts {
    pub class: Classification,
    /// Catalog indices of the cited guidelines, first citation first, without repeats.
    pub guidelines: Vec<usize>,
    /// (guideline index, topic index) pairs cited, without repeats.
    pub topics: Vec<(usize, usize)>,
    /// The sources the reviewer cites (the MAXIMUS field and its "Other Medical Treatment
    /// Guideline or Medical Evidence" part), as source ids: a catalog id, `web:HOST` or `other`.
    pub maximus_ids: Vec<String>,
    /// The sources the Claims Administrator's field cites, the same way.
    pub claims_ids: Vec<String>,
    /// Catalog indices of the reviewer's guidelines (`maximus_ids` less web pages and `other`):
    /// what the report's guideline chart counts.
    pub maximus_guidelines: Vec<usize>,
}

impl ItemFacts {
    /// Reads the item's resolved citations from the analysis of its file (`text`).
    pub fn of(item: &Item, analysis: &Analysis, text: &str, classifier: &Classifier) -> ItemFacts {
        let catalog = &*analysis.catalog;
        let mut facts = ItemFacts::default();
        let cited = analysis
            .citations_of(item)
            .filter(|c| c.field.kind.cites_guidelines());
        for c in cited {
            let reviewer = c.field.kind != FieldKind::ClaimsGuideline;
            for s in sources_of(&c, catalog, text) {
                if let (true, Source::Guideline(g)) = (reviewer, &s) {
                    if !facts.maximus_guidelines.contains(g) {
                        facts.maximus_guidelines.push(*g);
                    }
                }
                let ids = if reviewer {
                    &mut facts.maximus_ids
                } else {
                    &mut facts.claims_ids
                };
                let id = s.id(catalog);
                if !ids.contains(&id) {
                    ids.push(id);
                }
            }
            let Some((g, _)) = c.resolved.guideline else {
                continue;
            };
            if !facts.guidelines.contains(&g) {
                facts.guidelines.push(g);
            }
            for t in &c.resolved.topics {
                if !facts.topics.contains(&(g, t.topic)) {
                    facts.topics.push((g, t.topic));
                }
            }
        }
        let topic_names: Vec<&str> = facts
            .topics
            .iter()
            .map(|&(g, t)| catalog.guidelines[g].topics[t].name.as_str())
            .collect();
        facts.class = classifier.classify(&request_texts(item), &topic_names);
        facts
    }
}

/// The sources a citation names (see [`crate::catalog::cite::sources`]); `text` is the file's.
pub fn sources_of(c: &CitationRef, catalog: &Catalog, text: &str) -> Vec<Source> {
    let span = c.citation.span;
    let Some(own) = text.get(span.start..span.end) else {
        return Vec::new();
    };
    let name = c.citation.guideline.start.saturating_sub(span.start)
        ..c.citation.guideline.end.saturating_sub(span.start);
    crate::catalog::cite::sources(catalog, own, name, c.citation.non_mtus)
        .into_iter()
        .map(|(s, _)| s)
        .collect()
}

/// The texts that say what was requested, most specific first: for a partial authorisation the
/// IMR-eligible portion, then the original request; always the title last.
pub fn request_texts(item: &Item) -> Vec<&str> {
    [&item.eligible_portion, &item.original_request]
        .into_iter()
        .flatten()
        .map(|s| s.text.as_str())
        .chain(std::iter::once(item.title.as_str()))
        .collect()
}

/// The decision as a column value: `upheld`, `overturned`, `missing`, or the word written.
pub fn decision_value(kind: &DecisionKind) -> String {
    match kind {
        DecisionKind::Upheld => "upheld".into(),
        DecisionKind::Overturned => "overturned".into(),
        DecisionKind::Missing => "missing".into(),
        DecisionKind::Unknown(w) => w.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_read_as_letters_write_them() {
        let d = Date::parse("12/07/2016").unwrap();
        assert_eq!(d.iso(), "2016-12-07");
        assert_eq!(d.month_key(), "2016-12");
        assert_eq!(Date::parse(" 1/9/17 ").unwrap().iso(), "2017-01-09");
        assert_eq!(Date::parse("02/29/2016").unwrap().iso(), "2016-02-29");
        for bad in [
            "02/29/2017",
            "13/01/2016",
            "Standard",
            "",
            "1/2",
            "01/02/2016/3",
        ] {
            assert_eq!(Date::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn day_numbers_count_real_days() {
        let a = Date::parse("11/29/2016").unwrap();
        let b = Date::parse("01/09/2017").unwrap();
        assert_eq!(b.days() - a.days(), 41);
        assert_eq!(Date::parse("01/01/1970").unwrap().days(), 0);
        assert_eq!(
            Date::parse("03/01/2016").unwrap().days() - Date::parse("02/28/2016").unwrap().days(),
            2
        );
    }

    fn letter(text: &str) -> (Letter, &str) {
        let m = crate::parser::parse(text);
        (m.letters.into_iter().next().expect("a letter"), text)
    }

    #[test]
    fn credentials_from_labelled_lines_or_the_sentence() {
        let (l, t) = letter(
            "HOW THE IMR FINAL DETERMINATION WAS MADE\nThe Expert Reviewer has the following credentials:\nState(s) of Licensure: California,Washington\nCertification(s)/Specialty: Physical Medicine & Rehabilitation, Pain Management\nCLINICAL CASE SUMMARY\nx\nIMR ISSUES, DECISIONS AND RATIONALES\n",
        );
        let c = Credentials::of(&l, t);
        assert_eq!(c.licensure.as_deref(), Some("California,Washington"));
        let (l2, t2) = letter(
            "HOW THE IMR FINAL DETERMINATION WAS MADE\nCertification(s)/Specialty: Preventive Medicine, Public Health & \n\nGeneral Preventive Medicine \n\nCLINICAL CASE SUMMARY\nx\nIMR ISSUES, DECISIONS AND RATIONALES\n",
        );
        assert_eq!(
            Credentials::of(&l2, t2).specialty.as_deref(),
            Some("Preventive Medicine, Public Health & General Preventive Medicine"),
            "a value wrapped after '&' is joined"
        );
        assert_eq!(
            c.specialty.as_deref(),
            Some("Physical Medicine & Rehabilitation, Pain Management")
        );
        let (l, t) = letter(
            "HOW THE IMR FINAL DETERMINATION WAS MADE\nThe physician reviewer is Board Certified in Physical Medicine and Rehabilitation, has a subspecialty in \n\nNeuromuscular Medicine and is licensed to practice in Maryland. He/she has been\nCLINICAL CASE SUMMARY\nx\nIMR ISSUES, DECISIONS AND RATIONALES\n",
        );
        let c = Credentials::of(&l, t);
        assert_eq!(
            c.specialty.as_deref(),
            Some("Physical Medicine and Rehabilitation")
        );
        assert_eq!(c.licensure.as_deref(), Some("Maryland"));
    }

    #[test]
    fn the_reviewers_sources_are_kept_apart_from_the_claims_administrators() {
        use crate::rules::testing::{item, letter};
        let body = item("Norco 10mg #60", "Upheld", "The request is not medically necessary.")
            .replace(
                "Claims Administrator guideline: Decision based on MTUS Chronic Pain Medical Treatment 2009.",
                "Claims Administrator guideline: Decision based on Non-MTUS Citation Official Disability Guidelines (ODG) Pain, Opioids.",
            )
            .replace(
                "MAXIMUS guideline: Decision based on MTUS Chronic Pain Medical Treatment 2009.",
                "MAXIMUS guideline: Decision based on MTUS Chronic Pain Medical Treatment 2009, Section(s): Opioids, and Opioid Treatment 2016, Section(s): 3.3. Decision based on Non-MTUS Citation https://www.cms.gov/fees.",
            );
        let text = letter(&body);
        let analysis = Analysis::new(&text, std::sync::Arc::new(Catalog::embedded().clone()));
        let item = &analysis.model.letters[0].items[0];
        let f = ItemFacts::of(item, &analysis, &text, Classifier::embedded());
        assert_eq!(
            f.maximus_ids,
            ["mtus-chronic-pain-2009", "mtus-opioids-2016", "web:cms.gov"]
        );
        assert_eq!(f.claims_ids, ["odg-pain"]);
        let charted: Vec<&str> = f
            .maximus_guidelines
            .iter()
            .map(|&g| analysis.catalog.guidelines[g].id.as_str())
            .collect();
        assert_eq!(charted, ["mtus-chronic-pain-2009", "mtus-opioids-2016"]);
        // The report's guideline chart counts these, not the Claims Administrator's ODG.
        let read = crate::input::Text {
            text: text.clone(),
            encoding: crate::input::Encoding::Utf8,
            pages: Vec::new(),
        };
        let summary =
            crate::report::summarise("x.txt", &read, &analysis, &[], Classifier::embedded());
        assert_eq!(summary.letters[0].items[0].guidelines, f.maximus_guidelines);
    }
}
