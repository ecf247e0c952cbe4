//! `header-dates`: the header's dates are malformed, impossible or out of order, the decision
//! date lies far in the future, or the case number is not shaped like `CM16-0247802`.

use super::{Context, Diagnostic, Related, RuleInfo, Severity};
use crate::model::{HeaderField, Span, Spanned};
use regex::Regex;
use std::sync::OnceLock;

pub const INFO: RuleInfo = RuleInfo {
    code: "header-dates",
    severity: Severity::Warning,
    summary:
        "a header date is malformed, impossible or out of order, or the case number is malformed",
};

/// The order the process runs in; on published letters it always holds (checked on 194 letters).
const ORDER: [&str; 5] = [
    "Date of Injury",
    "UR Denial Date",
    "Application Received",
    "Date Assigned",
    "Decision Date",
];

/// Other header dates, checked for shape only.
const OTHER_DATES: [&str; 1] = ["Date Received"];

const CASE_NUMBER_LABELS: [&str; 2] = ["Case Number", "IMR Case Number"];

/// How far past today a decision date may lie before it reads as a mistyped year.
const FUTURE_DAYS: i64 = 30;

/// A calendar date from a header.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Date {
    year: i64,
    month: u32,
    day: u32,
}

impl Date {
    /// Days since 1970-01-01 (the proleptic Gregorian calendar, as in H. Hinnant's algorithms).
    fn days(self) -> i64 {
        crate::calendar::days_from_civil(self.year, self.month, self.day)
    }

    fn from_days(z: i64) -> Date {
        let (year, month, day) = crate::calendar::civil_from_days(z);
        Date { year, month, day }
    }

    fn today() -> Date {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        Date::from_days((secs / 86_400) as i64)
    }

    fn label(self) -> String {
        format!("{:02}/{:02}/{}", self.month, self.day, self.year)
    }
}

fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

fn date_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"^(\d{1,2})/(\d{1,2})/(\d{4})$").expect("valid regex"))
}

fn case_number_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"^CM\d{2}-\d{7}$").expect("valid regex"))
}

/// A header date as letters write it (`MM/DD/YYYY`), or what is wrong with it.
fn parse_date(text: &str) -> Result<Date, String> {
    let Some(c) = date_re().captures(text.trim()) else {
        return Err("is not a date written MM/DD/YYYY".to_string());
    };
    let (month, day, year): (u32, u32, i64) = (
        c[1].parse().unwrap_or(0),
        c[2].parse().unwrap_or(0),
        c[3].parse().unwrap_or(0),
    );
    if !(1..=12).contains(&month) {
        return Err(format!("has no month {month}"));
    }
    if day == 0 || day > days_in_month(year, month) {
        return Err(format!(
            "is not a day: month {month} of {year} has {} days",
            days_in_month(year, month)
        ));
    }
    Ok(Date { year, month, day })
}

pub fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    check_on(cx, Date::today(), out);
}

/// A header field's value, when it has one that is not blank and not a draft placeholder (which
/// the `placeholder` rule reports).
fn value_of(f: &HeaderField) -> Option<&Spanned> {
    f.value
        .as_ref()
        .filter(|v| !v.text.trim().is_empty() && !super::placeholder::holds_placeholder(&v.text))
}

/// The check with "today" given, so tests do not depend on the clock.
fn check_on(cx: &Context, today: Date, out: &mut Vec<Diagnostic>) {
    let header = &cx.letter.header;
    // The dates in process order, by their rank in `ORDER`; only well-formed ones are compared.
    let mut ordered: Vec<(usize, &Spanned, Date)> = Vec::new();
    for f in &header.fields {
        let rank = ORDER.iter().position(|l| *l == f.label);
        if rank.is_none() && !OTHER_DATES.contains(&f.label.as_str()) {
            continue;
        }
        let Some(v) = value_of(f) else { continue };
        match (parse_date(&v.text), rank) {
            (Ok(d), Some(rank)) => ordered.push((rank, v, d)),
            (Ok(_), None) => {}
            (Err(why), _) => out.push(cx.diag(
                &INFO,
                v.span,
                format!("The {} \"{}\" {why}.", f.label, v.text.trim()),
            )),
        }
    }
    ordered.sort_by_key(|(rank, _, _)| *rank);
    ordered.dedup_by_key(|(rank, _, _)| *rank);
    for pair in ordered.windows(2) {
        let ((a, av, ad), (b, bv, bd)) = (pair[0], pair[1]);
        if ad <= bd {
            continue;
        }
        let (a, b) = (ORDER[a], ORDER[b]);
        let mut d = cx.diag(
            &INFO,
            bv.span,
            format!(
                "The {b} {} comes before the {a} {}: header dates run {}.",
                bd.label(),
                ad.label(),
                ORDER.join(" ≤ ")
            ),
        );
        d.related = Some(Related {
            span: av.span,
            message: format!("the {a}"),
        });
        // Neighbours in the order, so swapping their values is the likely repair.
        let (first, second) = if av.span.start < bv.span.start {
            (av, bv)
        } else {
            (bv, av)
        };
        if first.span.end <= second.span.start {
            let between = cx.get(Span::new(first.span.end, second.span.start));
            let replacement = format!("{}{between}{}", cx.get(second.span), cx.get(first.span));
            d = d.with_fix(
                format!("Swap the {a} and the {b}"),
                Span::new(first.span.start, second.span.end),
                &replacement,
            );
        }
        out.push(d);
    }
    let decision = ORDER.len() - 1;
    if let Some((_, v, d)) = ordered.iter().find(|(rank, _, _)| *rank == decision) {
        if d.days() > today.days() + FUTURE_DAYS {
            out.push(cx.diag(
                &INFO,
                v.span,
                format!(
                    "The Decision Date {} is more than {FUTURE_DAYS} days after today ({}): check the year.",
                    d.label(),
                    today.label()
                ),
            ));
        }
    }
    let case = header
        .fields
        .iter()
        .find(|f| CASE_NUMBER_LABELS.contains(&f.label.as_str()))
        .and_then(value_of)
        .or(header.case_number.as_ref())
        .filter(|c| !super::placeholder::holds_placeholder(&c.text));
    if let Some(c) = case {
        let text = c.text.trim();
        if !case_number_re().is_match(text) {
            out.push(cx.diag(
                &INFO,
                c.span,
                format!("The case number \"{text}\" should read CM, the two-digit year, a dash and seven digits (e.g. CM16-0247802)."),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Catalog;
    use crate::rules::testing::letter;

    const HEADER: &str = "Case Number:\nDate Assigned:\nDecision Date:\nPriority:\n\nCM16-0221706\n11/23/2016\n12/21/2016\nStandard\n\nDate of Injury:\nUR Denial Date:\nApplication\nReceived:\n\n10/16/2016\n10/20/2016\n11/15/2016\n\n";

    const LAYOUT: &str = "Case Number:          CM16-0221706\nDate Assigned:        11/23/2016                      Date of Injury:      10/16/2016\nDecision Date:        12/21/2016                      UR Denial Date:      10/20/2016\nPriority:             Standard                        Application          11/15/2016\n                                                      Received:\n\n";

    fn findings(header: &str) -> Vec<(String, Diagnostic)> {
        let body = crate::rules::testing::item(
            "Norco 5/325mg #60",
            "Upheld",
            "The request is not medically necessary.",
        );
        let text = format!("{header}{}", letter(&body));
        let model = crate::parser::parse(&text);
        let l = &model.letters[0];
        let cx = Context {
            letter: l,
            catalog: Catalog::embedded(),
            text: &text[l.span.start..l.span.end],
            base: l.span.start,
            cited: &[],
        };
        let mut out = Vec::new();
        let today = Date {
            year: 2017,
            month: 1,
            day: 15,
        };
        check_on(&cx, today, &mut out);
        out.into_iter()
            .map(|d| (d.span.text(&text).to_string(), d))
            .collect()
    }

    #[test]
    fn published_headers_in_both_layouts_are_quiet() {
        assert!(findings(HEADER).is_empty());
        assert!(findings(LAYOUT).is_empty());
    }

    #[test]
    fn dates_out_of_order_with_a_swap_fix() {
        // UR denial and application received swapped by a slip.
        let h = HEADER.replace("10/20/2016\n11/15/2016", "11/15/2016\n10/20/2016");
        let f = findings(&h);
        assert_eq!(f.len(), 1, "{f:#?}");
        let (at, d) = &f[0];
        assert_eq!((d.code, at.as_str()), ("header-dates", "10/20/2016"));
        assert!(
            d.message.contains(
                "Application Received 10/20/2016 comes before the UR Denial Date 11/15/2016"
            ),
            "{}",
            d.message
        );
        assert_eq!(d.fixes[0].replacement, "10/20/2016\n11/15/2016");
        // Layout mode: the values sit on different lines, the text between them is kept.
        let h = LAYOUT.replace("11/23/2016", "12/22/2016");
        let f = findings(&h);
        assert_eq!(f.len(), 1, "{f:#?}");
        assert_eq!(f[0].0, "12/21/2016");
        let fix = &f[0].1.fixes[0];
        assert!(
            fix.replacement.starts_with("12/21/2016") && fix.replacement.ends_with("12/22/2016"),
            "{fix:?}"
        );
    }

    #[test]
    fn malformed_impossible_future_dates_and_case_numbers() {
        let h = HEADER
            .replace("11/23/2016", "13/23/2016")
            .replace("10/16/2016", "06/31/2016")
            .replace("12/21/2016", "12/21/2071")
            .replace("11/15/2016", "11/15/16")
            .replace("CM16-0221706", "CM16-221706");
        let f = findings(&h);
        let got: Vec<&str> = f.iter().map(|(at, _)| at.as_str()).collect();
        assert_eq!(
            got,
            [
                "13/23/2016",
                "06/31/2016",
                "11/15/16",
                "12/21/2071",
                "CM16-221706"
            ]
        );
        let messages: Vec<&str> = f.iter().map(|(_, d)| d.message.as_str()).collect();
        assert!(
            messages.iter().any(|m| m.contains("has no month 13")),
            "{messages:#?}"
        );
        assert!(
            messages
                .iter()
                .any(|m| m.contains("month 6 of 2016 has 30 days")),
            "{messages:#?}"
        );
        assert!(
            messages
                .iter()
                .any(|m| m.contains("11/15/16") && m.contains("MM/DD/YYYY")),
            "{messages:#?}"
        );
        assert!(
            messages
                .iter()
                .any(|m| m.contains("more than 30 days after today")),
            "{messages:#?}"
        );
        assert!(
            messages
                .iter()
                .any(|m| m.contains("CM16-221706") && m.contains("seven digits")),
            "{messages:#?}"
        );
    }

    #[test]
    fn leap_days_and_the_calendar() {
        assert!(parse_date("02/29/2016").is_ok());
        assert!(parse_date("02/29/2017").is_err());
        let d = Date {
            year: 2016,
            month: 12,
            day: 31,
        };
        assert_eq!(Date::from_days(d.days()), d);
        assert_eq!(
            Date {
                year: 1970,
                month: 1,
                day: 1
            }
            .days(),
            0
        );
    }
}
