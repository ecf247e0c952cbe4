//! What the index keeps of one file: its items, decisions, citations and findings with their
//! line/column ranges, not its text. Built from the same analysis an open document has.

use super::requests;
use crate::analysis::{Analysis, CitationRef};
use crate::catalog::Catalog;
use crate::model::{DecisionKind, Span};
use crate::rules::Severity;

/// A place in a file as editors count it: the line, and the column in UTF-8 bytes and in UTF-16
/// code units (the index does not keep the text, so it keeps both).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Loc {
    pub line: u32,
    pub utf8: u32,
    pub utf16: u32,
}

/// A range of [`Loc`]s.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LocRange {
    pub start: Loc,
    pub end: Loc,
}

/// A summarised file: every letter's items and every finding, before the user's rule settings.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FileSummary {
    pub letters: Box<[LetterSummary]>,
    pub findings: Box<[Finding]>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LetterSummary {
    pub case_number: Option<Box<str>>,
    pub items: Box<[ItemSummary]>,
}

/// What the reviewer decided, as far as the workspace features care.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decision {
    Upheld,
    Overturned,
    /// Missing or not a decision word.
    Undecided,
}

impl Decision {
    pub fn label(self) -> &'static str {
        match self {
            Decision::Upheld => "Upheld",
            Decision::Overturned => "Overturned",
            Decision::Undecided => "no decision",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ItemSummary {
    /// The request decided on: the title, or for a partial authorisation the IMR-eligible
    /// portion (the title is then three sentences about the original request).
    pub title: Box<str>,
    pub decision: Decision,
    /// The title (or the first label of an item with no title line).
    pub range: LocRange,
    /// The request, normalised (see [`requests::key`]); empty when nothing is left of the title.
    pub key: Box<str>,
    /// The whole title's words in lower case, space-separated: what workspace symbols search.
    pub words: Box<str>,
    pub citations: Box<[CitationSummary]>,
}

/// A citation, by catalog index (the index is rebuilt when the catalog changes).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CitationSummary {
    /// The guideline and where its name is.
    pub guideline: Option<(u32, LocRange)>,
    /// Its topics (named, or found from the cited pages when none is named) and where each is.
    pub topics: Box<[(u32, LocRange)]>,
}

/// A finding, ready to be shown without the text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    pub code: &'static str,
    pub severity: Severity,
    pub message: Box<str>,
    pub range: LocRange,
    pub related: Option<(LocRange, Box<str>)>,
}

/// The topics a citation is about: those it names, or, when it names none, the first topic each
/// cited page falls on (what the inlay hints show). With the span that says so.
pub fn topics_of(c: &CitationRef, catalog: &Catalog) -> Vec<(usize, Span)> {
    let r = &c.resolved;
    if !r.topics.is_empty() {
        return r.topics.iter().map(|t| (t.topic, t.span)).collect();
    }
    r.pages
        .iter()
        .filter_map(|p| Some((*r.topics_for_page(catalog, p).first()?, p.span)))
        .collect()
}

/// Summarises an analysed file; `text` is the text it was analysed from.
pub fn summarise(analysis: &Analysis, text: &str) -> FileSummary {
    let at = Locator::new(text);
    let catalog = &analysis.catalog;
    let letters = analysis
        .letters()
        .map(|(letter, _)| LetterSummary {
            case_number: letter
                .header
                .case_number
                .as_ref()
                .map(|c| c.text.as_str().into()),
            items: letter
                .items
                .iter()
                .map(|item| {
                    let request = item
                        .eligible_portion
                        .as_ref()
                        .map_or(item.title.as_str(), |p| p.text.as_str());
                    ItemSummary {
                        title: request.into(),
                        decision: match item.decision.kind {
                            DecisionKind::Upheld => Decision::Upheld,
                            DecisionKind::Overturned => Decision::Overturned,
                            _ => Decision::Undecided,
                        },
                        range: at.range(item.title_span_or_label()),
                        key: requests::key(request).into(),
                        words: super::symbols::search_words(&item.title).into(),
                        citations: analysis
                            .citations_of(item)
                            .map(|c| CitationSummary {
                                guideline: c
                                    .resolved
                                    .guideline
                                    .map(|(g, s)| (g as u32, at.range(s))),
                                topics: topics_of(&c, catalog)
                                    .into_iter()
                                    .map(|(t, s)| (t as u32, at.range(s)))
                                    .collect(),
                            })
                            .collect(),
                    }
                })
                .collect(),
        })
        .collect();
    let findings = analysis
        .findings()
        .map(|d| Finding {
            code: d.code,
            severity: d.severity,
            message: d.message.as_str().into(),
            range: at.range(d.span),
            related: d
                .related
                .as_ref()
                .map(|r| (at.range(r.span), r.message.as_str().into())),
        })
        .collect();
    FileSummary { letters, findings }
}

/// Byte offsets → [`Loc`]s in one text. Lines end at `\n`, `\r\n` or `\r`, as in LSP.
pub struct Locator<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> Locator<'a> {
    pub fn new(text: &'a str) -> Self {
        let b = text.as_bytes();
        let mut starts = vec![0];
        for i in memchr::memchr2_iter(b'\n', b'\r', b) {
            if b[i] == b'\r' && b.get(i + 1) == Some(&b'\n') {
                continue;
            }
            starts.push(i + 1);
        }
        Locator { text, starts }
    }

    /// The place of byte `offset` (clamped to the text, moved back to a character start).
    pub fn loc(&self, offset: usize) -> Loc {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let start = self.starts[line];
        let col = &self.text[start..offset];
        let utf16 = if col.is_ascii() {
            col.len()
        } else {
            col.chars().map(char::len_utf16).sum()
        };
        Loc {
            line: line as u32,
            utf8: col.len() as u32,
            utf16: utf16 as u32,
        }
    }

    pub fn range(&self, span: Span) -> LocRange {
        LocRange {
            start: self.loc(span.start),
            end: self.loc(span.end),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::features::fixture::{letter, seed};
    use crate::lsp::document::embedded_catalog;

    #[test]
    fn locations_count_lines_like_lsp_and_columns_in_both_encodings() {
        let at = Locator::new("ab\r\ncé😀x\rz\n");
        assert_eq!(
            at.loc(1),
            Loc {
                line: 0,
                utf8: 1,
                utf16: 1
            }
        );
        assert_eq!(
            at.loc(4),
            Loc {
                line: 1,
                utf8: 0,
                utf16: 0
            }
        );
        // After "cé😀": 1 + 2 + 4 bytes, 1 + 1 + 2 code units.
        assert_eq!(
            at.loc(11),
            Loc {
                line: 1,
                utf8: 7,
                utf16: 4
            }
        );
        assert_eq!(
            at.loc(6),
            Loc {
                line: 1,
                utf8: 1,
                utf16: 1
            },
            "inside é"
        );
        assert_eq!(
            at.loc(13),
            Loc {
                line: 2,
                utf8: 0,
                utf16: 0
            }
        );
        assert_eq!(
            at.loc(99),
            Loc {
                line: 3,
                utf8: 0,
                utf16: 0
            }
        );
    }

    #[test]
    fn a_seed_letter_keeps_its_items_citations_and_no_findings() {
        let text = seed("001_2a130b5553485fce.txt");
        let s = summarise(&Analysis::new(&text, embedded_catalog()), &text);
        assert_eq!(s.letters.len(), 1);
        let l = &s.letters[0];
        assert_eq!(l.case_number, None, "the published seeds have no header");
        let items: Vec<_> = l
            .items
            .iter()
            .map(|i| (&*i.title, i.decision, &*i.key))
            .collect();
        assert_eq!(
            items,
            [
                ("Norco 5/325 MG #30", Decision::Upheld, "5/325mg norco"),
                (
                    "Cyclobenzaprine Hydrochloride 5 MG #30",
                    Decision::Upheld,
                    "5mg flexeril"
                ),
                (
                    "Follow-up visit with an orthopedic specialist",
                    Decision::Overturned,
                    "doctor orthopedic"
                ),
            ]
        );
        let cat = embedded_catalog();
        let norco = &l.items[0].citations;
        assert!(!norco.is_empty());
        let named: Vec<String> = norco
            .iter()
            .filter_map(|c| c.guideline)
            .map(|(g, _)| cat.guidelines[g as usize].id.clone())
            .collect();
        assert!(named.iter().any(|id| id.starts_with("mtus")), "{named:?}");
        assert!(s.findings.is_empty());
        let line = text
            .lines()
            .position(|l| l.contains("Norco 5/325 MG #30"))
            .unwrap();
        assert_eq!(l.items[0].range.start.line as usize, line);
    }

    #[test]
    fn a_partial_authorisation_is_named_by_the_portion_decided_on() {
        let text = letter("Cyclobenzaprine 7.5mg #90 was the original request. Cyclobenzaprine 7.5mg #63 was\nauthorized by the Claims Administrator. The remaining IMR eligible portion of the\noriginal request, Cyclobenzaprine 7.5mg #27 is: Upheld\nDecision rationale: It is not medically necessary.\n");
        let s = summarise(&Analysis::new(&text, embedded_catalog()), &text);
        let item = &s.letters[0].items[0];
        assert_eq!(&*item.title, "Cyclobenzaprine 7.5mg #27");
        assert_eq!(&*item.key, "7.5mg flexeril");
        assert!(item
            .words
            .starts_with("cyclobenzaprine 7 5mg 90 was the original request"));
    }

    #[test]
    fn findings_keep_their_range_message_and_related_place() {
        let text = letter("Norco 5/325 mg #30: Uphold\n\nDecision rationale: The request is not medically necessary.\n");
        let s = summarise(&Analysis::new(&text, embedded_catalog()), &text);
        let f = s
            .findings
            .iter()
            .find(|f| f.code == "unknown-decision")
            .unwrap();
        assert_eq!(f.severity, Severity::Error);
        assert!(f.message.contains("Uphold"));
        let line = text.lines().position(|l| l.contains(": Uphold")).unwrap();
        assert_eq!(f.range.start.line as usize, line);
        assert_eq!(f.range.start.utf8, 20);
    }
}
