//! The extracted model of every fixture letter, as reviewed snapshots: a parser change shows
//! its effect on real letters in review (`cargo insta review`, or INSTA_UPDATE=always).

use imr_lsp::cli::letter_json;

#[test]
fn fixture_models() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");
    let mut files: Vec<_> = ["letters", "drafts"]
        .iter()
        .flat_map(|d| std::fs::read_dir(format!("{dir}/{d}")).unwrap())
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap();
        let analysis = imr_lsp::analysis::Analysis::new(
            &text,
            std::sync::Arc::new(imr_lsp::catalog::Catalog::embedded().clone()),
        );
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let letters: Vec<_> = (0..analysis.model.letters.len())
            .map(|n| letter_json(&name, n, &analysis, &text))
            .collect();
        insta::assert_json_snapshot!(name.replace('.', "_"), letters);
    }
}
