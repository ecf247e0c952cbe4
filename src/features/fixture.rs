//! Feature tests describe a document inline: a letter fragment, with a marker line under the
//! line it points into: `|` for the cursor, `^^^` for a range. Marker lines are removed from the
//! text the feature sees.
//!
//! ```text
//! MAXIMUS guideline: Decision based on MTUS Chronic Pain, Page(s): 41-42.
//!                                                                  |
//! ```

use super::Doc;
use crate::analysis::Analysis;
use crate::lsp::document::embedded_catalog;
use crate::model::Span;

pub struct Fixture {
    pub text: String,
    pub analysis: Analysis,
    pub cursor: Option<usize>,
    pub range: Option<Span>,
}

fn is_marker(line: &str) -> bool {
    let t = line.trim_end();
    !t.trim_start().is_empty()
        && t.chars().all(|c| c == ' ' || c == '|' || c == '^')
        && !(t.contains('|') && t.contains('^'))
}

impl Fixture {
    pub fn new(src: &str) -> Fixture {
        let mut text = String::with_capacity(src.len());
        let (mut cursor, mut range) = (None, None);
        let mut last_line_start = None;
        for line in src.split_inclusive('\n') {
            match last_line_start {
                Some(start) if is_marker(line) => {
                    let t = line.trim_end();
                    if let Some(col) = t.find('|') {
                        cursor = Some(start + col);
                    } else {
                        let a = t.find('^').unwrap();
                        let b = t.rfind('^').unwrap() + 1;
                        range = Some(Span::new(start + a, start + b));
                    }
                }
                _ => {
                    last_line_start = Some(text.len());
                    text.push_str(line);
                }
            }
        }
        let analysis = Analysis::new(&text, embedded_catalog());
        Fixture {
            text,
            analysis,
            cursor,
            range,
        }
    }

    pub fn doc(&self) -> Doc<'_> {
        Doc::new(&self.analysis, &self.text)
    }

    pub fn cursor(&self) -> usize {
        self.cursor.expect("the fixture has a `|` cursor line")
    }

    pub fn range(&self) -> Span {
        self.range.expect("the fixture has a `^^^` range line")
    }

    pub fn slice(&self, span: Span) -> &str {
        span.text(&self.text)
    }
}

/// A bundled real letter.
pub fn seed(name: &str) -> String {
    let path = format!(
        "{}/tests/fixtures/letters/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// A complete letter around the given issues-section body.
pub fn letter(items: &str) -> String {
    crate::rules::testing::letter(items)
}

#[test]
fn markers_are_removed_and_point_into_the_line_above() {
    let f = Fixture::new("abc def\n    |\nghi\n ^^\n");
    assert_eq!(f.text, "abc def\nghi\n");
    assert_eq!(f.cursor(), 4);
    assert_eq!(f.slice(f.range()), "hi");
}
