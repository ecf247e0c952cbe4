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

/// The catalog to use. In a folder the editor does not trust (`trusted` false: VS Code's
/// Restricted Mode), nothing is read from the folder: no `.imr/guidelines.*`, and a configured
/// path only when it is absolute (the editor has already dropped the folder's own settings, so
/// it is the user's); an organisation's link templates could otherwise point anywhere.
pub fn load(root: Option<&Path>, configured: Option<&str>, trusted: bool) -> Loaded {
    let embedded = super::document::embedded_catalog();
    let (root, configured) = match trusted {
        true => (root, configured),
        false => (None, configured.filter(|p| Path::new(p).is_absolute())),
    };
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
        let l = load(Some(&dir), None, true);
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
        let l = load(Some(&dir), None, true);
        let err = l.error.unwrap();
        assert!(err.contains("line 3"), "{err}");
        assert!(
            l.catalog.guideline("odg-pain").unwrap().url.is_none(),
            "embedded catalog stays in force"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn an_untrusted_folder_gives_no_overlay() {
        let dir = std::env::temp_dir().join(format!("imr-ws-untrusted-{}", std::process::id()));
        std::fs::create_dir_all(dir.join(".imr")).unwrap();
        let overlay = "[[guideline]]\nid = \"odg-pain\"\nurl = \"https://odg.example.org/pain\"\n";
        std::fs::write(dir.join(".imr/guidelines.toml"), overlay).unwrap();
        std::fs::write(dir.join("org.toml"), overlay).unwrap();
        let url = |l: &Loaded| l.catalog.guideline("odg-pain").unwrap().url.clone();
        for configured in [None, Some("org.toml")] {
            let trusted = load(Some(&dir), configured, true);
            assert_eq!(
                url(&trusted).as_deref(),
                Some("https://odg.example.org/pain")
            );
            let untrusted = load(Some(&dir), configured, false);
            assert_eq!(untrusted.source, None, "{configured:?}");
            assert_eq!(url(&untrusted), None, "{configured:?}");
        }
        // An absolute path reached the server from the user's own settings: still read.
        let absolute = dir.join("org.toml").display().to_string();
        let l = load(Some(&dir), Some(&absolute), false);
        assert_eq!(url(&l).as_deref(), Some("https://odg.example.org/pain"));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
