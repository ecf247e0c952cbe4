//! Is this plain text a determination letter? The content test the editors apply to `.txt` files
//! and the workspace index applies to every `.txt` it finds, written once here.

use super::heading_kind;
use super::spelling::CASE_NUMBER_LABEL;

/// How many non-blank lines to look at. Letters are double-spaced, so this covers ~120 raw lines.
pub const SCAN_LINES: usize = 60;

/// A cap on raw lines read, so a file of blank lines cannot make the scan slow.
const MAX_RAW_LINES: usize = 1000;

/// True when one of the first [`SCAN_LINES`] non-blank lines is a section heading alone on its
/// line (any case and spacing), or `Case Number:` is followed, on that line or a later one (PDF
/// text in reading order puts the labels before the values), by a `CMyy-nnnnnnn` case number.
pub fn looks_like_letter(text: &str) -> bool {
    let mut seen = 0;
    let mut saw_label = false;
    for line in text.split(['\n', '\r']).take(MAX_RAW_LINES) {
        let content = line.trim();
        if content.is_empty() {
            continue;
        }
        seen += 1;
        if seen > SCAN_LINES {
            break;
        }
        if content.len() <= 80 && heading_kind(content).is_some() {
            return true;
        }
        match label_at(content) {
            Some(at) => {
                saw_label = true;
                if has_case_number(&content[at..]) {
                    return true;
                }
            }
            None if saw_label && has_case_number(content) => return true,
            None => {}
        }
    }
    false
}

/// Where `Case Number:` (any case, spaces before the colon allowed) starts in `line`.
fn label_at(line: &str) -> Option<usize> {
    let at = super::lines::find_ci(line, CASE_NUMBER_LABEL)?;
    line[at + CASE_NUMBER_LABEL.len()..]
        .trim_start()
        .starts_with(':')
        .then_some(at)
}

/// Whether `s` holds a case number: `CM`, two digits, `-`, seven digits, as a whole word.
fn has_case_number(s: &str) -> bool {
    let b = s.as_bytes();
    let word = |i: usize| {
        b.get(i)
            .is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'_')
    };
    memchr::memmem::find_iter(b, b"CM").any(|i| {
        let digits = |from: usize, n: usize| {
            b.get(from..from + n)
                .is_some_and(|d| d.iter().all(u8::is_ascii_digit))
        };
        (i == 0 || !word(i - 1))
            && digits(i + 2, 2)
            && b.get(i + 4) == Some(&b'-')
            && digits(i + 5, 7)
            && !word(i + 12)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_heading_alone_on_its_line_in_any_case_is_a_letter() {
        assert!(looks_like_letter(
            "\n\n  imr issues,  decisions and rationales \n"
        ));
        assert!(looks_like_letter(
            "Some title\r\nCLINICAL CASE SUMMARY:\r\n"
        ));
        assert!(!looks_like_letter(
            "See the CLINICAL CASE SUMMARY in the attached letter.\n"
        ));
    }

    #[test]
    fn a_case_number_counts_after_its_label_on_the_line_or_later() {
        assert!(looks_like_letter("Case Number: CM15-0123456\n"));
        assert!(looks_like_letter(
            "Case Number:\nDate Assigned:\n\nCM15-0123456\n"
        ));
        assert!(!looks_like_letter("CM15-0123456\nCase Number:\n"));
        assert!(
            !looks_like_letter("Case Number: CM15-012345\n"),
            "six digits"
        );
        assert!(!looks_like_letter("Case Number: XCM15-0123456\n"));
        assert!(!looks_like_letter(
            "Case Number CM15-0123456 without a colon\n"
        ));
    }

    #[test]
    fn only_the_first_non_blank_lines_are_read() {
        let mut text = "prose\n\n".repeat(SCAN_LINES);
        text.push_str("DOCUMENTS REVIEWED\n");
        assert!(!looks_like_letter(&text));
        let blank = "\n".repeat(MAX_RAW_LINES);
        assert!(!looks_like_letter(&format!("{blank}DOCUMENTS REVIEWED\n")));
    }

    #[test]
    fn the_bundled_letters_are_letters_and_the_readme_is_not() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/letters");
        for e in std::fs::read_dir(dir).unwrap() {
            let text = std::fs::read_to_string(e.unwrap().path()).unwrap();
            assert!(looks_like_letter(&text));
        }
        let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"));
        assert!(!looks_like_letter(&readme.unwrap()));
    }
}
