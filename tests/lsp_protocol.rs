//! The server spoken to like an editor: the built binary over stdio.

mod common;
use common::*;
use serde_json::{json, Value};

fn items_of(symbols: &Value) -> Vec<(String, String)> {
    let mut out = Vec::new();
    fn walk(v: &Value, out: &mut Vec<(String, String)>) {
        for s in v.as_array().into_iter().flatten() {
            if s["kind"] == 5 {
                out.push((
                    s["name"].as_str().unwrap().to_string(),
                    s["detail"].as_str().unwrap_or("").to_string(),
                ));
            }
            walk(&s["children"], out);
        }
    }
    walk(symbols, &mut out);
    out
}

#[test]
fn initialize_declares_incremental_sync_and_features() {
    let mut c = Client::spawn();
    let r = c.initialize(&["utf-16"]);
    let caps = &r["result"]["capabilities"];
    assert_eq!(caps["textDocumentSync"]["change"], 2, "incremental");
    assert_eq!(caps["positionEncoding"], "utf-16");
    assert_eq!(caps["documentSymbolProvider"], true);
    assert_eq!(caps["hoverProvider"], true);
    assert_eq!(caps["foldingRangeProvider"], true);
    assert_eq!(caps["selectionRangeProvider"], true);
    assert_eq!(caps["inlayHintProvider"], true);
    assert!(caps["documentLinkProvider"].is_object());
    assert!(caps["completionProvider"].is_object());
    assert_eq!(c.shutdown_and_exit(), 0);
}

#[test]
fn outline_lists_items_and_decisions_of_every_fixture() {
    let expected: &[(&str, &[(&str, &str)])] = &[
        ("000_b08de8a0b339546b.txt", &[("Retrospective request for Cyclobenzaprine 10mg tab #100 with 1 refill (DOS 03/29/2014)", "Upheld")]),
        ("001_2a130b5553485fce.txt", &[
            ("Norco 5/325 MG #30", "Upheld"),
            ("Cyclobenzaprine Hydrochloride 5 MG #30", "Upheld"),
            ("Follow-up visit with an orthopedic specialist", "Overturned"),
        ]),
        ("002_ca4af5e6e3409f09.txt", &[("Soma #60", "Upheld"), ("Flexeril 10mg #30", "Upheld")]),
        ("003_7763e284d3bf24d4.txt", &[("Retro DOS: 7.10.15 Cyclobenzaprine 2% cream", "Upheld")]),
        ("004_1c39840940bed716.txt", &[("Unknown prescription of Flexeril", "Upheld"), ("1 lumbar spine fusion", "Upheld")]),
    ];
    let mut c = Client::spawn();
    c.initialize(&[]);
    for (name, items) in expected {
        let text = fixture(&format!("letters/{name}"));
        let u = uri(name);
        let diags = c.open(&u, &text);
        assert_eq!(diags, json!([]), "{name} is a clean, final letter");
        let syms = c.request(
            "textDocument/documentSymbol",
            json!({"textDocument": {"uri": u}}),
        );
        let got = items_of(&syms["result"]);
        let want: Vec<(String, String)> = items
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect();
        assert_eq!(got, want, "{name}");
        // One letter: the sections are the top level.
        let top: Vec<&str> = syms["result"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["name"].as_str().unwrap())
            .collect();
        assert_eq!(
            top,
            [
                "HOW THE IMR FINAL DETERMINATION WAS MADE",
                "CLINICAL CASE SUMMARY",
                "IMR ISSUES, DECISIONS AND RATIONALES"
            ]
        );
    }
}

#[test]
fn broken_draft_diagnostics_then_fix_and_undo() {
    let text = fixture("drafts/broken-draft.imr");
    let mut c = Client::spawn();
    c.initialize(&[]);
    let u = uri("draft.imr");
    let diags = c.open(&u, &text);
    assert_eq!(
        codes(&diags),
        [
            "placeholder",
            "decision-conflict",
            "unknown-decision",
            "missing-rationale"
        ]
    );
    for d in diags.as_array().unwrap() {
        assert_eq!(d["source"], "imr");
    }
    // The unknown decision is underlined exactly.
    let (l, ch) = pos_of(&text, "Uphold");
    let unknown = &diags[2];
    assert_eq!(
        unknown["range"],
        json!({"start": {"line": l, "character": ch}, "end": {"line": l, "character": ch + 6}})
    );
    // The conflict points back at its item title.
    let (tl, _) = pos_of(&text, "Norco 5/325 mg #30: Upheld");
    assert_eq!(
        diags[1]["relatedInformation"][0]["location"]["range"]["start"]["line"],
        tl
    );

    // Fix the decision word: that diagnostic goes.
    c.change(&u, 2, json!([{"range": {"start": {"line": l, "character": ch}, "end": {"line": l, "character": ch + 6}}, "text": "Upheld"}]));
    assert_eq!(
        codes(&c.diagnostics(&u, Some(2))),
        ["placeholder", "decision-conflict", "missing-rationale"]
    );

    // Remove the Norco rationale (3 lines): missing-rationale appears for it; undo restores.
    let (rl, _) = pos_of(
        &text,
        "Decision rationale: The guidelines recommend ongoing",
    );
    let removed: String = text
        .lines()
        .skip(rl as usize)
        .take(3)
        .map(|x| format!("{x}\n"))
        .collect();
    c.change(&u, 3, json!([{"range": {"start": {"line": rl, "character": 0}, "end": {"line": rl + 3, "character": 0}}, "text": ""}]));
    let after = c.diagnostics(&u, Some(3));
    assert_eq!(
        codes(&after),
        ["placeholder", "missing-rationale", "missing-rationale"]
    );
    c.change(&u, 4, json!([{"range": {"start": {"line": rl, "character": 0}, "end": {"line": rl, "character": 0}}, "text": removed}]));
    assert_eq!(
        codes(&c.diagnostics(&u, Some(4))),
        ["placeholder", "decision-conflict", "missing-rationale"]
    );

    // Close clears.
    c.notify("textDocument/didClose", json!({"textDocument": {"uri": u}}));
    assert_eq!(c.diagnostics(&u, None), json!([]));
}

#[test]
fn several_changes_in_one_notification_apply_in_order() {
    let mut c = Client::spawn();
    c.initialize(&[]);
    let u = uri("x.imr");
    let text = fixture("drafts/broken-draft.imr");
    c.open(&u, &text);
    let (l, ch) = pos_of(&text, "Uphold");
    // First insert "XY" before the word, then replace the shifted word.
    c.change(&u, 2, json!([
        {"range": {"start": {"line": l, "character": ch}, "end": {"line": l, "character": ch}}, "text": "ab"},
        {"range": {"start": {"line": l, "character": ch}, "end": {"line": l, "character": ch + 8}}, "text": "Overturned"},
    ]));
    let d = c.diagnostics(&u, Some(2));
    assert!(!codes(&d).contains(&"unknown-decision".to_string()), "{d}");
    assert!(
        codes(&d).contains(&"decision-conflict".to_string()),
        "Overturned vs not medically necessary: {d}"
    );
}

#[test]
fn utf8_encoding_when_offered_and_ranges_on_non_ascii_lines() {
    let text = "HOW THE IMR FINAL DETERMINATION WAS MADE\nCLINICAL CASE SUMMARY\nIMR ISSUES, DECISIONS AND RATIONALES\nFlexerilÂ® 10° 😀 #30: Uphold\nClaims Administrator guideline: Decision based on MTUS Chronic Pain Medical Treatment 2009.\nMAXIMUS guideline: Decision based on MTUS Chronic Pain Medical Treatment 2009.\nDecision rationale: The request is not medically necessary.\n";
    for (enc, col) in [
        ("utf-8", "FlexerilÂ® 10° 😀 #30: ".len()),
        ("utf-16", "FlexerilÂ® 10° 😀 #30: ".encode_utf16().count()),
    ] {
        let mut c = Client::spawn();
        let r = c.initialize(&[enc]);
        assert_eq!(r["result"]["capabilities"]["positionEncoding"], enc);
        let d = c.open(&uri("e.imr"), text);
        assert_eq!(codes(&d), ["unknown-decision"]);
        assert_eq!(
            d[0]["range"]["start"],
            json!({"line": 3, "character": col}),
            "{enc}"
        );
    }
}

#[test]
fn plain_text_files_get_no_noise() {
    let mut c = Client::spawn();
    c.initialize(&[]);
    let u = uri("notes.txt");
    assert_eq!(
        c.open(&u, "Shopping list:\nMilk: Upheld\nDecision rationale:\n"),
        json!([])
    );
    let syms = c.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": u}}),
    );
    assert_eq!(syms["result"], json!([]));
}

#[test]
fn bad_input_never_kills_the_server() {
    let mut c = Client::spawn();
    c.initialize(&[]);
    // Unknown URI: a clear error, not a crash.
    let r = c.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": "file:///nope.imr"}}),
    );
    assert!(
        r["error"]["message"].as_str().unwrap().contains("not open"),
        "{r}"
    );
    // Edits to a closed document and out-of-range positions.
    c.change("file:///nope.imr", 2, json!([{"range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}}, "text": "x"}]));
    let u = uri("a.imr");
    let text = fixture("drafts/broken-draft.imr");
    c.open(&u, &text);
    c.change(&u, 2, json!([
        {"range": {"start": {"line": 9999, "character": 9999}, "end": {"line": 9999, "character": 0}}, "text": "\ntail"},
        {"range": {"start": {"line": 3, "character": 99999}, "end": {"line": 3, "character": 99999}}, "text": " x"},
    ]));
    c.diagnostics(&u, Some(2));
    // A stale version is refused and the document kept.
    c.change(&u, 1, json!([{"text": ""}]));
    // Malformed JSON-RPC.
    c.send_raw(b"Content-Length: 9\r\n\r\n{not json");
    c.send(&json!({"jsonrpc": "2.0", "id": 99, "method": "textDocument/hover", "params": {"bogus": true}}));
    let hover = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": u}, "position": {"line": 100000, "character": 5}}),
    );
    assert!(hover.get("error").is_none(), "{hover}");
    let syms = c.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": u}}),
    );
    assert_eq!(
        items_of(&syms["result"]).len(),
        3,
        "document kept after bad input: {syms}"
    );
    assert_eq!(c.shutdown_and_exit(), 0);
}

#[test]
fn exit_without_shutdown_is_status_1() {
    let mut c = Client::spawn_with(&["--stdio"]);
    c.initialize(&[]);
    c.notify("exit", json!(null));
    assert_eq!(c.wait_exit(), 1);
}

#[test]
fn server_ends_when_the_editor_process_dies() {
    let mut editor = std::process::Command::new("sleep")
        .arg("1")
        .spawn()
        .unwrap();
    let mut c = Client::spawn();
    c.request(
        "initialize",
        json!({"processId": editor.id(), "capabilities": {}}),
    );
    editor.wait().unwrap();
    assert_eq!(c.wait_exit(), 1);
}

#[test]
fn hover_explains_decisions_and_titles() {
    let text = fixture("letters/001_2a130b5553485fce.txt");
    let mut c = Client::spawn();
    c.initialize(&[]);
    let u = uri("l.imr");
    c.open(&u, &text);
    let (l, ch) = pos_of(&text, "Overturned");
    let h = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": u}, "position": {"line": l, "character": ch + 2}}),
    );
    let md = h["result"]["contents"]["value"].as_str().unwrap();
    assert!(
        md.contains("medically necessary") && md.contains("reversed"),
        "{md}"
    );
    let (l, ch) = pos_of(&text, "Norco 5/325 MG #30");
    let h = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": u}, "position": {"line": l, "character": ch + 1}}),
    );
    let md = h["result"]["contents"]["value"].as_str().unwrap();
    assert!(md.contains("Upheld") && md.contains("Conclusion"), "{md}");
    assert!(
        md.contains("Norco 5/325 MG \\#30"),
        "document text is escaped: {md}"
    );
}

#[test]
fn folding_and_selection_ranges() {
    let text = fixture("letters/002_ca4af5e6e3409f09.txt");
    let mut c = Client::spawn();
    c.initialize(&[]);
    let u = uri("f.imr");
    c.open(&u, &text);
    let f = c.request(
        "textDocument/foldingRange",
        json!({"textDocument": {"uri": u}}),
    );
    assert_eq!(
        f["result"].as_array().unwrap().len(),
        3 + 2,
        "three sections and two items"
    );
    let (l, ch) = pos_of(&text, "carisoprodol. ");
    let s = c.request(
        "textDocument/selectionRange",
        json!({"textDocument": {"uri": u}, "positions": [{"line": l, "character": ch}]}),
    );
    let mut depth = 0;
    let mut cur = &s["result"][0];
    while !cur.is_null() {
        depth += 1;
        cur = &cur["parent"];
    }
    assert_eq!(
        depth, 5,
        "field body → field → item → section → letter: {s}"
    );
}

#[test]
fn quick_fixes_repair_the_decision() {
    let text = fixture("drafts/broken-draft.imr");
    let mut c = Client::spawn();
    c.initialize(&[]);
    let u = uri("q.imr");
    c.open(&u, &text);
    let (l, ch) = pos_of(&text, "Uphold");
    let r = c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": u}, "range": {"start": {"line": l, "character": ch}, "end": {"line": l, "character": ch}}, "context": {"diagnostics": []}}),
    );
    let actions = r["result"].as_array().unwrap();
    assert_eq!(actions[0]["title"], "Change to \"Upheld\"");
    assert_eq!(actions[0]["kind"], "quickfix");
    assert_eq!(actions[0]["isPreferred"], true);
    let edit = &actions[0]["edit"]["changes"][&u][0];
    assert_eq!(edit["newText"], "Upheld");
    c.change(
        &u,
        2,
        json!([{"range": edit["range"], "text": edit["newText"]}]),
    );
    assert!(!codes(&c.diagnostics(&u, Some(2))).contains(&"unknown-decision".to_string()));

    // The decision conflict offers to flip the decision word.
    let (l, ch) = pos_of(&text, "medically necessary.\nCyclobenzaprine");
    let r = c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": u}, "range": {"start": {"line": l, "character": ch}, "end": {"line": l, "character": ch + 3}}, "context": {"diagnostics": []}}),
    );
    let titles: Vec<&str> = r["result"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles, ["Change the decision to Overturned"]);
}
