// Generated from the rule registry (src/rules/mod.rs) by tests/generated.rs: do not edit.
// `UPDATE_GENERATED=1 cargo test --test generated` rewrites it.

/** Every rule code the server reports, in the registry's order. */
export const RULE_CODES = [
  'missing-section',
  'no-items',
  'missing-decision',
  'unknown-decision',
  'missing-rationale',
  'missing-guideline',
  'missing-claims-guideline',
  'decision-conflict',
  'no-conclusion',
  'item-mismatch',
  'duplicate-item',
  'placeholder',
  'unknown-guideline',
  'page-out-of-range',
  'topic-page-mismatch',
  'guideline-body-part',
  'header-dates',
  'non-mtus-without-reason',
  'uncited-guideline',
] as const;
