//! How often issue 16's checks fire on real, final letters: the seeds and the published corpus in
//! both extractions. They must raise no error or warning there; the information-level checks are
//! kept only while what they report is true of those letters (see the README).
//! Run with `cargo test --test rule_rates -- --nocapture` to see the rates and every finding.

use imr_lsp::catalog::Catalog;
use imr_lsp::rules::{check, Severity};

const CODES: [&str; 4] = [
    "header-dates",
    "uncited-guideline",
    "non-mtus-without-reason",
    "guideline-body-part",
];

fn txt_files(dir: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{dir}: {e}"))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .map(|p| {
            let t = std::fs::read_to_string(&p).unwrap();
            (p.display().to_string(), t)
        })
        .collect();
    out.sort();
    out
}

/// (extraction name, letters) for the seeds and, when present, both corpus extractions.
fn sets() -> Vec<(&'static str, Vec<(String, String)>)> {
    let mut out = vec![(
        "seeds",
        txt_files(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/letters"
        )),
    )];
    let corpus = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus");
    if std::path::Path::new(corpus).is_dir() {
        out.push(("corpus", txt_files(corpus)));
        out.push(("corpus/layout", txt_files(&format!("{corpus}/layout"))));
    } else {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI=true but ../shared/corpus is missing"
        );
        eprintln!("../shared/corpus not found: only the bundled seed letters are measured");
    }
    out
}

#[test]
fn new_rules_on_real_letters() {
    let cat = Catalog::embedded();
    let mut alarms = Vec::new();
    for (set, letters) in sets() {
        let mut items = 0;
        let mut fired = [0usize; CODES.len()];
        let mut items_hit = [0usize; CODES.len()];
        for (path, text) in &letters {
            let model = imr_lsp::parser::parse(text);
            items += model.letters.iter().map(|l| l.items.len()).sum::<usize>();
            let found = check(&model, text, cat);
            for (k, code) in CODES.iter().enumerate() {
                let mine: Vec<_> = found.iter().filter(|d| d.code == *code).collect();
                fired[k] += mine.len();
                let mut titles: Vec<_> = mine
                    .iter()
                    .filter_map(|d| d.related.as_ref().map(|r| r.span))
                    .collect();
                titles.dedup();
                items_hit[k] += titles.len();
                for d in mine {
                    let at = imr_lsp::model::collapse(d.span.text(text));
                    eprintln!("  {set} {path}: {code}: \"{at}\": {}", d.message);
                    if d.severity <= Severity::Warning {
                        alarms.push(format!("{path}: {code}: {}", d.message));
                    }
                }
            }
        }
        for (k, code) in CODES.iter().enumerate() {
            eprintln!(
                "{set}: {} letters, {items} items: {code} fired {} times, on {} items ({:.1}% of items)",
                letters.len(),
                fired[k],
                items_hit[k],
                100.0 * items_hit[k] as f64 / items.max(1) as f64
            );
        }
    }
    assert!(alarms.is_empty(), "{alarms:#?}");
}

/// `non-mtus-without-reason` stays quiet on the real letters because every one that cites only
/// non-MTUS sources says so; without that statement the check would speak on those items.
#[test]
fn non_mtus_statement_is_what_keeps_real_letters_quiet() {
    let cat = Catalog::embedded();
    let statement = regex::Regex::new(r"outside\s+of\s+the\s+MTUS").unwrap();
    for (set, letters) in sets() {
        let (mut with_statement, mut would_fire) = (0, 0);
        for (_, text) in &letters {
            with_statement += statement.find_iter(text).count();
            let stripped = statement.replace_all(text, "beyond the MTUS");
            let model = imr_lsp::parser::parse(&stripped);
            for d in check(&model, &stripped, cat)
                .iter()
                .filter(|d| d.code == "non-mtus-without-reason")
            {
                would_fire += 1;
                let title = d.related.as_ref().map_or(String::new(), |r| {
                    imr_lsp::model::collapse(r.span.text(&stripped))
                });
                eprintln!("  {set}: \"{title}\": {}", d.message);
            }
        }
        eprintln!(
            "{set}: \"outside of the MTUS\" statements: {with_statement}; non-mtus-without-reason with them removed: {would_fire}"
        );
        if set != "seeds" {
            assert!(
                would_fire > 0,
                "{set}: the check never applies to real letters"
            );
        }
    }
}

/// `guideline-body-part` on the published letters, every finding read: a cervical MRI judged
/// under Low Back Complaints (the Claims Administrator cited Neck and Upper Back; the rationale
/// discusses the neck) and a knee MRI under Low Back Complaints (the rationale is about the knee).
/// Both are true. Anything else it says there is a bug: a lumbar EMG under Low Back, a drug
/// under Pain, an EMG of the arms under Neck and Upper Back must stay quiet.
#[test]
fn guideline_body_part_speaks_only_on_the_reviewed_slips() {
    let cat = Catalog::embedded();
    for (set, letters) in sets() {
        if set == "seeds" {
            continue;
        }
        let mut found: Vec<(String, String)> = Vec::new();
        for (path, text) in &letters {
            let model = imr_lsp::parser::parse(text);
            for d in check(&model, text, cat)
                .iter()
                .filter(|d| d.code == "guideline-body-part")
            {
                assert_eq!(d.severity, Severity::Information);
                let name = std::path::Path::new(path)
                    .file_stem()
                    .unwrap()
                    .to_string_lossy()
                    .to_string();
                let title = d.related.as_ref().map_or(String::new(), |r| {
                    imr_lsp::model::collapse(r.span.text(text))
                });
                found.push((name, title));
            }
        }
        found.sort();
        assert_eq!(
            found,
            [
                (
                    "CM17-0003623".to_string(),
                    "MRI for the cervical spine".to_string()
                ),
                (
                    "CM17-0010006".to_string(),
                    "MRI of the left knee".to_string()
                ),
            ],
            "{set}"
        );
    }
}
