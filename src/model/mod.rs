//! The letter model: what a parsed determination file holds, as byte ranges into its text.
//!
//! Nothing here knows about LSP; positions are byte offsets until the editor edge converts them.

use serde::Serialize;

/// A half-open byte range `[start, end)` into the file's text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub const fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }

    pub const fn len(&self) -> usize {
        self.end - self.start
    }

    pub const fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// True when `offset` is inside the span or at either end: where an editor's cursor sits
    /// just after the last character still counts as on it.
    pub const fn touches(&self, offset: usize) -> bool {
        self.start <= offset && offset <= self.end
    }

    /// True when the two spans share a point, ends included.
    pub const fn meets(&self, other: Span) -> bool {
        self.start <= other.end && other.start <= self.end
    }

    /// The text this span covers; empty when the span does not fit the text.
    pub fn text<'a>(&self, src: &'a str) -> &'a str {
        src.get(self.start..self.end).unwrap_or("")
    }

    /// Moves the span by `delta` bytes (used when an edit before it changes the length).
    pub fn shift(&mut self, delta: isize) {
        self.start = self.start.wrapping_add_signed(delta);
        self.end = self.end.wrapping_add_signed(delta);
    }
}

/// Collapses whitespace runs to single spaces: how titles, headings and quoted text are shown
/// whatever the line breaks and spacing of the letter.
pub fn collapse(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for w in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

/// A parsed file: one or more letters. A file with no section heading holds none.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Model {
    pub letters: Vec<Letter>,
}

/// One final determination letter.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Letter {
    pub span: Span,
    pub header: Header,
    pub sections: Vec<Section>,
    pub items: Vec<Item>,
}

impl Letter {
    pub fn section(&self, kind: SectionKind) -> Option<&Section> {
        self.sections.iter().find(|s| s.kind == kind)
    }
}

/// The header block (case number and dates) before the first heading, when present.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Header {
    pub case_number: Option<Spanned>,
    pub fields: Vec<HeaderField>,
}

/// A piece of text with where it came from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Spanned {
    pub text: String,
    pub span: Span,
}

/// A header label and, when found, its value (PDF text puts the labels first, values after).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct HeaderField {
    pub label: String,
    pub label_span: Span,
    pub value: Option<Spanned>,
}

/// The fixed sections of a letter.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SectionKind {
    HowMade,
    CaseSummary,
    Issues,
    DocumentsReviewed,
}

impl SectionKind {
    /// The heading as the current format spells it.
    pub const fn heading(self) -> &'static str {
        match self {
            SectionKind::HowMade => "HOW THE IMR FINAL DETERMINATION WAS MADE",
            SectionKind::CaseSummary => "CLINICAL CASE SUMMARY",
            SectionKind::Issues => "IMR ISSUES, DECISIONS AND RATIONALES",
            SectionKind::DocumentsReviewed => "DOCUMENTS REVIEWED",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Section {
    pub kind: SectionKind,
    /// The heading text itself (what an editor selects).
    pub heading: Span,
    /// From the heading to the next heading or the end of the letter.
    pub span: Span,
}

/// One disputed item or service and the reviewer's decision on it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Item {
    /// The whole block: title line(s) through the end of the rationale.
    pub span: Span,
    /// The title as written, whitespace collapsed.
    pub title: String,
    /// From the first character of the title to its last (may cover several lines).
    pub title_span: Span,
    pub decision: Decision,
    /// For a partial authorisation, the original request as written ("… was the original request").
    pub original_request: Option<Spanned>,
    /// For a partial authorisation, the part the Claims Administrator authorized.
    pub authorized_portion: Option<Spanned>,
    /// For a partial authorisation, the IMR-eligible remainder that the decision is about.
    pub eligible_portion: Option<Spanned>,
    pub fields: Vec<Field>,
    pub conclusion: Option<Conclusion>,
}

impl Item {
    pub fn field(&self, kind: FieldKind) -> Option<&Field> {
        self.fields.iter().find(|f| f.kind == kind)
    }

    /// The title, or the first label when the item has no title line (what to underline).
    pub fn title_span_or_label(&self) -> Span {
        if !self.title_span.is_empty() {
            return self.title_span;
        }
        self.fields.first().map(|f| f.label).unwrap_or(self.span)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Decision {
    pub kind: DecisionKind,
    /// The decision word, when there is one.
    pub span: Option<Span>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "kind", content = "word")]
pub enum DecisionKind {
    /// The UR denial stands: the treatment is not medically necessary.
    Upheld,
    /// The UR denial is reversed: the treatment is medically necessary.
    Overturned,
    Missing,
    /// A word in the decision place that is neither Upheld nor Overturned.
    Unknown(String),
}

impl DecisionKind {
    /// What the outline and the CLI call it.
    pub fn label(&self) -> &str {
        match self {
            DecisionKind::Upheld => "Upheld",
            DecisionKind::Overturned => "Overturned",
            DecisionKind::Missing => "missing",
            DecisionKind::Unknown(w) => w,
        }
    }

    /// Whether this decision says the treatment is medically necessary, when it says anything.
    pub fn means_necessary(&self) -> Option<bool> {
        match self {
            DecisionKind::Upheld => Some(false),
            DecisionKind::Overturned => Some(true),
            _ => None,
        }
    }
}

/// The labelled parts of an item.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FieldKind {
    ClaimsGuideline,
    MaximusGuideline,
    OtherEvidence,
    Rationale,
}

impl FieldKind {
    pub const ALL: [FieldKind; 4] = [
        FieldKind::ClaimsGuideline,
        FieldKind::MaximusGuideline,
        FieldKind::OtherEvidence,
        FieldKind::Rationale,
    ];

    /// The label as letters write it.
    pub const fn label(self) -> &'static str {
        match self {
            FieldKind::ClaimsGuideline => "Claims Administrator guideline",
            FieldKind::MaximusGuideline => "MAXIMUS guideline",
            FieldKind::OtherEvidence => "Other Medical Treatment Guideline or Medical Evidence",
            FieldKind::Rationale => "Decision rationale",
        }
    }

    /// Position in the usual order of an item block.
    pub const fn rank(self) -> u8 {
        match self {
            FieldKind::ClaimsGuideline => 0,
            FieldKind::MaximusGuideline => 1,
            FieldKind::OtherEvidence => 2,
            FieldKind::Rationale => 3,
        }
    }

    pub const fn cites_guidelines(self) -> bool {
        !matches!(self, FieldKind::Rationale)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Field {
    pub kind: FieldKind,
    /// The label (or the "did not cite any medical evidence" sentence standing in for it).
    pub label: Span,
    /// The text after the label, trimmed; empty span when nothing follows.
    pub body: Span,
    /// The field says no medical evidence was cited.
    pub no_evidence: bool,
    pub citations: Vec<Citation>,
}

impl Field {
    /// From the label to the end of the body.
    pub fn span(&self) -> Span {
        Span::new(self.label.start, self.body.end.max(self.label.end))
    }
}

/// One "Decision based on …" phrase (or the whole body of an evidence field without one).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Citation {
    pub span: Span,
    /// Marked "Non-MTUS Citation" (ODG, UpToDate, …).
    pub non_mtus: bool,
    /// The phrase naming the guideline, up to `Section(s):` or `Page(s):`; may run into topic names.
    pub guideline: Span,
    /// The text after `Section(s):`, when present.
    pub sections: Option<Span>,
    pub pages: Vec<PageRef>,
    /// A web address the citation gives (`Non-MTUS Citation https://…`), as written: it may run
    /// over a line break the PDF put inside it (join it with [`joined_address`]).
    pub address: Option<Span>,
    /// Found in the running text of a rationale ("Per ODG Pain chapter, Opioids") rather than in
    /// a guideline field: shown and linked like the rest, but no rule reads it as the field.
    pub running_text: bool,
}

/// A web address as written, with the line breaks and spaces a PDF wrapped into it removed.
pub fn joined_address(written: &str) -> String {
    written.split_whitespace().collect()
}

/// A cited page or page range.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct PageRef {
    pub first: u32,
    pub last: u32,
    pub span: Span,
}

/// The statement in a rationale that decides medical necessity: the last one outside quotes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Conclusion {
    /// The sentence holding the statement.
    pub sentence: Span,
    /// The "(not) medically necessary" words themselves.
    pub statement: Span,
    pub necessary: bool,
    /// What the sentence says is (not) necessary: the words after "request for", when named.
    pub subject: Option<Span>,
}

/// Shifts every span in a letter by `delta` bytes.
pub fn shift_letter(letter: &mut Letter, delta: isize) {
    letter.span.shift(delta);
    if let Some(c) = &mut letter.header.case_number {
        c.span.shift(delta);
    }
    for f in &mut letter.header.fields {
        f.label_span.shift(delta);
        if let Some(v) = &mut f.value {
            v.span.shift(delta);
        }
    }
    for s in &mut letter.sections {
        s.heading.shift(delta);
        s.span.shift(delta);
    }
    for item in &mut letter.items {
        shift_item(item, delta);
    }
}

/// Shifts every span in an item by `delta` bytes.
pub fn shift_item(item: &mut Item, delta: isize) {
    item.span.shift(delta);
    item.title_span.shift(delta);
    if let Some(s) = &mut item.decision.span {
        s.shift(delta);
    }
    for p in [
        &mut item.original_request,
        &mut item.authorized_portion,
        &mut item.eligible_portion,
    ]
    .into_iter()
    .flatten()
    {
        p.span.shift(delta);
    }
    for f in &mut item.fields {
        f.label.shift(delta);
        f.body.shift(delta);
        for c in &mut f.citations {
            shift_citation(c, delta);
        }
    }
    if let Some(c) = &mut item.conclusion {
        shift_conclusion(c, delta);
    }
}

pub fn shift_citation(c: &mut Citation, delta: isize) {
    c.span.shift(delta);
    c.guideline.shift(delta);
    if let Some(s) = &mut c.sections {
        s.shift(delta);
    }
    for p in &mut c.pages {
        p.span.shift(delta);
    }
    if let Some(a) = &mut c.address {
        a.shift(delta);
    }
}

pub fn shift_conclusion(c: &mut Conclusion, delta: isize) {
    c.sentence.shift(delta);
    c.statement.shift(delta);
    if let Some(s) = &mut c.subject {
        s.shift(delta);
    }
}
