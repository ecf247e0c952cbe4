//! The organisation's catalog: `.imr/guidelines.toml` (or `.json`) in the workspace, or the file
//! named by `imr.catalog.path`, merged over the embedded catalog.

use crate::catalog::Catalog;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The catalog to use and, when the organisation's file could not be used, why.
pub struct Loaded {
    pub catalog: Arc<Catalog>,
    pub source: Option<PathBuf>,
    pub error: Option<String>,
}

/// Where the organisation's catalog would be read from.
pub fn overlay_path(root: Option<&Path>, configured: Option<&str>) -> Option<PathBuf> {
    if let Some(p) = configured {
        let p = PathBuf::from(p);
        return Some(match (p.is_absolute(), root) {
            (false, Some(r)) => r.join(p),
            _ => p,
        });
    }
    let root = root?;
    ["toml", "json"]
        .iter()
        .map(|ext| root.join(".imr").join(format!("guidelines.{ext}")))
        .find(|p| p.is_file())
}

pub fn load(root: Option<&Path>, configured: Option<&str>) -> Loaded {
    let embedded = super::document::embedded_catalog();
    let Some(path) = overlay_path(root, configured) else {
        return Loaded {
            catalog: embedded,
            source: None,
            error: None,
        };
    };
    match Catalog::from_file(&path) {
        Ok(overlay) => Loaded {
            catalog: Arc::new(embedded.merged(&overlay)),
            source: Some(path),
            error: None,
        },
        Err(e) => Loaded {
            catalog: embedded,
            source: None,
            error: Some(format!("{e}; using the built-in catalog")),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlay_merges_and_bad_file_names_its_line() {
        let dir = std::env::temp_dir().join(format!("imr-ws-{}", std::process::id()));
        std::fs::create_dir_all(dir.join(".imr")).unwrap();
        std::fs::write(
            dir.join(".imr/guidelines.toml"),
            "[[guideline]]\nid = \"odg-pain\"\nurl = \"https://odg.example.org/pain\"\n",
        )
        .unwrap();
        let l = load(Some(&dir), None);
        assert!(l.error.is_none(), "{:?}", l.error);
        assert_eq!(
            l.catalog.guideline("odg-pain").unwrap().url.as_deref(),
            Some("https://odg.example.org/pain")
        );

        std::fs::write(
            dir.join(".imr/guidelines.toml"),
            "[[guideline]]\nid = \"odg-pain\"\nurl = \"http://insecure\"\n",
        )
        .unwrap();
        let l = load(Some(&dir), None);
        let err = l.error.unwrap();
        assert!(err.contains("line 3"), "{err}");
        assert!(
            l.catalog.guideline("odg-pain").unwrap().url.is_none(),
            "embedded catalog stays in force"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
