//! The workspace: every letter under the editor's folders, summarised, and the features that
//! read across files (workspace symbols, references, the folder's findings).
//!
//! Pure apart from `scan`, which reads the disk: the language server owns the [`Index`], runs the
//! scan off its handlers and lays open documents over it (an open document always wins).

pub mod references;
pub mod requests;
pub mod scan;
pub mod summary;
pub mod symbols;

use crate::catalog::Catalog;
use crate::rules::RuleConfig;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use summary::{FileSummary, Finding};

/// The summaries of the letters on disk, by path, and the catalog they were made with.
#[derive(Clone, Debug)]
pub struct Index {
    files: BTreeMap<PathBuf, Arc<FileSummary>>,
    pub catalog: Arc<Catalog>,
    /// The folders indexed.
    pub roots: Vec<PathBuf>,
}

impl Index {
    pub fn new(catalog: Arc<Catalog>) -> Self {
        Index {
            files: BTreeMap::new(),
            catalog,
            roots: Vec::new(),
        }
    }

    /// Records a file's summary, or forgets the file when it is no longer a letter (`None`).
    pub fn set(&mut self, path: PathBuf, summary: Option<FileSummary>) {
        match summary {
            Some(s) => {
                self.files.insert(path, Arc::new(s));
            }
            None => {
                self.files.remove(&path);
            }
        }
    }

    pub fn remove(&mut self, path: &Path) {
        self.files.remove(path);
    }

    /// Forgets every file under `dir` (a deleted folder).
    pub fn remove_under(&mut self, dir: &Path) {
        self.files.retain(|p, _| !p.starts_with(dir));
    }

    pub fn get(&self, path: &Path) -> Option<&Arc<FileSummary>> {
        self.files.get(path)
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// The files in path order.
    pub fn iter(&self) -> impl Iterator<Item = (&PathBuf, &Arc<FileSummary>)> {
        self.files.iter()
    }
}

/// A file's findings with the user's rule settings applied (disabled rules dropped, severities
/// changed), as `features::fixes::findings` does for an open document.
pub fn findings(summary: &FileSummary, config: &RuleConfig) -> Vec<Finding> {
    summary
        .findings
        .iter()
        .filter(|f| !config.disabled.iter().any(|c| c == f.code))
        .map(|f| {
            let mut f = f.clone();
            if let Some(s) = config.severity.get(f.code) {
                f.severity = *s;
            }
            f
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::Analysis;
    use crate::lsp::document::embedded_catalog;
    use crate::rules::Severity;

    #[test]
    fn settings_apply_to_the_findings_of_unopened_files() {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/drafts/broken-draft.imr"
        ))
        .unwrap();
        let s = summary::summarise(&Analysis::new(&text, embedded_catalog()), &text);
        let all = findings(&s, &RuleConfig::default());
        assert!(all.iter().any(|f| f.code == "placeholder"));
        let config = RuleConfig {
            disabled: vec!["placeholder".into()],
            severity: [("decision-conflict".to_string(), Severity::Hint)].into(),
        };
        let some = findings(&s, &config);
        assert_eq!(some.len(), all.len() - 1);
        assert!(some
            .iter()
            .filter(|f| f.code == "decision-conflict")
            .all(|f| f.severity == Severity::Hint));
    }
}
