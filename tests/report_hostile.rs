//! The report page against a letter written as an attacker would (HTML, Markdown and template
//! syntax in every field a letter fills): the page has the same elements as for a plain letter,
//! nothing from the letter becomes markup, and the Content-Security-Policy stays strict.

use std::collections::BTreeMap;

mod common;
use common::imr;

const HOSTILE: &str = "<script>alert(1)</script> <img src=x onerror=alert(2)> </td></tr></table> <!-- [x](javascript:alert(3)) {{7*7}} ${7*7} <svg onload=alert(4)> \"'><a href=//evil.example>";

/// A letter with two items; `x` is written into its header, item lines, guideline fields,
/// rationales and conclusion (a plain letter has `x` = "").
fn letter(x: &str) -> String {
    format!(
        "Case Number:\nDate Assigned:\nDecision Date:\nPriority:\nDate of Injury:\nCM16-0230651\n12/07/2016\n01/09/2017\nStandard{x}\n10/13/2016\n\
HOW THE IMR FINAL DETERMINATION WAS MADE\nState(s) of Licensure: California{x}\nCertification(s)/Specialty: Orthopedic Surgery{x}\n\
CLINICAL CASE SUMMARY\nThe patient is 50.{x}\n\
IMR ISSUES, DECISIONS AND RATIONALES\nThe Final Determination was based on decisions for the disputed items/services set forth below:\n\
Norco 10/325 #60{x}: Upheld\n\
Claims Administrator guideline: Decision based on MTUS Chronic Pain Medical Treatment 2009, Page(s): 74-96.{x}\n\
MAXIMUS guideline: Decision based on MTUS Chronic Pain Medical Treatment 2009, Section(s): Opioids.{x}\n\
Decision rationale: {x} The request for Norco is not medically necessary.\n\
MRI of the lumbar spine{x}\n\
Decision rationale: {x} The request for an MRI is not medically necessary.\n"
    )
}

/// `HOSTILE` made harmless with the same findings: each `<tag>` (a draft placeholder to the
/// checker) becomes `<x>`, other markup characters become letters.
fn plain_twin(hostile: &str) -> String {
    let tags = regex::Regex::new(r"<[A-Za-z][^<>\n]{0,60}>").unwrap();
    tags.replace_all(hostile, "<x>")
        .split("<x>")
        .map(|piece| {
            piece.replace(
                ['<', '>', '"', '\'', '&', '{', '}', '[', ']', '(', ')'],
                "q",
            )
        })
        .collect::<Vec<_>>()
        .join("<x>")
}

/// The report page over one file named `name` holding `text`.
fn page(tag: &str, name: &str, text: &str) -> String {
    let dir = std::env::temp_dir().join(format!("imr-report-hostile-{tag}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join(name), text).unwrap();
    let (code, html, err) = imr(&["report", dir.to_str().unwrap()]);
    std::fs::remove_dir_all(&dir).ok();
    assert!(code == 0 || code == 1, "{err}");
    assert!(html.starts_with("<!DOCTYPE html>"), "{err}");
    html
}

/// How many of each element (and closing tag) the page has.
fn elements(html: &str) -> BTreeMap<String, usize> {
    let mut out = BTreeMap::new();
    let b = html.as_bytes();
    for (i, _) in html.match_indices('<') {
        let rest = &b[i + 1..];
        let (close, rest) = match rest.first() {
            Some(b'/') => ("/", &rest[1..]),
            _ => ("", rest),
        };
        let name: String = rest
            .iter()
            .take_while(|c| c.is_ascii_alphanumeric() || **c == b'-' || **c == b'!')
            .map(|&c| (c as char).to_ascii_lowercase())
            .collect();
        if !name.is_empty() {
            *out.entry(format!("{close}{name}")).or_insert(0) += 1;
        }
    }
    out
}

#[test]
fn a_hostile_letter_leaves_the_page_structure_unchanged() {
    let name = "<img src=x onerror=alert(5)>.txt";
    let plain = page(
        "plain",
        &plain_twin(name),
        &letter(&format!(" {}", plain_twin(HOSTILE))),
    );
    let hostile = page("hostile", name, &letter(&format!(" {HOSTILE}")));
    // The letter's text is on the page (escaped), so the test would see it become markup.
    assert!(
        hostile.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "the hostile text is shown as text"
    );
    assert_eq!(
        elements(&hostile),
        elements(&plain),
        "same elements, rows and cells as for a plain letter"
    );
    assert_eq!(
        hostile.matches("<script").count(),
        1,
        "only the page's own script"
    );
    for needle in [
        "<img",
        "<svg onload",
        "<a href=//",
        "href=\"javascript:",
        "href=\"//",
        "<!-- [x]",
        "</td></tr></table> <!--",
    ] {
        assert!(
            !hostile.contains(needle),
            "{needle} reached the page as markup"
        );
    }
    assert!(
        hostile.contains("{{7*7}} ${7*7}"),
        "template syntax is shown as written"
    );
    assert!(
        hostile.contains("&lt;img src=x onerror=alert(5)&gt;.txt"),
        "the file name too"
    );
}

#[test]
fn the_content_security_policy_is_strict_and_comes_first() {
    let html = page("csp", "letter.txt", &letter(&format!(" {HOSTILE}")));
    let key = "<meta http-equiv=\"Content-Security-Policy\" content=\"";
    let at = html.find(key).expect("a CSP meta element");
    let policy = &html[at + key.len()..];
    let policy = &policy[..policy.find('"').unwrap()];
    assert!(
        at < html.find("<style").unwrap() && at < html.find("<script").unwrap(),
        "the policy is in force before any style or script"
    );
    let directives: BTreeMap<&str, Vec<&str>> = policy
        .split(';')
        .filter_map(|d| {
            let mut w = d.split_whitespace();
            Some((w.next()?, w.collect()))
        })
        .collect();
    assert_eq!(
        directives.get("default-src"),
        Some(&vec!["'none'"]),
        "{policy}"
    );
    for (name, sources) in &directives {
        for s in sources {
            assert!(
                ["'none'", "'unsafe-inline'", "data:"].contains(s),
                "{name} allows {s}: the page may load or send nothing ({policy})"
            );
        }
        assert!(
            !["connect-src", "form-action", "frame-src", "script-src-elem"].contains(name)
                || sources == &vec!["'none'"],
            "{name}: {policy}"
        );
    }
    assert_eq!(
        directives.get("script-src"),
        Some(&vec!["'unsafe-inline'"]),
        "no script from elsewhere"
    );
    assert!(directives.keys().all(|d| *d != "img-src") || directives["img-src"] == vec!["data:"]);
}
