//! Letters are medical records: no letter text in the server's log at the default level, and no
//! network code in the shipped binary's dependency tree.

mod common;
use common::*;
use serde_json::json;
use std::process::Command;

/// Drives a session that touches every path that logs: open, an edit, a refused edit, hovers,
/// the outline, a malformed message, an unknown document. Returns the server's stderr and the
/// letter's text as edited.
fn session(log_level: Option<&str>) -> (String, String) {
    let env: Vec<(&str, &str)> = log_level.map(|l| ("IMR_LSP_LOG", l)).into_iter().collect();
    let mut c = Client::spawn_env(&[], &env);
    c.initialize(&[]);
    let u = uri("letter.imr");
    let text = fixture("letters/001_2a130b5553485fce.txt");
    c.open(&u, &text);
    let inserted = "Patient Jane Examplename reports worsening pain since March.\n";
    c.change(
        &u,
        2,
        json!([{"range": {"start": {"line": 3, "character": 0}, "end": {"line": 3, "character": 0}}, "text": inserted}]),
    );
    c.diagnostics(&u, Some(2));
    // A change that does not increase the version is refused and logged.
    c.change(
        &u,
        2,
        json!([{"text": "Refused text that must not be logged."}]),
    );
    let edited = format!(
        "{}{inserted}{}",
        text.split_inclusive('\n').take(3).collect::<String>(),
        text.split_inclusive('\n').skip(3).collect::<String>()
    );
    for needle in ["Norco 5/325 MG #30", "Upheld", "Chronic Pain"] {
        if edited.contains(needle) {
            let (line, character) = pos_of(&edited, needle);
            let r = c.request(
                "textDocument/hover",
                json!({"textDocument": {"uri": u}, "position": {"line": line, "character": character}}),
            );
            assert!(r.get("error").is_none(), "{r}");
        }
    }
    c.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": u}}),
    );
    c.send_raw(b"Content-Length: 10\r\n\r\n{not json}");
    c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": "file:///nowhere.imr"}, "position": {"line": 0, "character": 0}}),
    );
    assert_eq!(c.shutdown_and_exit(), 0);
    let log = c.stderr();
    (
        log,
        format!("{edited}\nRefused text that must not be logged."),
    )
}

/// The lines of `text` (long enough to be identifying) that appear in `log`.
fn leaked<'a>(text: &'a str, log: &str) -> Vec<&'a str> {
    text.lines()
        .map(str::trim)
        .filter(|l| l.len() >= 12)
        .filter(|l| log.contains(l))
        .collect()
}

#[test]
fn no_letter_text_in_the_log_at_the_default_level_or_debug() {
    for level in [None, Some("info"), Some("debug")] {
        let (log, text) = session(level);
        assert!(!log.is_empty(), "the server logs something at {level:?}");
        let leaks = leaked(&text, &log);
        assert!(
            leaks.is_empty(),
            "letter text in the log at {level:?}: {leaks:?}"
        );
    }
}

#[test]
fn trace_level_does_log_letter_text_as_documented() {
    // This is what `--help` and the README warn about; it also shows the check above can fail.
    let (log, text) = session(Some("trace"));
    assert!(!leaked(&text, &log).is_empty());
}

#[test]
fn help_says_which_log_level_logs_letter_text() {
    let out = Command::new(env!("CARGO_BIN_EXE_imr-lsp"))
        .arg("--help")
        .output()
        .unwrap();
    let help = String::from_utf8_lossy(&out.stdout);
    assert!(help.contains("IMR_LSP_LOG"), "{help}");
    assert!(help.contains("trace"), "{help}");
    assert!(help.contains("letter text"), "{help}");
}

/// Crates that speak to the network (HTTP clients and servers, TLS, sockets, DNS, QUIC, WebSocket).
const NETWORK_CRATES: &[&str] = &[
    "hyper",
    "hyper-util",
    "reqwest",
    "ureq",
    "h2",
    "h3",
    "quinn",
    "rustls",
    "tokio-rustls",
    "native-tls",
    "tokio-native-tls",
    "openssl",
    "openssl-sys",
    "curl",
    "curl-sys",
    "isahc",
    "surf",
    "attohttpc",
    "socket2",
    "mio",
    "tungstenite",
    "tokio-tungstenite",
    "trust-dns-resolver",
    "hickory-resolver",
    "tonic",
    "axum",
    "warp",
    "actix-web",
];

#[test]
fn no_network_code_in_the_dependency_tree() {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    let out = Command::new(cargo)
        .args([
            "tree",
            "--offline",
            "--locked",
            "--edges",
            "normal,build",
            "--prefix",
            "none",
            "--format",
            "{p} [{f}]",
            "--manifest-path",
            concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.toml"),
        ])
        .output()
        .expect("cargo tree runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let tree = String::from_utf8_lossy(&out.stdout);
    let mut names = Vec::new();
    for line in tree.lines() {
        let name = line.split_whitespace().next().unwrap_or("");
        names.push(name.to_string());
        assert!(
            !NETWORK_CRATES.contains(&name),
            "network crate in the tree: {line}"
        );
        if name == "tokio" {
            let features = line.rsplit_once('[').map_or("", |(_, f)| f);
            assert!(
                !features
                    .trim_end_matches(']')
                    .split(',')
                    .any(|f| f == "net" || f == "full"),
                "tokio with networking: {line}"
            );
        }
    }
    // The tree was really read.
    for expected in ["tokio", "tower-lsp-server", "serde_json"] {
        assert!(
            names.iter().any(|n| n == expected),
            "{expected} missing from:\n{tree}"
        );
    }
}
