//! Every heading, label and decision word the parser recognises, in one table.
//!
//! A new letter format should be a few lines here, not a change to the parser.

use crate::model::{FieldKind, SectionKind};

/// Section headings, each alone on its line. Compared ignoring ASCII case and spacing.
pub const SECTION_HEADINGS: &[(&str, SectionKind)] = &[
    (
        "HOW THE IMR FINAL DETERMINATION WAS MADE",
        SectionKind::HowMade,
    ),
    ("CLINICAL CASE SUMMARY", SectionKind::CaseSummary),
    ("IMR ISSUES, DECISIONS AND RATIONALES", SectionKind::Issues),
    ("IMR ISSUES, DECISIONS AND RATIONALE", SectionKind::Issues),
    ("IMR DECISION(S) AND RATIONALE(S)", SectionKind::Issues),
    ("IMR DECISIONS AND RATIONALES", SectionKind::Issues),
    ("DOCUMENTS REVIEWED", SectionKind::DocumentsReviewed),
];

/// Lines that open a letter without being one of its sections (older formats' titles).
pub const LETTER_TITLES: &[&str] = &["Notice of Independent Medical Review Determination"];

/// Item field labels, colon included.
pub const FIELD_LABELS: &[(&str, FieldKind)] = &[
    (
        "Claims Administrator guideline:",
        FieldKind::ClaimsGuideline,
    ),
    (
        "Claims Administrator guidelines:",
        FieldKind::ClaimsGuideline,
    ),
    ("MAXIMUS guideline:", FieldKind::MaximusGuideline),
    ("MAXIMUS guidelines:", FieldKind::MaximusGuideline),
    (
        "Other Medical Treatment Guideline or Medical Evidence:",
        FieldKind::OtherEvidence,
    ),
    (
        "Other Medical Treatment Guidelines or Medical Evidence:",
        FieldKind::OtherEvidence,
    ),
    ("Decision rationale:", FieldKind::Rationale),
];

/// Sentences that stand for a guideline field when no evidence was cited.
pub const NO_EVIDENCE: &[(&str, FieldKind)] = &[
    (
        "The Claims Administrator did not cite any medical evidence",
        FieldKind::ClaimsGuideline,
    ),
    (
        "The Expert Reviewer did not cite any medical evidence",
        FieldKind::MaximusGuideline,
    ),
];

/// The two decisions a reviewer can make.
pub const UPHELD: &str = "Upheld";
pub const OVERTURNED: &str = "Overturned";

/// The sentence that introduces the list of disputed items.
pub const ISSUES_INTRO: &str = "The Final Determination was based on decisions";

/// Phrases of the partial-authorisation item line.
pub const PARTIAL_ORIGINAL: &str = "was the original request";
pub const PARTIAL_ELIGIBLE: &str = "IMR eligible portion of the original request";
pub const PARTIAL_AUTHORIZED: &str = "was authorized by the Claims Administrator";
/// The other spelling: "The Claims Administrator authorized X, leaving the original request IMR
/// eligible. The original request, X is: Upheld".
pub const PARTIAL_AUTHORIZED_BY: &str = "The Claims Administrator authorized";
pub const PARTIAL_LEAVING: &str = "leaving the original request IMR eligible";
pub const PARTIAL_WHOLE: &str = "The original request";

/// Header labels; the header block lists them before their values.
pub const HEADER_LABELS: &[&str] = &[
    "Case Number",
    "Date Assigned",
    "Decision Date",
    "Priority",
    "Date of Injury",
    "UR Denial Date",
    "Application Received",
    "Date Received",
    "IMR Case Number",
];

/// The header label that opens a letter's header block.
pub const CASE_NUMBER_LABEL: &str = "Case Number";

/// Citation phrases inside guideline fields.
pub const CITATION_START: &str = "Decision based on";
pub const NON_MTUS: &str = "Non-MTUS Citation";
pub const SECTIONS_MARK: &str = "Section(s):";
pub const PAGES_MARK: &str = "Page(s):";

/// Words that stand for a title ending a sentence when scanning upward for a wrapped title.
pub const MAX_TITLE_LINES: usize = 4;
