//! `imr-lsp rules`, `check --help` and `check --disable` all speak from the one rule registry.

use imr_lsp::rules::RULES;

mod common;
use common::imr;

#[test]
fn rules_lists_the_registry_as_json() {
    let (code, out, _) = imr(&["rules", "--format", "json"]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let listed: Vec<(&str, &str, &str)> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["code"].as_str().unwrap(),
                r["severity"].as_str().unwrap(),
                r["checks"].as_str().unwrap(),
            )
        })
        .collect();
    let registry: Vec<(&str, &str, &str)> = RULES
        .iter()
        .map(|r| (r.info.code, r.info.severity.as_str(), r.unit.name()))
        .collect();
    assert_eq!(listed, registry);
}

#[test]
fn check_help_lists_every_rule() {
    let (code, out, _) = imr(&["check", "--help"]);
    assert_eq!(code, 0);
    for r in RULES {
        assert!(
            out.contains(r.info.code),
            "{} missing from:\n{out}",
            r.info.code
        );
    }
}

#[test]
fn an_unknown_rule_names_the_known_ones() {
    let (code, _, err) = imr(&["check", "--disable", "bogus", "tests/fixtures/letters"]);
    assert_eq!(code, 2);
    assert!(err.contains("`bogus`"), "{err}");
    assert!(err.contains("decision-conflict, no-conclusion"), "{err}");
    assert!(err.contains("imr-lsp rules"), "{err}");
}
