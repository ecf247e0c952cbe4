//! Real, final letters must raise no alarm: the seeds (bundled) and the published corpus
//! (`../shared/corpus`, beside the checkout in CI; never copied into the repository), in both of
//! its extractions (`NAME.txt` in reading order, `layout/NAME.txt` from `pdftotext -layout`),
//! through the library, the CLI and the server's document path.

use imr_lsp::catalog::Catalog;
use imr_lsp::model::DecisionKind;
use imr_lsp::rules::{check, Severity};
use std::path::PathBuf;

/// The corpus README's figures.
const CORPUS_LETTERS: usize = 90;
const CORPUS_ITEMS: usize = 230;

fn letters_in(dir: &str) -> Vec<(PathBuf, String)> {
    let mut out: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{dir}: {e}"))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .map(|p| {
            let t = std::fs::read_to_string(&p).unwrap();
            (p, t)
        })
        .collect();
    out.sort();
    out
}

fn corpus_dir() -> Option<String> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus").to_string();
    if std::path::Path::new(&dir).is_dir() && std::path::Path::new(&dir).join("layout").is_dir() {
        return Some(dir);
    }
    // CI has the corpus beside the checkout; its absence there is a broken set-up, not a pass.
    assert!(
        std::env::var_os("CI").is_none(),
        "CI=true but ../shared/corpus (with its layout/ folder) is missing"
    );
    eprintln!("../shared/corpus or ../shared/corpus/layout not found: only the bundled seed letters are checked");
    None
}

/// The corpus's two extractions: reading order and layout.
fn extractions(dir: &str) -> [String; 2] {
    [dir.to_string(), format!("{dir}/layout")]
}

/// (files, items, upheld, overturned) with every error or warning listed as a failure.
fn check_all(dir: &str) -> (usize, usize, usize, usize, Vec<String>) {
    let (mut items, mut up, mut over) = (0, 0, 0);
    let mut alarms = Vec::new();
    let letters = letters_in(dir);
    for (path, text) in &letters {
        let model = imr_lsp::parser::parse(text);
        assert_eq!(
            model.letters.len(),
            1,
            "{}: one letter per file",
            path.display()
        );
        for l in &model.letters {
            for i in &l.items {
                items += 1;
                match i.decision.kind {
                    DecisionKind::Upheld => up += 1,
                    DecisionKind::Overturned => over += 1,
                    ref k => alarms.push(format!(
                        "{}: item {:?} has decision {k:?}",
                        path.display(),
                        i.title
                    )),
                }
                for f in imr_lsp::model::FieldKind::ALL {
                    if f != imr_lsp::model::FieldKind::OtherEvidence && i.field(f).is_none() {
                        alarms.push(format!(
                            "{}: item {:?} lacks {:?}",
                            path.display(),
                            i.title,
                            f
                        ));
                    }
                }
                if i.conclusion.is_none() {
                    alarms.push(format!(
                        "{}: item {:?} has no conclusion",
                        path.display(),
                        i.title
                    ));
                }
                alarms.extend(title_problems(text, i).map(|p| format!("{}: {p}", path.display())));
            }
        }
        for d in check(&model, text, Catalog::embedded()) {
            // Hints and information are suggestions; errors and warnings on a final letter are false alarms.
            if d.severity <= Severity::Warning {
                alarms.push(format!("{}: {} {}", path.display(), d.code, d.message));
            }
        }
    }
    (letters.len(), items, up, over, alarms)
}

/// A title must start where its paragraph does (after a sentence end, a colon or a heading), and
/// a partial authorisation must carry its three parts.
fn title_problems(text: &str, i: &imr_lsp::model::Item) -> Option<String> {
    let before = text[..i.title_span.start].trim_end();
    let prev_line = before.rsplit('\n').next().unwrap_or("").trim();
    let starts_paragraph = before.is_empty()
        || prev_line.ends_with(['.', ':', '?', '!'])
        || prev_line.chars().all(|c| !c.is_lowercase());
    if !starts_paragraph {
        return Some(format!(
            "item {:?} starts mid-phrase (after {prev_line:?})",
            i.title
        ));
    }
    if i.title.contains("was the original request") && i.original_request.is_none() {
        return Some(format!(
            "partial item {:?} has no original request",
            i.title
        ));
    }
    None
}

#[test]
fn seed_letters_raise_no_alarm() {
    let (files, items, up, over, alarms) = check_all(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/letters"
    ));
    assert_eq!((files, items, up, over), (5, 9, 8, 1));
    assert!(alarms.is_empty(), "{alarms:#?}");
}

#[test]
fn published_corpus_raises_no_alarm_in_either_extraction() {
    let Some(dir) = corpus_dir() else { return };
    for d in extractions(&dir) {
        let (files, items, up, over, alarms) = check_all(&d);
        eprintln!(
            "{d}: {files} letters, {items} items ({up} upheld, {over} overturned), {} alarms",
            alarms.len()
        );
        assert_eq!((files, items), (CORPUS_LETTERS, CORPUS_ITEMS), "{d}");
        assert_eq!(up + over, CORPUS_ITEMS, "{d}");
        assert!(alarms.is_empty(), "{d}: {alarms:#?}");
    }
}

/// The server keeps a `Document` per open file and publishes its findings: the same rules as
/// the CLI, run through the editor's path (rope, incremental parser, per-letter findings).
#[test]
fn published_corpus_raises_no_alarm_in_the_server() {
    use imr_lsp::lsp::document::Document;
    let Some(dir) = corpus_dir() else { return };
    let mut items = 0;
    for d in extractions(&dir) {
        for (path, text) in letters_in(&d) {
            let doc = Document::new(&text, 1);
            items += doc
                .analysis
                .model
                .letters
                .iter()
                .map(|l| l.items.len())
                .sum::<usize>();
            let alarms: Vec<_> = doc
                .analysis
                .findings()
                .filter(|d| d.severity <= Severity::Warning)
                .collect();
            assert!(alarms.is_empty(), "{}: {alarms:#?}", path.display());
            // The outline names every item by a short request that starts its paragraph.
            let outline = imr_lsp::features::symbols::outline(&doc.doc());
            for item in outline.iter().flat_map(|s| &s.children) {
                assert!(
                    item.name.chars().count() <= 160,
                    "{}: outline name too long: {}",
                    path.display(),
                    item.name
                );
                assert!(
                    !item.name.starts_with(char::is_lowercase),
                    "{}: outline name starts mid-phrase: {}",
                    path.display(),
                    item.name
                );
            }
        }
    }
    assert_eq!(items, 2 * CORPUS_ITEMS);
}

#[test]
fn published_corpus_raises_no_alarm_through_the_cli() {
    let Some(dir) = corpus_dir() else { return };
    // Folders are searched recursively, so the corpus folder brings its layout/ and pdf/ folders
    // along: every letter three ways (reading order, layout mode, the published PDF).
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_imr-lsp"))
        .args(["check", "--quiet", "--color", "never", &dir])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    let n = 3 * CORPUS_LETTERS;
    assert!(
        stdout.contains(&format!(
            "{n} files, {n} letters, {} items",
            3 * CORPUS_ITEMS
        )),
        "{stdout}"
    );
    assert!(stdout.contains(", 0 errors, 0 warnings"), "{stdout}");
}

#[test]
fn concatenated_letters_parse_as_several() {
    let mut all = String::new();
    let mut expected_items = 0;
    for (_, t) in letters_in(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/letters"
    )) {
        expected_items += imr_lsp::parser::parse(&t).letters[0].items.len();
        all.push_str(&t);
        all.push('\x0c');
    }
    if let Some(dir) = corpus_dir() {
        for d in extractions(&dir) {
            for (_, t) in letters_in(&d) {
                expected_items += imr_lsp::parser::parse(&t).letters[0].items.len();
                all.push_str(&t);
            }
        }
    }
    let crlf = all.replace('\n', "\r\n");
    for text in [&all, &crlf] {
        let m = imr_lsp::parser::parse(text);
        let n: usize = m.letters.iter().map(|l| l.items.len()).sum();
        assert_eq!(n, expected_items);
        let alarms: Vec<_> = check(&m, text, Catalog::embedded())
            .into_iter()
            .filter(|d| d.severity <= Severity::Warning)
            .collect();
        assert!(alarms.is_empty(), "{alarms:#?}");
    }
}
