//! `imr-lsp extract`: the CSV and JSON-lines schemas (docs/extract-schema.md) as a researcher's
//! tools read them, and the share of corpus items the category table classifies.

use std::collections::BTreeMap;
use std::process::Command;

mod common;
use common::imr;

/// The published corpus, or None (printed) outside CI; under CI its absence fails.
fn corpus_files() -> Option<Vec<String>> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus");
    if !std::path::Path::new(dir).is_dir() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI=true but ../shared/corpus is missing"
        );
        eprintln!("../shared/corpus not found: the corpus figures are not measured");
        return None;
    }
    // The top folder only: layout/ holds the same letters extracted another way.
    let mut files: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .map(|p| p.display().to_string())
        .collect();
    files.sort();
    Some(files)
}

fn read_csv(text: &str) -> (Vec<String>, Vec<BTreeMap<String, String>>) {
    let mut r = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = r.headers().unwrap().iter().map(str::to_string).collect();
    let rows = r
        .records()
        .map(|rec| {
            let rec = rec.expect("every row parses");
            assert_eq!(rec.len(), header.len(), "rows are as wide as the header");
            header
                .iter()
                .cloned()
                .zip(rec.iter().map(str::to_string))
                .collect()
        })
        .collect();
    (header, rows)
}

#[test]
fn csv_has_the_documented_columns_and_one_row_per_item() {
    let (code, out, err) = imr(&["extract", "--format", "csv", "tests/fixtures/letters"]);
    assert_eq!(code, 0, "{err}");
    let (header, rows) = read_csv(&out);
    let doc = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/docs/extract-schema.md"
    ))
    .unwrap();
    for col in &header {
        assert!(
            doc.contains(&format!("| `{col}` |")),
            "column {col} is documented in docs/extract-schema.md"
        );
    }
    assert_eq!(rows.len(), 9, "9 items in the 5 bundled letters");
    assert!(rows.iter().all(|r| r["schema_version"] == "2"));
    assert_eq!(
        rows.iter()
            .map(|r| r["letter"].as_str())
            .collect::<Vec<_>>(),
        ["1"; 9],
        "one letter per file"
    );
    assert!(rows
        .iter()
        .all(|r| r["decision"] == "upheld" || r["decision"] == "overturned"));
    assert!(rows.iter().all(|r| !r["service_category"].is_empty()));
    assert!(
        rows.iter().all(|r| !r["maximus_guideline_ids"].is_empty()),
        "the reviewer's guideline ids are filled in"
    );
    assert!(
        rows.iter().all(|r| r["maximus_guideline_ids"]
            .split("; ")
            .all(|id| !id.is_empty())),
        "ids are separated by '; '"
    );
    assert!(
        !header.iter().any(|c| c == "guideline_ids"),
        "schema 2 splits guideline_ids by field"
    );
    assert!(
        rows.iter().all(|r| !r["reviewer_specialty"].is_empty()),
        "every bundled letter names the reviewer's specialty: {:?}",
        rows.iter()
            .map(|r| &r["reviewer_specialty"])
            .collect::<Vec<_>>()
    );
}

#[test]
fn csv_quotes_commas_quotes_and_line_breaks() {
    let dir = std::env::temp_dir().join(format!("imr-extract-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let letter = "HOW THE IMR FINAL DETERMINATION WAS MADE\nx\nCLINICAL CASE SUMMARY\nx\nIMR ISSUES, DECISIONS AND RATIONALES\nThe Final Determination was based on decisions for the disputed items/services set forth below:\nNorco \"10/325\", #60, with refills: Upheld\nClaims Administrator guideline: Decision based on MTUS Chronic Pain Medical Treatment 2009, Page(s): 74-96.\nMAXIMUS guideline: Decision based on MTUS Chronic Pain Medical Treatment 2009, Section(s): Opioids.\nDecision rationale: The request for Norco is not medically necessary.\n";
    let path = dir.join("quoted.txt");
    std::fs::write(&path, letter).unwrap();
    let (code, out, err) = imr(&["extract", "--format", "csv", path.to_str().unwrap()]);
    std::fs::remove_dir_all(&dir).ok();
    assert_eq!(code, 0, "{err}");
    let (_, rows) = read_csv(&out);
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["item_title"], "Norco \"10/325\", #60, with refills");
    assert_eq!(rows[0]["drug_class"], "opioids");
    assert_eq!(rows[0]["conclusion"], "not-necessary");
}

/// A letter with a header block: labels first, values after, as the published PDFs' text has them.
const DATED_LETTER: &str = "Case Number:\nDate Assigned:\nDecision Date:\nPriority:\nDate of Injury:\nUR Denial Date:\nApplication Received:\nCM16-0230651\n12/07/2016\n01/09/2017\nStandard\n10/13/2016\n11/22/2016\n11/29/2016\nHOW THE IMR FINAL DETERMINATION WAS MADE\nState(s) of Licensure: California\nCertification(s)/Specialty: Orthopedic Surgery\nCLINICAL CASE SUMMARY\nx\nIMR ISSUES, DECISIONS AND RATIONALES\nMRI of the lumbar spine: Overturned\nDecision rationale: The request is medically necessary.\n";

#[test]
fn header_dates_come_out_as_iso_dates() {
    let dir = std::env::temp_dir().join(format!("imr-extract-dates-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let letter = DATED_LETTER;
    let path = dir.join("dated.txt");
    std::fs::write(&path, letter).unwrap();
    let (code, out, err) = imr(&["extract", "--format", "csv", path.to_str().unwrap()]);
    std::fs::remove_dir_all(&dir).ok();
    assert_eq!(code, 0, "{err}");
    let (_, rows) = read_csv(&out);
    let r = &rows[0];
    let got: Vec<&str> = [
        "case_number",
        "date_assigned",
        "decision_date",
        "date_of_injury",
        "ur_denial_date",
        "application_received",
        "priority",
        "reviewer_specialty",
        "reviewer_licensure",
        "decision",
        "service_category",
        "conclusion",
    ]
    .iter()
    .map(|c| r[*c].as_str())
    .collect();
    assert_eq!(
        got,
        [
            "CM16-0230651",
            "2016-12-07",
            "2017-01-09",
            "2016-10-13",
            "2016-11-22",
            "2016-11-29",
            "Standard",
            "Orthopedic Surgery",
            "California",
            "overturned",
            "imaging",
            "necessary"
        ]
    );
}

#[test]
fn jsonl_stays_the_default_and_adds_the_research_fields() {
    let (code, out, _) = imr(&["extract", "tests/fixtures/letters"]);
    assert_eq!(code, 0);
    let lines: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON object per line"))
        .collect();
    assert_eq!(lines.len(), 5);
    let l = &lines[0];
    assert_eq!(l["schema_version"], 2);
    assert!(l["dates"].get("decision").is_some(), "{l}");
    assert_eq!(l["reviewer"]["licensure"], "Maryland");
    let item = &l["items"][0];
    for key in [
        "title",
        "decision",
        "service_category",
        "drug_class",
        "maximus_guideline_ids",
        "claims_guideline_ids",
    ] {
        assert!(item.get(key).is_some(), "{key} in {item}");
    }
}

#[test]
fn an_unreadable_path_is_named_and_the_rest_still_extracted() {
    let (code, out, err) = imr(&[
        "extract",
        "--format",
        "csv",
        "tests/fixtures/letters/000_b08de8a0b339546b.txt",
        "tests/fixtures/letters",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(read_csv(&out).1.len() > 1);
    let (code, _, err) = imr(&["extract", "--format", "csv", "no/such/folder"]);
    assert_eq!(code, 2);
    assert!(err.contains("no/such/folder"), "{err}");
}

#[test]
fn corpus_items_classified_beyond_other() {
    let Some(files) = corpus_files() else { return };
    let mut args = vec!["extract", "--format", "csv"];
    args.extend(files.iter().map(String::as_str));
    let (code, out, err) = imr(&args);
    assert_eq!(code, 0, "{err}");
    let (_, rows) = read_csv(&out);
    assert_eq!(rows.len(), 230, "the corpus README counts 230 items");
    let other: Vec<&str> = rows
        .iter()
        .filter(|r| r["service_category"] == "other")
        .map(|r| r["item_title"].as_str())
        .collect();
    let share = 1.0 - other.len() as f64 / rows.len() as f64;
    let mut by: BTreeMap<&str, usize> = BTreeMap::new();
    for r in &rows {
        *by.entry(r["service_category"].as_str()).or_default() += 1;
    }
    let drugs = rows.iter().filter(|r| !r["drug_class"].is_empty()).count();
    let pharma = rows
        .iter()
        .filter(|r| r["service_category"] == "pharmaceuticals")
        .count();
    println!(
        "classified: {}/{} items ({:.1}%) not \"other\"; by category {by:?}; {drugs}/{pharma} pharmaceutical items have a drug class; other: {other:?}",
        rows.len() - other.len(),
        rows.len(),
        share * 100.0
    );
    assert!(
        share >= 0.97,
        "goal: at least 97% classified, got {share:.3}: {other:?}"
    );
    assert_eq!(drugs, pharma, "every pharmaceutical item has a drug class");
    // Every upheld/overturned count in the CSV matches the corpus figures (210 upheld).
    assert_eq!(
        rows.iter().filter(|r| r["decision"] == "upheld").count(),
        210
    );
}

/// Only when duckdb's Python package is installed (`pip install duckdb`): DuckDB reads the CSV
/// with its own sniffer and types the dates as dates. Not needed in CI.
#[test]
fn duckdb_reads_the_csv_without_cleanup_when_available() {
    let py = std::env::var("IMR_DUCKDB_PYTHON").unwrap_or_else(|_| "python3".into());
    let has = Command::new(&py)
        .args(["-c", "import duckdb"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !has {
        eprintln!(
            "duckdb not installed for {py}: the DuckDB check is skipped (set IMR_DUCKDB_PYTHON)"
        );
        return;
    }
    let dir = std::env::temp_dir().join(format!("imr-duck-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("dated.txt"), DATED_LETTER).unwrap();
    let (_, out, _) = imr(&[
        "extract",
        "--format",
        "csv",
        "tests/fixtures/letters",
        dir.join("dated.txt").to_str().unwrap(),
    ]);
    let path = dir.join("items.csv");
    std::fs::write(&path, out).unwrap();
    let script = format!(
        "import duckdb\nr = duckdb.sql(\"select count(*), count(distinct case_number), typeof(min(decision_date)), sum(case when decision='upheld' then 1 else 0 end) from read_csv_auto('{}')\").fetchall()[0]\nprint(r)",
        path.display()
    );
    let o = Command::new(&py).args(["-c", &script]).output().unwrap();
    std::fs::remove_dir_all(&dir).ok();
    let s = String::from_utf8_lossy(&o.stdout);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(
        s.trim(),
        "(10, 1, 'DATE', 8)",
        "10 items, 1 case number, dates typed"
    );
}

#[test]
fn a_partial_authorisation_is_titled_by_its_request_as_the_outline_names_it() {
    let Some(files) = corpus_files() else { return };
    let mut args = vec!["extract", "--format", "csv"];
    args.extend(files.iter().map(String::as_str));
    let (code, out, err) = imr(&args);
    assert_eq!(code, 0, "{err}");
    let (_, rows) = read_csv(&out);
    let partial: Vec<_> = rows
        .iter()
        .filter(|r| !r["original_request"].is_empty())
        .collect();
    assert!(
        partial.len() >= 10,
        "the corpus has partial authorisations: {}",
        partial.len()
    );
    for r in partial {
        assert_eq!(r["item_title"], r["original_request"], "{r:?}");
        assert!(
            !r["item_title"].contains("was the original request"),
            "{r:?}"
        );
    }
    for r in &rows {
        assert!(
            r["item_title"].len() < 300,
            "a title, not a paragraph: {:?}",
            r["item_title"]
        );
    }
}
