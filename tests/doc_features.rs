//! The per-document features over stdio, against the built binary: code lens, semantic tokens
//! (full and range, UTF-16 and UTF-8), templates in completion, go to definition.

mod common;
use common::*;
use serde_json::{json, Value};

/// Initializes with the given client capabilities (and position encodings).
fn start(encodings: &[&str], text_document: Value) -> (Client, Value) {
    let mut c = Client::spawn();
    let r = c.request(
        "initialize",
        json!({
            "processId": null,
            "rootUri": null,
            "capabilities": {
                "general": {"positionEncodings": encodings},
                "textDocument": text_document,
            },
        }),
    );
    c.notify("initialized", json!({}));
    (c, r)
}

fn td(u: &str) -> Value {
    json!({"textDocument": {"uri": u}})
}

#[test]
fn capabilities_declare_lens_tokens_and_definition() {
    let (mut c, r) = start(&["utf-16"], json!({}));
    let caps = &r["result"]["capabilities"];
    assert_eq!(caps["codeLensProvider"]["resolveProvider"], false);
    assert_eq!(caps["definitionProvider"], true);
    let st = &caps["semanticTokensProvider"];
    assert_eq!(st["full"], json!({"delta": true}));
    assert_eq!(st["range"], true);
    let types: Vec<&str> = st["legend"]["tokenTypes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t.as_str().unwrap())
        .collect();
    assert_eq!(
        types,
        [
            "keyword",
            "namespace",
            "property",
            "type",
            "enumMember",
            "number",
            "variable",
            "string",
            "comment"
        ]
    );
    let mods = &st["legend"]["tokenModifiers"];
    assert_eq!(
        mods,
        &json!(["upheld", "overturned", "readonly", "placeholder"])
    );
    assert_eq!(c.shutdown_and_exit(), 0);
}

#[test]
fn code_lens_summarises_the_letter_and_each_item() {
    let (mut c, _) = start(&[], json!({}));
    let text = fixture("letters/001_2a130b5553485fce.txt");
    let u = uri("001.txt");
    c.open(&u, &text);
    let r = c.request("textDocument/codeLens", td(&u));
    let lenses = r["result"].as_array().expect("lenses");
    let shown: Vec<(u64, &str, &str)> = lenses
        .iter()
        .map(|l| {
            (
                l["range"]["start"]["line"].as_u64().unwrap(),
                l["command"]["title"].as_str().unwrap(),
                l["command"]["command"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(shown.len(), 4, "{shown:?}");
    assert_eq!(
        (shown[0].1, shown[0].2),
        (
            "3 items · 2 upheld · 1 overturned · 0 problems",
            "imr.nextItem"
        )
    );
    assert_eq!(shown[0].0, pos_of(&text, "HOW THE IMR").0 as u64);
    for (n, title) in [
        "Norco 5/325 MG #30:",
        "Cyclobenzaprine Hydrochloride 5 MG",
        "Follow-up visit with",
    ]
    .iter()
    .enumerate()
    {
        let (line, lens, command) = shown[n + 1];
        assert_eq!(line, pos_of(&text, title).0 as u64, "{title}");
        assert_eq!(command, "", "an item lens only informs: {lens}");
    }
    assert!(shown[1].1.starts_with("Upheld · "), "{}", shown[1].1);
    assert!(
        shown[1].1.ends_with(" · not medically necessary"),
        "{}",
        shown[1].1
    );
    assert!(shown[3].1.starts_with("Overturned · "), "{}", shown[3].1);
    assert_eq!(c.shutdown_and_exit(), 0);
}

/// Decodes LSP's relative token encoding into `(text, type, modifiers)` using the document's
/// lines and the negotiated encoding.
fn decode(text: &str, data: &Value, utf8: bool) -> Vec<(String, u64, u64)> {
    let lines: Vec<&str> = text.split('\n').collect();
    let d: Vec<u64> = data
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_u64().unwrap())
        .collect();
    assert_eq!(d.len() % 5, 0);
    let (mut line, mut col) = (0u64, 0u64);
    let mut out = Vec::new();
    for t in d.chunks(5) {
        if t[0] > 0 {
            line += t[0];
            col = t[1];
        } else {
            col += t[1];
        }
        let l = lines[line as usize];
        let piece = if utf8 {
            l[col as usize..(col + t[2]) as usize].to_string()
        } else {
            let units: Vec<u16> = l.encode_utf16().collect();
            String::from_utf16(&units[col as usize..(col + t[2]) as usize]).unwrap()
        };
        out.push((piece, t[3], t[4]));
    }
    out
}

const DRAFT: &str = "Case Number: CM16-0247802
HOW THE IMR FINAL DETERMINATION WAS MADE
The reviewer is Board Certified.
CLINICAL CASE SUMMARY
Seen on 4/4/13 for FlexerilÂ® and Soma.
IMR ISSUES, DECISIONS AND RATIONALES
The Final Determination was based on decisions for the disputed items/services set forth below:
FlexerilÂ® 10mg #30: Upheld
Claims Administrator guideline: Decision based on MTUS Chronic Pain Medical Treatment 2009, Page(s): 41-42.
MAXIMUS guideline: Decision based on MTUS Chronic Pain Medical Treatment 2009, Section(s): Cyclobenzaprine (Flexeril).
Decision rationale: The request for FlexerilÂ® 10mg #30 is not medically necessary.
Soma #60: Overturned
Claims Administrator guideline: Decision based on MTUS Chronic Pain Medical Treatment 2009.
MAXIMUS guideline: Decision based on MTUS Chronic Pain Medical Treatment 2009.
Decision rationale: TODO. The request for Soma is medically necessary.
";

#[test]
fn semantic_tokens_full_and_range_in_both_encodings() {
    for (enc, utf8) in [("utf-16", false), ("utf-8", true)] {
        let (mut c, r) = start(&[enc], json!({}));
        assert_eq!(r["result"]["capabilities"]["positionEncoding"], enc);
        let u = uri("draft.imr");
        c.open(&u, DRAFT);
        let full = c.request("textDocument/semanticTokens/full", td(&u));
        let tokens = decode(DRAFT, &full["result"]["data"], utf8);
        let has =
            |text: &str, ty: u64, m: u64| tokens.iter().any(|t| t == &(text.to_string(), ty, m));
        assert!(has("Upheld", 0, 1), "{enc}: {tokens:?}");
        assert!(has("Overturned", 0, 2), "{enc}: {tokens:?}");
        assert!(has("CLINICAL CASE SUMMARY", 1, 0), "{enc}");
        assert!(has("MAXIMUS guideline:", 2, 0), "{enc}");
        assert!(
            has("MTUS Chronic Pain Medical Treatment 2009", 3, 0),
            "{enc}"
        );
        assert!(has("Cyclobenzaprine (Flexeril)", 4, 0), "{enc}");
        assert!(has("41-42", 5, 0), "{enc}");
        assert!(has("CM16-0247802", 6, 4), "{enc}");
        assert!(has("4/4/13", 7, 0), "{enc}");
        assert!(has("TODO", 8, 8), "{enc}: {tokens:?}");

        // A range: the tokens of the first item line only, after a multi-byte character.
        let (line, _) = pos_of(DRAFT, "FlexerilÂ® 10mg #30: Upheld");
        let r = c.request(
            "textDocument/semanticTokens/range",
            json!({"textDocument": {"uri": u}, "range": {"start": {"line": line, "character": 0}, "end": {"line": line + 1, "character": 0}}}),
        );
        let tokens = decode(DRAFT, &r["result"]["data"], utf8);
        assert_eq!(tokens, [("Upheld".to_string(), 0, 1)], "{enc}");
        assert_eq!(c.shutdown_and_exit(), 0);
    }
}

#[test]
fn semantic_tokens_delta_after_an_edit() {
    let (mut c, _) = start(&["utf-16"], json!({}));
    let u = uri("draft.imr");
    c.open(&u, DRAFT);
    let full = c.request("textDocument/semanticTokens/full", td(&u));
    let id = full["result"]["resultId"]
        .as_str()
        .expect("a result id")
        .to_string();
    let mut data: Vec<Value> = full["result"]["data"].as_array().unwrap().clone();

    // "Soma #60: Overturned" -> "Soma #60: Upheld": one token changes its modifier and length.
    let (line, col) = pos_of(DRAFT, "Overturned");
    c.change(
        &u,
        2,
        json!([{"range": {"start": {"line": line, "character": col}, "end": {"line": line, "character": col + 10}}, "text": "Upheld"}]),
    );
    c.diagnostics(&u, Some(2));
    let r = c.request(
        "textDocument/semanticTokens/full/delta",
        json!({"textDocument": {"uri": u}, "previousResultId": id}),
    );
    let edits = r["result"]["edits"].as_array().expect("a delta");
    assert_eq!(edits.len(), 1, "{r}");
    assert!(
        edits[0]["data"].as_array().unwrap().len() <= 10,
        "only the changed tokens: {r}"
    );
    let next_id = r["result"]["resultId"].as_str().unwrap().to_string();
    assert_ne!(next_id, id);
    for e in edits {
        let start = e["start"].as_u64().unwrap() as usize;
        let delete = e["deleteCount"].as_u64().unwrap() as usize;
        data.splice(
            start..start + delete,
            e["data"].as_array().unwrap().iter().cloned(),
        );
    }
    let fresh = c.request("textDocument/semanticTokens/full", td(&u));
    assert_eq!(
        &Value::Array(data),
        &fresh["result"]["data"],
        "the delta applied gives the full tokens"
    );

    // An unknown previous id: the whole set again.
    let r = c.request(
        "textDocument/semanticTokens/full/delta",
        json!({"textDocument": {"uri": u}, "previousResultId": "stale"}),
    );
    assert_eq!(r["result"]["data"], fresh["result"]["data"], "{r}");
    assert_eq!(c.shutdown_and_exit(), 0);
}

#[test]
fn templates_as_snippets_or_plain_text() {
    let with = json!({"completion": {"completionItem": {"snippetSupport": true}}});
    let (mut c, _) = start(&[], with);
    let u = uri("new.imr");
    c.open(&u, "");
    let r = c.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": u}, "position": {"line": 0, "character": 0}}),
    );
    let items = r["result"].as_array().expect("a completion list");
    assert_eq!(items.len(), 1, "{items:?}");
    assert_eq!(items[0]["label"], "New IMR letter");
    assert_eq!(items[0]["kind"], 15, "snippet kind");
    assert_eq!(items[0]["insertTextFormat"], 2, "snippet format");
    let snippet = items[0]["insertText"].as_str().unwrap();
    assert!(
        snippet.starts_with("Case Number: ${1:<CM00-0000000>}\n"),
        "{snippet}"
    );
    // A blank `.txt` may be any text: no skeleton there.
    let t = uri("notes.txt");
    c.open(&t, "\n");
    let r = c.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": t}, "position": {"line": 0, "character": 0}}),
    );
    assert!(r["result"].is_null(), "{r}");
    assert_eq!(c.shutdown_and_exit(), 0);

    // A client without snippets gets the same letter as plain text.
    let (mut c, _) = start(&[], json!({}));
    c.open(&u, "");
    let r = c.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": u}, "position": {"line": 0, "character": 0}}),
    );
    let item = &r["result"][0];
    assert_eq!(item["insertTextFormat"], 1, "{item}");
    let text = item["insertText"].as_str().unwrap();
    assert!(text.starts_with("Case Number: <CM00-0000000>\n"), "{text}");
    assert!(!text.contains('$'), "{text}");

    // Inside the issues section, on a fresh line: a new item.
    let body = format!("{DRAFT}\n");
    c.change(&u, 2, json!([{"text": body}]));
    c.diagnostics(&u, Some(2));
    let line = body.lines().count();
    let r = c.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": u}, "position": {"line": line, "character": 0}}),
    );
    let item = &r["result"][0];
    assert_eq!(item["label"], "New disputed item", "{r}");
    assert!(item["insertText"]
        .as_str()
        .unwrap()
        .starts_with("<request>: Upheld\nClaims Administrator guideline: "));
    assert_eq!(c.shutdown_and_exit(), 0);
}

#[test]
fn definition_from_the_summary_to_the_item() {
    let text = fixture("letters/002_ca4af5e6e3409f09.txt");
    let u = uri("002.txt");
    let (at_line, at_col) = pos_of(&text, "Soma #60 and modified");
    let (item_line, _) = pos_of(&text, "Soma #60: Upheld");
    let ask =
        json!({"textDocument": {"uri": u}, "position": {"line": at_line, "character": at_col + 1}});

    let links = json!({"definition": {"linkSupport": true}});
    let (mut c, _) = start(&[], links);
    c.open(&u, &text);
    let r = c.request("textDocument/definition", ask.clone());
    let link = &r["result"][0];
    assert_eq!(link["targetUri"], u.as_str(), "{r}");
    assert_eq!(link["targetSelectionRange"]["start"]["line"], item_line);
    assert_eq!(link["originSelectionRange"]["start"]["line"], at_line);
    assert_eq!(link["originSelectionRange"]["start"]["character"], at_col);
    assert_eq!(
        link["originSelectionRange"]["end"]["character"],
        at_col + 4,
        "\"Soma\""
    );
    assert_eq!(c.shutdown_and_exit(), 0);

    let (mut c, _) = start(&[], json!({}));
    c.open(&u, &text);
    let r = c.request("textDocument/definition", ask);
    assert_eq!(r["result"]["uri"], u.as_str(), "{r}");
    assert_eq!(r["result"]["range"]["start"]["line"], item_line);
    // On a word that names no item: nothing.
    let (l, ch) = pos_of(&text, "CLINICAL CASE SUMMARY");
    let r = c.request(
        "textDocument/definition",
        json!({"textDocument": {"uri": u}, "position": {"line": l + 2, "character": ch + 4}}),
    );
    assert!(r["result"].is_null(), "{r}");
    assert_eq!(c.shutdown_and_exit(), 0);
}
