//! Every variation DOMAIN.md lists parses: one small letter per shape, asserting the model.

use imr_lsp::catalog::Catalog;
use imr_lsp::model::{DecisionKind, FieldKind, Model, SectionKind};
use imr_lsp::parser::parse;
use imr_lsp::rules::{check, Severity};

const HEAD: &str = "HOW THE IMR FINAL DETERMINATION WAS MADE\nThe expert reviewer is Board Certified.\nCLINICAL CASE SUMMARY\nThe patient is 50.\nIMR ISSUES, DECISIONS AND RATIONALES\nThe Final Determination was based on decisions for the disputed items/services set forth below:\n";
const FIELDS: &str = "Claims Administrator guideline: Decision based on MTUS Chronic Pain Medical Treatment 2009.\nMAXIMUS guideline: Decision based on MTUS Chronic Pain Medical Treatment 2009.\nDecision rationale: As such, the request is not medically necessary.\n";

fn items(m: &Model) -> Vec<(String, DecisionKind)> {
    m.letters
        .iter()
        .flat_map(|l| &l.items)
        .map(|i| (i.title.clone(), i.decision.kind.clone()))
        .collect()
}

fn clean(text: &str) -> Model {
    let m = parse(text);
    let alarms: Vec<_> = check(&m, text, Catalog::embedded())
        .into_iter()
        .filter(|d| d.severity <= Severity::Warning)
        .collect();
    assert!(alarms.is_empty(), "{alarms:#?}");
    m
}

#[test]
fn title_over_several_lines_and_decision_alone_on_its_line() {
    let text = format!("{HEAD}Retrospective request for Cyclobenzaprine 10mg tab #100 with 1\nrefill (DOS 03/29/2014):\nUpheld\n{FIELDS}");
    let m = clean(&text);
    assert_eq!(items(&m), [("Retrospective request for Cyclobenzaprine 10mg tab #100 with 1 refill (DOS 03/29/2014)".to_string(), DecisionKind::Upheld)]);
}

#[test]
fn colons_inside_titles_take_the_last_colon() {
    let text = format!("{HEAD}Retro DOS: 7.10.15 Cyclobenzaprine 2% cream: Upheld\n{FIELDS}Associated surgical service: Physical therapy, times 12: Upheld\n{FIELDS}");
    let m = clean(&text);
    let titles: Vec<String> = items(&m).into_iter().map(|x| x.0).collect();
    assert_eq!(
        titles,
        [
            "Retro DOS: 7.10.15 Cyclobenzaprine 2% cream",
            "Associated surgical service: Physical therapy, times 12"
        ]
    );
}

#[test]
fn double_spaced_crlf_form_feeds_and_trailing_spaces() {
    let single = format!(
        "{HEAD}Soma #60: Upheld\n{FIELDS}Flexeril 10mg #30:  Overturned\n{}",
        FIELDS.replace("not medically", "medically")
    );
    let double: String = single
        .lines()
        .map(|l| format!("{l}  \r\n\r\n"))
        .collect::<String>()
        .replacen("Claims Administrator", "\x0cClaims Administrator", 1);
    for text in [&single, &double] {
        let m = clean(text);
        assert_eq!(
            items(&m),
            [
                ("Soma #60".to_string(), DecisionKind::Upheld),
                ("Flexeril 10mg #30".to_string(), DecisionKind::Overturned)
            ]
        );
        assert_eq!(m.letters[0].items[0].fields.len(), 3);
    }
}

#[test]
fn label_starting_mid_line_and_did_not_cite_sentences() {
    let text = format!(
        "{HEAD}Cyclobenzaprine 5 MG #30: Upheld\nClaims Administrator guideline: The Claims Administrator did not cite any medical evidence\nfor its decision.\nMAXIMUS guideline: Decision based on MTUS Chronic Pain Treatment Guidelines\nCyclobenzaprine (FlexerilÂ®)   Other Medical Treatment Guideline or Medical Evidence:\nUpToDate, Flexeril\nDecision rationale: As such, the request is not medically necessary.\n"
    );
    let m = clean(&text);
    let item = &m.letters[0].items[0];
    assert!(item.field(FieldKind::ClaimsGuideline).unwrap().no_evidence);
    let other = item
        .field(FieldKind::OtherEvidence)
        .expect("mid-line label");
    assert_eq!(other.body.text(&text), "UpToDate, Flexeril");
    let max = item.field(FieldKind::MaximusGuideline).unwrap();
    assert!(max.body.text(&text).ends_with("(FlexerilÂ®)"));
}

#[test]
fn partial_authorisation_item_line() {
    let text = format!(
        "{HEAD}Cyclobenzaprine 7.5mg #90 was the original request. Cyclobenzaprine 7.5mg #63 was\nauthorized by the Claims Administrator. The remaining IMR eligible portion of the\noriginal request, Cyclobenzaprine 7.5mg #27 is: Upheld\n{FIELDS}"
    );
    let m = clean(&text);
    let item = &m.letters[0].items[0];
    assert!(item
        .title
        .starts_with("Cyclobenzaprine 7.5mg #90 was the original request."));
    assert_eq!(
        item.eligible_portion.as_ref().unwrap().text,
        "Cyclobenzaprine 7.5mg #27"
    );
    assert_eq!(item.decision.kind, DecisionKind::Upheld);
    let parts = [
        &item.original_request,
        &item.authorized_portion,
        &item.eligible_portion,
    ]
    .map(|p| p.as_ref().map(|p| p.text.as_str()));
    assert_eq!(
        parts,
        [
            Some("Cyclobenzaprine 7.5mg #90"),
            Some("Cyclobenzaprine 7.5mg #63"),
            Some("Cyclobenzaprine 7.5mg #27")
        ]
    );
    let orig = item.original_request.as_ref().unwrap();
    assert_eq!(orig.span.text(&text), "Cyclobenzaprine 7.5mg #90");
}

#[test]
fn partial_authorisation_with_a_long_request_across_a_page_break() {
    let text = format!(
        "{HEAD}\x0cEight physical therapy sessions for the lumbar spine, left shoulder, left wrist and left knee\nwas the original request. Six physical therapy sessions for the lumbar spine, left shoulder\nand left knee was authorized by the Claims Administrator. The remaining IMR eligible portion\nof the original request, two physical therapy sessions for the lumbar spine, left shoulder and\nleft knee and eight physical therapy sessions for the left wrist is: Upheld\n{FIELDS}"
    );
    let m = clean(&text);
    let item = &m.letters[0].items[0];
    assert!(
        item.title.starts_with("Eight physical therapy"),
        "{}",
        item.title
    );
    assert_eq!(
        item.original_request.as_ref().unwrap().text,
        "Eight physical therapy sessions for the lumbar spine, left shoulder, left wrist and left knee"
    );
    assert_eq!(
        item.eligible_portion.as_ref().unwrap().text,
        "two physical therapy sessions for the lumbar spine, left shoulder and left knee and eight physical therapy sessions for the left wrist"
    );
}

#[test]
fn partial_authorisation_leaving_the_whole_request_eligible() {
    let text = format!(
        "{HEAD}Partial Hospitalization day treatment was the original request. The Claims\nAdministrator authorized an Evaluation only for a Partial Hospitalization day treatment,\nleaving the original request IMR eligible. The original request, Partial Hospitalization day\ntreatment is: Upheld\n{FIELDS}"
    );
    let m = clean(&text);
    let item = &m.letters[0].items[0];
    let parts = [
        &item.original_request,
        &item.authorized_portion,
        &item.eligible_portion,
    ]
    .map(|p| p.as_ref().map(|p| p.text.as_str()));
    assert_eq!(
        parts,
        [
            Some("Partial Hospitalization day treatment"),
            Some("an Evaluation only for a Partial Hospitalization day treatment"),
            Some("Partial Hospitalization day treatment")
        ]
    );
}

#[test]
fn several_letters_in_one_file_with_header_blocks() {
    let one = format!("Case Number:\nDate Assigned:\n\nCM16-0000001\n12/30/2016\n\n{HEAD}Soma #60: Upheld\n{FIELDS}");
    let two = one
        .replace("CM16-0000001", "CM16-0000002")
        .replace("Soma #60", "MRI of the knee");
    let three = format!("{HEAD}PT 2x6: Upheld\n{FIELDS}");
    let text = format!("{one}\x0c{two}{three}");
    let m = clean(&text);
    assert_eq!(m.letters.len(), 3);
    let cases: Vec<Option<String>> = m
        .letters
        .iter()
        .map(|l| l.header.case_number.as_ref().map(|c| c.text.clone()))
        .collect();
    assert_eq!(
        cases,
        [
            Some("CM16-0000001".into()),
            Some("CM16-0000002".into()),
            None
        ]
    );
    assert_eq!(
        m.letters[1].header.fields[1].value.as_ref().unwrap().text,
        "12/30/2016"
    );
}

#[test]
fn other_heading_spellings_and_documents_reviewed() {
    let text = format!(
        "{}DOCUMENTS REVIEWED\nApplication for IMR.\nIMR DECISION(S) AND RATIONALE(S)\nSoma #60: Upheld\n{FIELDS}",
        HEAD.split("IMR ISSUES").next().unwrap()
    );
    let m = clean(&text);
    let kinds: Vec<SectionKind> = m.letters[0].sections.iter().map(|s| s.kind).collect();
    assert_eq!(
        kinds,
        [
            SectionKind::HowMade,
            SectionKind::CaseSummary,
            SectionKind::DocumentsReviewed,
            SectionKind::Issues
        ]
    );
    assert_eq!(items(&m).len(), 1);
}

#[test]
fn layout_mode_header_line() {
    let text = format!("Case Number:     CM16-0247802         Date Assigned:      12/30/2016         Decision Date:   02/01/2017\n{HEAD}Soma #60: Upheld\n{FIELDS}");
    let m = clean(&text);
    assert_eq!(
        m.letters[0].header.case_number.as_ref().unwrap().text,
        "CM16-0247802"
    );
    assert_eq!(m.letters[0].header.fields.len(), 3);
}
