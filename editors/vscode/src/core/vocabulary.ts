// Generated from src/parser/spelling.rs by tests/generated.rs: do not edit.
// `UPDATE_GENERATED=1 cargo test --test generated` rewrites it.

/** Section headings, each alone on its line (compared ignoring case and spacing). */
export const SECTION_HEADINGS: readonly string[] = ["HOW THE IMR FINAL DETERMINATION WAS MADE","CLINICAL CASE SUMMARY","IMR ISSUES, DECISIONS AND RATIONALES","IMR ISSUES, DECISIONS AND RATIONALE","IMR DECISION(S) AND RATIONALE(S)","IMR DECISIONS AND RATIONALES","DOCUMENTS REVIEWED"];

/** Lines that open a letter without being one of its sections (older formats' titles). */
export const LETTER_TITLES: readonly string[] = ["Notice of Independent Medical Review Determination"];

/** Item field labels, colon included. */
export const FIELD_LABELS: readonly string[] = ["Claims Administrator guideline:","Claims Administrator guidelines:","MAXIMUS guideline:","MAXIMUS guidelines:","Other Medical Treatment Guideline or Medical Evidence:","Other Medical Treatment Guidelines or Medical Evidence:","Decision rationale:"];

/** The two decisions. */
export const DECISIONS: readonly string[] = ["Upheld","Overturned"];

/** The header label that opens a letter's header block. */
export const CASE_NUMBER_LABEL = "Case Number:";
