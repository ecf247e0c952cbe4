//! How a session ends: end of input, `exit`, a dead editor, cancelled requests, a client that
//! never answers, and what bare `imr-lsp` says on a terminal. Drives the built binary.

mod common;
use common::*;
use serde_json::{json, Value};
use std::time::{Duration, Instant};

/// "Promptly": the server holds work under way for at most half a second once the editor has
/// gone; this is a hang check, not a speed claim.
const PROMPT: Duration = Duration::from_secs(5);

/// An editor that asks the server to pull settings and to register a file watcher.
fn capabilities(configuration: bool, watch: bool) -> Value {
    json!({
        "workspace": {
            "configuration": configuration,
            "didChangeWatchedFiles": {"dynamicRegistration": watch},
        },
    })
}

/// Initializes, then waits for the server's request `method` to the client, which is never
/// answered.
fn stuck_on(method: &str, caps: Value, env: &[(&str, &str)]) -> Client {
    let mut c = Client::spawn_env(&[], env);
    c.answer_configuration = false;
    c.request(
        "initialize",
        json!({"processId": null, "rootUri": null, "capabilities": caps}),
    );
    c.notify("initialized", json!({}));
    let m = method.to_string();
    c.wait_for(move |msg| msg["method"] == m.as_str() && msg.get("id").is_some());
    c
}

fn exits_promptly(c: &mut Client, what: &str) -> i32 {
    c.wait_exit_within(PROMPT).unwrap_or_else(|| {
        panic!(
            "{what}: the server is still running {PROMPT:?} later; log:\n{}",
            c.stderr()
        )
    })
}

#[test]
fn end_of_input_ends_the_server_while_it_waits_for_register_capability() {
    let mut c = stuck_on("client/registerCapability", capabilities(false, true), &[]);
    c.close_input();
    assert_eq!(exits_promptly(&mut c, "stdin closed"), 1);
}

#[test]
fn end_of_input_ends_the_server_while_it_waits_for_configuration() {
    let mut c = stuck_on("workspace/configuration", capabilities(true, false), &[]);
    c.close_input();
    assert_eq!(exits_promptly(&mut c, "stdin closed"), 1);
}

#[test]
fn exit_ends_the_server_while_it_waits_for_the_client() {
    for (method, caps) in [
        ("client/registerCapability", capabilities(true, true)),
        ("workspace/configuration", capabilities(true, false)),
    ] {
        let mut c = stuck_on(method, caps, &[]);
        // stdin stays open: `exit` alone must end it.
        c.notify("exit", json!(null));
        assert_eq!(exits_promptly(&mut c, &format!("exit during {method}")), 1);
    }
}

#[test]
fn shutdown_then_exit_is_status_0_while_a_client_request_is_unanswered() {
    let mut c = stuck_on("workspace/configuration", capabilities(true, false), &[]);
    let r = c.request("shutdown", json!(null));
    assert!(r.get("error").is_none(), "{r}");
    c.notify("exit", json!(null));
    assert_eq!(exits_promptly(&mut c, "shutdown + exit"), 0);
}

#[test]
fn end_of_input_after_shutdown_is_status_0_and_without_it_1() {
    let mut c = Client::spawn();
    c.initialize(&[]);
    c.open(&uri("a.imr"), &fixture("letters/001_2a130b5553485fce.txt"));
    c.close_input();
    assert_eq!(exits_promptly(&mut c, "stdin closed"), 1);

    let mut c = Client::spawn();
    c.initialize(&[]);
    let r = c.request("shutdown", json!(null));
    assert!(r.get("error").is_none(), "{r}");
    c.close_input();
    assert_eq!(exits_promptly(&mut c, "stdin closed after shutdown"), 0);
}

#[test]
fn a_client_that_never_answers_times_out_and_the_server_goes_on() {
    let mut c = stuck_on(
        "workspace/configuration",
        capabilities(true, false),
        &[("IMR_LSP_CLIENT_TIMEOUT_MS", "200")],
    );
    let deadline = Instant::now() + TIMEOUT;
    while !c.stderr().contains("no answer from the editor within") {
        assert!(
            Instant::now() < deadline,
            "no timeout logged; log:\n{}",
            c.stderr()
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(
        c.stderr().contains("workspace/configuration"),
        "{}",
        c.stderr()
    );
    // The session goes on normally.
    let u = uri("draft.imr");
    let diags = c.open(&u, &fixture("drafts/broken-draft.imr"));
    assert!(!codes(&diags).is_empty());
    assert_eq!(c.shutdown_and_exit(), 0);
}

#[test]
fn the_server_ends_within_a_second_of_its_editor() {
    let mut editor = std::process::Command::new("sleep")
        .arg("600")
        .spawn()
        .unwrap();
    let mut c = Client::spawn();
    c.request(
        "initialize",
        json!({"processId": editor.id(), "capabilities": {}}),
    );
    c.notify("initialized", json!({}));
    // Still alive while the editor is.
    assert_eq!(c.wait_exit_within(Duration::from_millis(600)), None);
    editor.kill().unwrap();
    let died = Instant::now();
    // Not reaped yet: a zombie counts as gone.
    let status = c.wait_exit_within(PROMPT);
    let took = died.elapsed();
    editor.wait().unwrap();
    assert_eq!(status, Some(1), "log:\n{}", c.stderr());
    // The watch looks four times a second; allow for a loaded machine.
    assert!(took < Duration::from_secs(2), "took {took:?}");
}

/// 1,000 letters: the seeds round-robin.
fn big_text() -> String {
    let seeds: Vec<String> = std::fs::read_dir(format!(
        "{}/tests/fixtures/letters",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
    .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
    .collect();
    (0..1000)
        .map(|i| seeds[i % seeds.len()].as_str())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn cancel_request_answers_request_cancelled() {
    let mut c = Client::spawn_env(&[], &[("IMR_LSP_LOG", "debug")]);
    c.initialize(&[]);
    let u = uri("batch.imr");
    c.open(&u, &big_text());
    // The request and its cancellation arrive together, as when the user moves on at once.
    let id = c.next_id();
    let req = json!({"jsonrpc": "2.0", "id": id, "method": "textDocument/documentSymbol",
                     "params": {"textDocument": {"uri": u}}});
    let cancel = json!({"jsonrpc": "2.0", "method": "$/cancelRequest", "params": {"id": id}});
    let mut bytes = frame(&req);
    bytes.extend(frame(&cancel));
    c.send_raw(&bytes);
    let r = c.wait_for(move |m| m["id"] == id && m.get("method").is_none());
    assert_eq!(
        r["error"]["code"],
        -32800,
        "RequestCancelled: {:.300}; log: {}",
        r.to_string(),
        c.stderr()
    );
    // The server still answers the same request afterwards.
    let r = c.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": u}}),
    );
    assert_eq!(r["result"].as_array().map(Vec::len), Some(1000));
    assert_eq!(c.shutdown_and_exit(), 0);
}

fn frame(msg: &Value) -> Vec<u8> {
    let body = serde_json::to_vec(msg).unwrap();
    let mut out = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    out.extend(body);
    out
}

#[test]
fn bare_imr_lsp_on_a_terminal_says_what_it_is() {
    // `script` gives the server a terminal for stdin (util-linux, present wherever the tests run).
    let out = std::process::Command::new("script")
        .args(["-qec", env!("CARGO_BIN_EXE_imr-lsp"), "/dev/null"])
        .stdin(std::process::Stdio::null())
        .output()
        .expect("`script` (util-linux) runs");
    let text = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(lines.len(), 1, "one line: {text:?}");
    assert!(lines[0].contains("language server"), "{text:?}");
    assert!(lines[0].contains("imr-lsp check"), "{text:?}");
}

#[test]
fn the_hint_is_not_printed_for_an_editor() {
    let mut c = Client::spawn();
    c.initialize(&[]);
    c.close_input();
    exits_promptly(&mut c, "stdin closed");
    assert!(!c.stderr().contains("language server"), "{}", c.stderr());
}

/// Document links of a fixture letter for a client that declares `capabilities`.
fn links_for(capabilities: Value) -> Value {
    let mut c = Client::spawn();
    c.request(
        "initialize",
        json!({"processId": null, "rootUri": null, "capabilities": capabilities}),
    );
    c.notify("initialized", json!({}));
    let u = uri("a.imr");
    c.open(&u, &fixture("letters/001_2a130b5553485fce.txt"));
    let r = c.request(
        "textDocument/documentLink",
        json!({"textDocument": {"uri": u}}),
    );
    assert_eq!(c.shutdown_and_exit(), 0);
    r["result"].clone()
}

#[test]
fn link_tooltips_only_for_clients_that_declared_them() {
    let without = links_for(json!({}));
    let with = links_for(json!({"textDocument": {"documentLink": {"tooltipSupport": true}}}));
    let links = without.as_array().unwrap();
    assert!(!links.is_empty());
    assert!(
        links.iter().all(|l| l.get("tooltip").is_none()),
        "{without}"
    );
    assert_eq!(with.as_array().unwrap().len(), links.len());
    assert!(with
        .as_array()
        .unwrap()
        .iter()
        .all(|l| l["tooltip"].is_string()));
}
