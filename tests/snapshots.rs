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
        let model = imr_lsp::parser::parse(&text);
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let letters: Vec<_> = model
            .letters
            .iter()
            .enumerate()
            .map(|(n, l)| letter_json(&name, n, l, &text))
            .collect();
        insta::assert_json_snapshot!(name.replace('.', "_"), letters);
    }
}
