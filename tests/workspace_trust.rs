//! A folder the editor does not trust (VS Code's Restricted Mode sends
//! `initializationOptions.trustedWorkspace: false`): the server reads no organisation catalog
//! from it, and everything else (outline, diagnostics, the built-in links) works as usual.

mod common;
use common::*;
use serde_json::{json, Value};

const OVERLAY: &str =
    "[[guideline]]\nid = \"odg-pain\"\nurl = \"https://overlay.example.org/pain\"\n";

/// A folder with an organisation catalog in `.imr/` and one letter; the server's document links
/// and outline for that letter, initialised with `options`.
fn session(tag: &str, options: Value) -> (Vec<String>, usize, Vec<String>) {
    let dir = std::env::temp_dir().join(format!("imr-trust-{tag}-{}", std::process::id()));
    std::fs::create_dir_all(dir.join(".imr")).unwrap();
    std::fs::write(dir.join(".imr/guidelines.toml"), OVERLAY).unwrap();
    std::fs::write(dir.join("org.toml"), OVERLAY).unwrap();
    let root = format!("file://{}", dir.display());
    let text = fixture("letters/002_ca4af5e6e3409f09.txt");
    let mut c = Client::spawn();
    c.request(
        "initialize",
        json!({"processId": null, "rootUri": root, "initializationOptions": options,
               "capabilities": {"textDocument": {"documentSymbol": {"hierarchicalDocumentSymbolSupport": true}}}}),
    );
    c.notify("initialized", json!({}));
    let u = format!("{root}/letter.imr");
    c.open(&u, &text);
    let links = c.request(
        "textDocument/documentLink",
        json!({"textDocument": {"uri": u}}),
    );
    let targets = links["result"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["target"].as_str().unwrap().to_string())
        .collect();
    let symbols = c.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": u}}),
    );
    let n_symbols = symbols["result"].as_array().map_or(0, Vec::len);
    // A draft with problems gets its findings.
    let draft = format!("{root}/draft.imr");
    let diags = c.open(&draft, &fixture("drafts/broken-draft.imr"));
    c.shutdown_and_exit();
    std::fs::remove_dir_all(&dir).unwrap();
    (targets, n_symbols, codes(&diags))
}

#[test]
fn a_trusted_folder_uses_its_organisation_catalog() {
    for options in [json!({}), json!({"trustedWorkspace": true})] {
        let (links, _, _) = session("trusted", options.clone());
        assert!(
            links
                .iter()
                .any(|l| l.starts_with("https://overlay.example.org/")),
            "{options}: {links:?}"
        );
    }
}

#[test]
fn an_untrusted_folder_gets_no_overlay_links_but_outline_and_diagnostics_work() {
    for options in [
        json!({"trustedWorkspace": false}),
        // A relative catalog path would be read from the folder too.
        json!({"trustedWorkspace": false, "catalog": {"path": "org.toml"}}),
    ] {
        let (links, symbols, codes) = session("untrusted", options.clone());
        assert!(
            !links.iter().any(|l| l.contains("overlay.example.org")),
            "{options}: {links:?}"
        );
        assert!(!links.is_empty(), "the built-in catalog's links remain");
        assert!(symbols > 0, "outline");
        assert!(codes.contains(&"placeholder".to_string()), "{codes:?}");
    }
}
