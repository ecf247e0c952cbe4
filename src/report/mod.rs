//! Batch report: streams per-file summaries into aggregates (totals, uphold rates by category and
//! drug class, months, days to decision, citations, problems) and renders them as JSON or HTML.
//!
//! Only aggregates grow with the number of distinct keys; per letter, one compact table row is
//! kept (case number, dates, counts), never the letter text or its model.

pub mod charts;
pub mod html;
pub mod record;

use crate::analysis::Analysis;
use crate::catalog::Catalog;
use crate::classify::{Classifier, OTHER_ID, OTHER_NAME};
use crate::input::{LineIndex, Location, Text};
use crate::model::DecisionKind;
use crate::rules::{Diagnostic, Severity};
use record::{Date, HeaderFacts, ItemFacts};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// Bumped when a field of the JSON changes meaning or goes away (additions keep the number).
/// 2: `unreadable_files` holds `{path, reason}`; findings are counted by severity; the median is
/// the true median (a number, halves possible).
pub const SCHEMA_VERSION: u32 = 2;
/// Findings listed per rule; the rest are counted.
pub const FINDINGS_PER_RULE: usize = 200;
/// Days-to-decision histogram: bucket width and the last bucket's start (it takes everything after).
const DAYS_BUCKET: i64 = 5;
const DAYS_LAST: i64 = 120;

/// What one file contributes, computed in parallel and then folded in order.
#[derive(Debug, Clone, Default)]
pub struct FileSummary {
    pub path: String,
    pub letters: Vec<LetterSummary>,
    /// Findings with their 1-based line and column.
    pub findings: Vec<Finding>,
}

#[derive(Debug, Clone, Default)]
pub struct LetterSummary {
    pub case_number: Option<String>,
    pub decision_date: Option<Date>,
    pub application_received: Option<Date>,
    pub line: usize,
    /// The PDF page the letter starts on.
    pub page: Option<usize>,
    pub items: Vec<ItemSummary>,
    pub problems: usize,
}

#[derive(Debug, Clone)]
pub struct ItemSummary {
    pub decision: Decided,
    pub category: Option<usize>,
    pub drug_class: Option<usize>,
    pub guidelines: Vec<usize>,
    pub topics: Vec<(usize, usize)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decided {
    Upheld,
    Overturned,
    Neither,
}

/// A finding where `check` puts it: line and column in the text read, and in a PDF the page and
/// the line and column on that page.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Finding {
    pub code: &'static str,
    pub severity: &'static str,
    pub path: String,
    pub line: usize,
    pub column: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page_line: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page_column: Option<usize>,
    pub message: String,
}

impl Finding {
    /// `172:11`, or `p4:31:11` in a PDF: what `check` prints.
    pub fn shown(&self) -> String {
        Location {
            line: self.line,
            column: self.column,
            page: self.page,
            page_line: self.page_line.unwrap_or(self.line),
            page_column: self.page_column.unwrap_or(self.column),
        }
        .shown()
    }
}

/// Findings counted by severity, the same four counts in `check`'s summary, the report page and
/// the report JSON.
#[derive(Debug, Clone, Copy, Default, Serialize, PartialEq, Eq)]
pub struct BySeverity {
    pub errors: u64,
    pub warnings: u64,
    pub information: u64,
    pub hints: u64,
}

impl BySeverity {
    pub fn add(&mut self, severity: Severity, n: u64) {
        *match severity {
            Severity::Error => &mut self.errors,
            Severity::Warning => &mut self.warnings,
            Severity::Information => &mut self.information,
            Severity::Hint => &mut self.hints,
        } += n;
    }

    pub fn total(&self) -> u64 {
        self.errors + self.warnings + self.information + self.hints
    }

    /// `1 error, 2 warnings, 0 information, 1 hint`.
    pub fn shown(&self) -> String {
        let n = |k: u64, one: &str, many: &str| format!("{k} {}", if k == 1 { one } else { many });
        format!(
            "{}, {}, {}, {}",
            n(self.errors, "error", "errors"),
            n(self.warnings, "warning", "warnings"),
            n(self.information, "information", "information"),
            n(self.hints, "hint", "hints")
        )
    }
}

/// A file that gave no text, and why (in words that say what to do).
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct UnreadableFile {
    pub path: String,
    pub reason: String,
}

/// Builds a file's summary from its analysis and the findings the user's settings keep (runs on
/// the worker threads).
pub fn summarise(
    path: &str,
    read: &Text,
    analysis: &Analysis,
    diags: &[Diagnostic],
    classifier: &Classifier,
) -> FileSummary {
    let model = &analysis.model;
    let lines = LineIndex::new(&read.text);
    let mut letters: Vec<LetterSummary> = model
        .letters
        .iter()
        .map(|l| {
            let h = HeaderFacts::of(l);
            LetterSummary {
                case_number: h.case_number,
                decision_date: h.decision_date,
                application_received: h.application_received,
                line: lines.line_col(&read.text, l.span.start).0,
                page: read.page_at(l.span.start).map(|(p, _)| p),
                problems: 0,
                items: l
                    .items
                    .iter()
                    .map(|i| {
                        let f = ItemFacts::of(i, analysis, &read.text, classifier);
                        ItemSummary {
                            decision: match i.decision.kind {
                                DecisionKind::Upheld => Decided::Upheld,
                                DecisionKind::Overturned => Decided::Overturned,
                                _ => Decided::Neither,
                            },
                            category: f.class.category,
                            drug_class: f.class.drug_class,
                            guidelines: f.maximus_guidelines,
                            topics: f.topics,
                        }
                    })
                    .collect(),
            }
        })
        .collect();
    let findings = diags
        .iter()
        .map(|d| {
            if let Some(n) = model
                .letters
                .iter()
                .position(|l| !l.span.is_empty() && l.span.touches(d.span.start))
            {
                letters[n].problems += 1;
            }
            let at = lines.locate(read, d.span.start.min(read.text.len()));
            Finding {
                code: d.code,
                severity: d.severity.as_str(),
                path: path.to_string(),
                line: at.line,
                column: at.column,
                page: at.page,
                page_line: at.page.map(|_| at.page_line),
                page_column: at.page.map(|_| at.page_column),
                message: d.message.clone(),
            }
        })
        .collect();
    FileSummary {
        path: path.to_string(),
        letters,
        findings,
    }
}

#[derive(Debug, Clone, Copy, Default)]
struct Counts {
    items: u64,
    upheld: u64,
    overturned: u64,
}

impl Counts {
    fn add(&mut self, d: Decided) {
        self.items += 1;
        match d {
            Decided::Upheld => self.upheld += 1,
            Decided::Overturned => self.overturned += 1,
            Decided::Neither => {}
        }
    }
}

/// Folds file summaries into the report, in input order.
#[derive(Debug, Default)]
pub struct Aggregator {
    files: u64,
    unreadable: u64,
    letters: u64,
    totals: Counts,
    by_category: HashMap<Option<usize>, Counts>,
    by_drug_class: HashMap<usize, Counts>,
    by_month: BTreeMap<String, (u64, Counts)>,
    no_decision_date: u64,
    days: BTreeMap<i64, u64>,
    guidelines: HashMap<usize, u64>,
    topics: HashMap<(usize, usize), u64>,
    problems: BTreeMap<&'static str, (&'static str, u64, Vec<Finding>)>,
    by_severity: BySeverity,
    rows: Vec<LetterRow>,
    unreadable_files: Vec<UnreadableFile>,
}

/// One row of the letters table: what a QA lead sorts and filters on.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct LetterRow {
    pub case_number: Option<String>,
    pub path: String,
    /// The letter's place in its file: 1 for the first (a file may hold several).
    pub letter: usize,
    /// The line it starts on in the text read.
    pub line: usize,
    /// The PDF page it starts on.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<usize>,
    pub decision_date: Option<String>,
    pub items: u64,
    pub upheld: u64,
    pub overturned: u64,
    pub problems: u64,
}

impl Aggregator {
    pub fn new() -> Aggregator {
        Aggregator::default()
    }

    /// A file that could not be read: counted and named, never fatal.
    pub fn unreadable(&mut self, path: &str, reason: &str) {
        self.unreadable += 1;
        self.unreadable_files.push(UnreadableFile {
            path: path.to_string(),
            reason: reason.to_string(),
        });
    }

    pub fn add(&mut self, f: FileSummary) {
        self.files += 1;
        for (n, l) in f.letters.into_iter().enumerate() {
            self.letters += 1;
            let mut row = LetterRow {
                case_number: l.case_number,
                path: f.path.clone(),
                letter: n + 1,
                line: l.line,
                page: l.page,
                decision_date: l.decision_date.map(|d| d.iso()),
                items: 0,
                upheld: 0,
                overturned: 0,
                problems: l.problems as u64,
            };
            let mut letter_counts = Counts::default();
            for i in &l.items {
                letter_counts.add(i.decision);
                self.totals.add(i.decision);
                self.by_category
                    .entry(i.category)
                    .or_default()
                    .add(i.decision);
                if let Some(d) = i.drug_class {
                    self.by_drug_class.entry(d).or_default().add(i.decision);
                }
                for &g in &i.guidelines {
                    *self.guidelines.entry(g).or_default() += 1;
                }
                for &t in &i.topics {
                    *self.topics.entry(t).or_default() += 1;
                }
            }
            row.items = letter_counts.items;
            row.upheld = letter_counts.upheld;
            row.overturned = letter_counts.overturned;
            match l.decision_date {
                Some(d) => {
                    let m = self.by_month.entry(d.month_key()).or_default();
                    m.0 += 1;
                    m.1.items += letter_counts.items;
                    m.1.upheld += letter_counts.upheld;
                    m.1.overturned += letter_counts.overturned;
                    if let Some(a) = l.application_received {
                        *self.days.entry(d.days() - a.days()).or_default() += 1;
                    }
                }
                None => self.no_decision_date += 1,
            }
            self.rows.push(row);
        }
        for finding in f.findings {
            if let Some(s) = Severity::parse(finding.severity) {
                self.by_severity.add(s, 1);
            }
            let e = self
                .problems
                .entry(finding.code)
                .or_insert((finding.severity, 0, Vec::new()));
            e.1 += 1;
            if e.2.len() < FINDINGS_PER_RULE {
                e.2.push(finding);
            }
        }
    }

    /// The finished report, with names looked up and lists sorted for reading.
    pub fn finish(self, catalog: &Catalog, classifier: &Classifier) -> Report {
        let rate = |c: &Counts| {
            let decided = c.upheld + c.overturned;
            (decided > 0).then(|| c.upheld as f64 / decided as f64)
        };
        let tally = |id: &str, name: &str, c: &Counts| Tally {
            id: id.to_string(),
            name: name.to_string(),
            items: c.items,
            upheld: c.upheld,
            overturned: c.overturned,
            uphold_rate: rate(c),
        };
        let mut by_category: Vec<Tally> = self
            .by_category
            .iter()
            .map(|(k, c)| match k {
                Some(i) => tally(
                    &classifier.categories[*i].id,
                    &classifier.categories[*i].name,
                    c,
                ),
                None => tally(OTHER_ID, OTHER_NAME, c),
            })
            .collect();
        by_category.sort_by(|a, b| b.items.cmp(&a.items).then(a.id.cmp(&b.id)));
        let mut by_drug_class: Vec<Tally> = self
            .by_drug_class
            .iter()
            .map(|(i, c)| {
                let d = &classifier.drug_classes[*i];
                tally(&d.id, &d.name, c)
            })
            .collect();
        by_drug_class.sort_by(|a, b| b.items.cmp(&a.items).then(a.id.cmp(&b.id)));
        let by_month = self
            .by_month
            .iter()
            .map(|(m, (letters, c))| MonthTally {
                month: m.clone(),
                letters: *letters,
                items: c.items,
                upheld: c.upheld,
                overturned: c.overturned,
            })
            .collect();
        let mut guidelines: Vec<Cited> = self
            .guidelines
            .iter()
            .map(|(&g, &n)| Cited {
                id: catalog.guidelines[g].id.clone(),
                name: catalog.guidelines[g].short.clone(),
                items: n,
            })
            .collect();
        guidelines.sort_by(|a, b| b.items.cmp(&a.items).then(a.id.cmp(&b.id)));
        let mut topics: Vec<Cited> = self
            .topics
            .iter()
            .map(|(&(g, t), &n)| Cited {
                id: format!(
                    "{}#{}",
                    catalog.guidelines[g].id, catalog.guidelines[g].topics[t].name
                ),
                name: format!(
                    "{} ({})",
                    catalog.guidelines[g].topics[t].name, catalog.guidelines[g].short
                ),
                items: n,
            })
            .collect();
        topics.sort_by(|a, b| b.items.cmp(&a.items).then(a.id.cmp(&b.id)));
        let problems = self
            .problems
            .into_iter()
            .map(|(code, (severity, count, findings))| RuleTally {
                code: code.to_string(),
                severity: severity.to_string(),
                count,
                omitted: count - findings.len() as u64,
                findings,
            })
            .collect();
        Report {
            schema_version: SCHEMA_VERSION,
            imr_lsp_version: env!("CARGO_PKG_VERSION").to_string(),
            generated_at: utc_now(),
            inputs: Vec::new(),
            files: self.files,
            unreadable: self.unreadable,
            unreadable_files: self.unreadable_files,
            findings: self.by_severity,
            letters: self.letters,
            items: self.totals.items,
            upheld: self.totals.upheld,
            overturned: self.totals.overturned,
            uphold_rate: rate(&self.totals),
            by_category,
            by_drug_class,
            by_month,
            letters_without_decision_date: self.no_decision_date,
            days_to_decision: DaysStats::from_counts(&self.days),
            guidelines,
            topics,
            problems,
            letters_table: self.rows,
        }
    }
}

/// The current time in UTC as `YYYY-MM-DDTHH:MM:SSZ`.
pub fn utc_now() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    utc(secs)
}

/// Seconds since 1970 as `YYYY-MM-DDTHH:MM:SSZ`.
fn utc(secs: i64) -> String {
    let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    let (year, month, day) = crate::calendar::civil_from_days(days);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem / 60 % 60,
        rem % 60
    )
}

/// The report: what `--format json` prints and the HTML page shows.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub schema_version: u32,
    /// The imr-lsp version that wrote it.
    pub imr_lsp_version: String,
    /// When, in UTC (`2026-12-03T10:24:15Z`).
    pub generated_at: String,
    /// The paths as given on the command line.
    pub inputs: Vec<String>,
    pub files: u64,
    pub unreadable: u64,
    pub unreadable_files: Vec<UnreadableFile>,
    /// Findings by severity, over every rule (`problems` lists them rule by rule).
    pub findings: BySeverity,
    pub letters: u64,
    pub items: u64,
    pub upheld: u64,
    pub overturned: u64,
    /// upheld / (upheld + overturned); null when nothing was decided.
    pub uphold_rate: Option<f64>,
    pub by_category: Vec<Tally>,
    pub by_drug_class: Vec<Tally>,
    pub by_month: Vec<MonthTally>,
    pub letters_without_decision_date: u64,
    pub days_to_decision: DaysStats,
    pub guidelines: Vec<Cited>,
    pub topics: Vec<Cited>,
    pub problems: Vec<RuleTally>,
    pub letters_table: Vec<LetterRow>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Tally {
    pub id: String,
    pub name: String,
    pub items: u64,
    pub upheld: u64,
    pub overturned: u64,
    pub uphold_rate: Option<f64>,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct MonthTally {
    pub month: String,
    pub letters: u64,
    pub items: u64,
    pub upheld: u64,
    pub overturned: u64,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Cited {
    pub id: String,
    pub name: String,
    /// Items citing it (an item citing it twice counts once).
    pub items: u64,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct RuleTally {
    pub code: String,
    pub severity: String,
    pub count: u64,
    /// Findings beyond the first [`FINDINGS_PER_RULE`], counted but not listed.
    pub omitted: u64,
    pub findings: Vec<Finding>,
}

/// Days from application received to decision, over letters that state both dates.
#[derive(Debug, Clone, Serialize, PartialEq, Default)]
pub struct DaysStats {
    pub letters: u64,
    pub min: Option<i64>,
    /// The middle value; for an even count the mean of the two middle ones (so `35.5` is possible).
    pub median: Option<f64>,
    pub mean: Option<f64>,
    pub max: Option<i64>,
    /// Buckets `[from, to]` of days; the last has `to: null` (that many days or more).
    pub histogram: Vec<Bucket>,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Bucket {
    pub from: i64,
    pub to: Option<i64>,
    pub letters: u64,
}

impl DaysStats {
    fn from_counts(days: &BTreeMap<i64, u64>) -> DaysStats {
        let n: u64 = days.values().sum();
        if n == 0 {
            return DaysStats::default();
        }
        let sum: i64 = days.iter().map(|(d, c)| d * *c as i64).sum();
        // The value at a 1-based rank of the sorted days.
        let at_rank = |rank: u64| {
            let mut seen = 0;
            days.iter()
                .find(|(_, c)| {
                    seen += **c;
                    seen >= rank
                })
                .map(|(d, _)| *d as f64)
        };
        // The true median: for an even count, the mean of the two middle values.
        let median = if n % 2 == 1 {
            at_rank(n.div_ceil(2))
        } else {
            at_rank(n / 2)
                .zip(at_rank(n / 2 + 1))
                .map(|(a, b)| (a + b) / 2.0)
        };
        let mut histogram: Vec<Bucket> = Vec::new();
        for (&d, &c) in days {
            let from = if d >= DAYS_LAST {
                DAYS_LAST
            } else {
                d.div_euclid(DAYS_BUCKET) * DAYS_BUCKET
            };
            match histogram.iter_mut().find(|b| b.from == from) {
                Some(b) => b.letters += c,
                None => histogram.push(Bucket {
                    from,
                    to: (from < DAYS_LAST).then_some(from + DAYS_BUCKET - 1),
                    letters: c,
                }),
            }
        }
        DaysStats {
            letters: n,
            min: days.keys().next().copied(),
            median,
            mean: Some(sum as f64 / n as f64),
            max: days.keys().next_back().copied(),
            histogram,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(d: Decided, category: Option<usize>) -> ItemSummary {
        ItemSummary {
            decision: d,
            category,
            drug_class: None,
            guidelines: vec![0],
            topics: vec![],
        }
    }

    #[test]
    fn aggregates_count_items_months_and_days() {
        let mut a = Aggregator::new();
        let date = |s| Date::parse(s);
        a.add(FileSummary {
            path: "a.txt".into(),
            letters: vec![LetterSummary {
                case_number: Some("CM1".into()),
                decision_date: date("01/10/2017"),
                application_received: date("12/01/2016"),
                line: 1,
                page: None,
                items: vec![
                    item(Decided::Upheld, Some(0)),
                    item(Decided::Overturned, None),
                ],
                problems: 1,
            }],
            findings: vec![Finding {
                code: "placeholder",
                severity: "warning",
                path: "a.txt".into(),
                line: 3,
                column: 1,
                page: None,
                page_line: None,
                page_column: None,
                message: "m".into(),
            }],
        });
        a.add(FileSummary {
            path: "b.txt".into(),
            letters: vec![LetterSummary {
                decision_date: date("02/01/2017"),
                application_received: date("01/01/2017"),
                items: vec![item(Decided::Upheld, Some(0))],
                ..LetterSummary::default()
            }],
            findings: vec![],
        });
        a.unreadable("c.pdf", "truncated PDF");
        let r = a.finish(Catalog::embedded(), Classifier::embedded());
        assert_eq!((r.files, r.unreadable, r.letters, r.items), (2, 1, 2, 3));
        assert_eq!((r.upheld, r.overturned), (2, 1));
        assert!((r.uphold_rate.unwrap() - 2.0 / 3.0).abs() < 1e-9);
        assert_eq!(r.by_category[0].items, 2);
        assert_eq!(r.by_category[1].id, "other");
        assert_eq!(
            r.by_month
                .iter()
                .map(|m| m.month.as_str())
                .collect::<Vec<_>>(),
            ["2017-01", "2017-02"]
        );
        assert_eq!(r.days_to_decision.letters, 2);
        assert_eq!(r.days_to_decision.min, Some(31));
        assert_eq!(r.days_to_decision.max, Some(40));
        assert_eq!(r.guidelines[0].items, 3);
        assert_eq!(r.problems[0].code, "placeholder");
        assert_eq!(r.letters_table[0].problems, 1);
        assert_eq!(r.letters_table[1].case_number, None);
        assert_eq!(
            r.unreadable_files,
            [UnreadableFile {
                path: "c.pdf".into(),
                reason: "truncated PDF".into()
            }]
        );
        assert_eq!(
            r.findings,
            BySeverity {
                warnings: 1,
                ..BySeverity::default()
            }
        );
    }

    #[test]
    fn findings_beyond_the_cap_are_counted_not_kept() {
        let mut a = Aggregator::new();
        let f = Finding {
            code: "no-items",
            severity: "error",
            path: "x".into(),
            line: 1,
            column: 1,
            page: None,
            page_line: None,
            page_column: None,
            message: String::new(),
        };
        a.add(FileSummary {
            path: "x".into(),
            letters: vec![],
            findings: vec![f; FINDINGS_PER_RULE + 5],
        });
        let r = a.finish(Catalog::embedded(), Classifier::embedded());
        assert_eq!(r.problems[0].count, FINDINGS_PER_RULE as u64 + 5);
        assert_eq!(r.problems[0].findings.len(), FINDINGS_PER_RULE);
        assert_eq!(r.problems[0].omitted, 5);
    }

    #[test]
    fn the_median_of_an_even_count_is_the_mean_of_the_middle_two() {
        let days: BTreeMap<i64, u64> = [(10, 1), (20, 1), (31, 1), (40, 1)].into();
        assert_eq!(DaysStats::from_counts(&days).median, Some(25.5));
        let days: BTreeMap<i64, u64> = [(10, 2), (20, 1)].into();
        assert_eq!(DaysStats::from_counts(&days).median, Some(10.0));
        let days: BTreeMap<i64, u64> = [(10, 1), (20, 1)].into();
        assert_eq!(DaysStats::from_counts(&days).median, Some(15.0));
    }

    #[test]
    fn times_are_written_in_utc() {
        assert_eq!(utc(0), "1970-01-01T00:00:00Z");
        assert_eq!(utc(1_796_292_855), "2026-12-03T10:14:15Z");
        let d = Date::parse("12/03/2026").unwrap();
        assert_eq!(utc(d.days() * 86_400), "2026-12-03T00:00:00Z");
    }

    #[test]
    fn severities_are_counted_and_shown_in_one_place() {
        let mut b = BySeverity::default();
        b.add(Severity::Error, 1);
        b.add(Severity::Information, 3);
        b.add(Severity::Hint, 1);
        assert_eq!(b.total(), 5);
        assert_eq!(b.shown(), "1 error, 0 warnings, 3 information, 1 hint");
    }

    #[test]
    fn a_pdf_finding_is_shown_by_page_as_check_shows_it() {
        let f = Finding {
            code: "x",
            severity: "error",
            path: "a.pdf".into(),
            line: 172,
            column: 11,
            page: Some(4),
            page_line: Some(31),
            page_column: Some(11),
            message: String::new(),
        };
        assert_eq!(f.shown(), "p4:31:11");
        let t = Finding {
            page: None,
            page_line: None,
            page_column: None,
            ..f
        };
        assert_eq!(t.shown(), "172:11");
    }
}
