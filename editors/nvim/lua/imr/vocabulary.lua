-- Generated from src/parser/spelling.rs by tests/generated.rs: do not edit.
-- `UPDATE_GENERATED=1 cargo test --test generated` rewrites it.
return {
section_headings = {
  "HOW THE IMR FINAL DETERMINATION WAS MADE",
  "CLINICAL CASE SUMMARY",
  "IMR ISSUES, DECISIONS AND RATIONALES",
  "IMR ISSUES, DECISIONS AND RATIONALE",
  "IMR DECISION(S) AND RATIONALE(S)",
  "IMR DECISIONS AND RATIONALES",
  "DOCUMENTS REVIEWED",
},
letter_titles = {
  "Notice of Independent Medical Review Determination",
},
field_labels = {
  "Claims Administrator guideline:",
  "Claims Administrator guidelines:",
  "MAXIMUS guideline:",
  "MAXIMUS guidelines:",
  "Other Medical Treatment Guideline or Medical Evidence:",
  "Other Medical Treatment Guidelines or Medical Evidence:",
  "Decision rationale:",
},
decisions = {
  "Upheld",
  "Overturned",
},
case_number_label = "Case Number:",
}
