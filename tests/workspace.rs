//! The workspace over the protocol: the background index with its progress, workspace symbols,
//! references, pull diagnostics with result ids, cancellation, and an index that follows the
//! files on disk through `workspace/didChangeWatchedFiles`.

mod common;
use common::*;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};

/// A folder of letters: the five seeds (given case numbers), the broken draft, a note that is not
/// a letter and a letter in a folder `.gitignore` excludes. Removed when dropped.
struct Folder(PathBuf);

impl Folder {
    fn new(name: &str) -> Folder {
        let dir = std::env::temp_dir().join(format!("imr-ws-test-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("batch")).unwrap();
        std::fs::create_dir_all(dir.join("old")).unwrap();
        let seeds = std::fs::read_dir(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/letters"
        ))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect::<Vec<_>>();
        for (n, p) in seeds.iter().enumerate() {
            let text = std::fs::read_to_string(p).unwrap();
            let text = format!("Case Number: CM15-000000{n}\n\n{text}");
            std::fs::write(dir.join("batch").join(p.file_name().unwrap()), &text).unwrap();
        }
        std::fs::write(dir.join("draft.imr"), fixture("drafts/broken-draft.imr")).unwrap();
        std::fs::write(
            dir.join("notes.txt"),
            "Norco 5/325 mg #30 to discuss on Monday\n",
        )
        .unwrap();
        std::fs::write(
            dir.join("old/stale.imr"),
            fixture("drafts/broken-draft.imr"),
        )
        .unwrap();
        std::fs::write(dir.join(".gitignore"), "old/\n").unwrap();
        Folder(dir)
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.0.join(rel)
    }

    fn uri(&self, rel: &str) -> String {
        file_uri(&self.path(rel))
    }
}

impl Drop for Folder {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn file_uri(p: &Path) -> String {
    format!("file://{}", p.display())
}

fn is_server_request(m: &Value) -> bool {
    m.get("id").is_some() && m.get("method").is_some()
}

/// Talks to the server like an editor that answers its requests (progress tokens, watcher
/// registration, refreshes) unless told to hold some back.
struct Editor {
    c: Client,
    next_id: i64,
    /// Server requests seen, by method.
    seen: Vec<Value>,
    /// Methods of server requests not to answer (yet).
    hold: Vec<&'static str>,
    held: Vec<Value>,
}

impl Editor {
    fn start(folder: &Folder, capabilities: Value) -> (Editor, Value) {
        let mut e = Editor {
            c: Client::spawn(),
            next_id: 1000,
            seen: Vec::new(),
            hold: Vec::new(),
            held: Vec::new(),
        };
        let r = e.request(
            "initialize",
            json!({
                "processId": null,
                "rootUri": file_uri(&folder.0),
                "workspaceFolders": [{"uri": file_uri(&folder.0), "name": "letters"}],
                "capabilities": capabilities,
            }),
        );
        (e, r)
    }

    fn initialized(&mut self) {
        self.c.notify("initialized", json!({}));
    }

    /// The next message matching `pred`, answering server requests (those matching too).
    fn next(&mut self, pred: impl Fn(&Value) -> bool) -> Value {
        loop {
            let m = self.c.wait_for(|m| pred(m) || is_server_request(m));
            if is_server_request(&m) {
                self.seen.push(m.clone());
                let method = m["method"].as_str().unwrap_or("");
                if self.hold.contains(&method) {
                    self.held.push(m.clone());
                } else {
                    self.answer(&m);
                }
            }
            if pred(&m) {
                return m;
            }
        }
    }

    fn answer(&mut self, m: &Value) {
        let result = if m["method"] == "workspace/configuration" {
            json!([null])
        } else {
            json!(null)
        };
        self.c
            .send(&json!({"jsonrpc": "2.0", "id": m["id"], "result": result}));
    }

    fn release(&mut self) {
        self.hold.clear();
        for m in std::mem::take(&mut self.held) {
            self.answer(&m);
        }
    }

    fn send_request(&mut self, method: &str, params: Value) -> i64 {
        let id = self.next_id;
        self.next_id += 1;
        self.c
            .send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        id
    }

    fn response(&mut self, id: i64) -> Value {
        self.next(|m| m.get("id") == Some(&json!(id)) && m.get("method").is_none())
    }

    fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.send_request(method, params);
        self.response(id)
    }

    /// Waits for the end of the index's progress; returns every progress value, in order.
    fn progress_to_end(&mut self) -> Vec<Value> {
        let mut values = Vec::new();
        loop {
            let m = self.next(|m| m["method"] == "$/progress");
            let v = m["params"]["value"].clone();
            let end = v["kind"] == "end";
            values.push(v);
            if end {
                return values;
            }
        }
    }

    fn symbols(&mut self, query: &str) -> Vec<(String, String, String, i64)> {
        let r = self.request("workspace/symbol", json!({"query": query}));
        r["result"]
            .as_array()
            .unwrap_or_else(|| panic!("{r}"))
            .iter()
            .map(|s| {
                (
                    s["name"].as_str().unwrap().to_string(),
                    s["containerName"].as_str().unwrap_or("").to_string(),
                    s["location"]["uri"].as_str().unwrap().to_string(),
                    s["kind"].as_i64().unwrap(),
                )
            })
            .collect()
    }

    fn watched(&mut self, changes: Value) {
        self.c.notify(
            "workspace/didChangeWatchedFiles",
            json!({"changes": changes}),
        );
    }

    fn open(&mut self, uri: &str, text: &str) {
        self.c.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "imr", "version": 1, "text": text}}),
        );
    }

    fn shutdown(mut self) -> i32 {
        let r = self.request("shutdown", json!(null));
        assert!(r.get("error").is_none(), "{r}");
        self.c.notify("exit", json!(null));
        self.c.wait_exit()
    }
}

fn push_client() -> Value {
    json!({
        "window": {"workDoneProgress": true},
        "workspace": {"didChangeWatchedFiles": {"dynamicRegistration": true}},
    })
}

fn pull_client() -> Value {
    json!({
        "window": {"workDoneProgress": true},
        "workspace": {
            "didChangeWatchedFiles": {"dynamicRegistration": true},
            "diagnostics": {"refreshSupport": true},
        },
        "textDocument": {"diagnostic": {"dynamicRegistration": false}},
    })
}

#[test]
fn indexing_reports_progress_and_symbols_find_items_across_the_folder() {
    let folder = Folder::new("progress");
    let (mut e, init) = Editor::start(&folder, push_client());
    let caps = &init["result"]["capabilities"];
    assert_eq!(caps["workspaceSymbolProvider"], true);
    assert_eq!(caps["referencesProvider"], true);
    assert!(
        caps.get("diagnosticProvider").is_none(),
        "a push client is not offered pulls"
    );
    e.initialized();

    let progress = e.progress_to_end();
    let kinds: Vec<&str> = progress
        .iter()
        .map(|v| v["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds.first(), Some(&"begin"), "{progress:?}");
    assert_eq!(progress[0]["title"], "Indexing letters");
    assert!(kinds.contains(&"report"), "{progress:?}");
    let first_report = progress.iter().find(|v| v["kind"] == "report").unwrap();
    assert_eq!(
        first_report["message"], "0/7",
        "seeds, draft and the note; not old/"
    );
    assert_eq!(progress.last().unwrap()["message"], "6 letters");
    let created = e
        .seen
        .iter()
        .find(|m| m["method"] == "window/workDoneProgress/create")
        .expect("the token is created before it is used");
    assert_eq!(created["params"]["token"], progress_token(&e));

    // The watcher covers the letters as well as the catalog.
    let reg = e
        .seen
        .iter()
        .find(|m| m["method"] == "client/registerCapability")
        .expect("the watcher is registered");
    let globs: Vec<&str> = reg["params"]["registrations"][0]["registerOptions"]["watchers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["globPattern"].as_str().unwrap())
        .collect();
    for g in ["**/.imr/guidelines.{toml,json}", "**/*.imr", "**/*.txt"] {
        assert!(globs.contains(&g), "{globs:?}");
    }

    let norco = e.symbols("norco");
    assert_eq!(norco.len(), 2, "the seed and the draft: {norco:?}");
    let (name, container, uri, kind) = norco
        .iter()
        .find(|s| s.2 == folder.uri("draft.imr"))
        .expect("the draft's item");
    assert_eq!(name, "Norco 5/325 mg #30");
    assert_eq!(container, "Upheld · CM25-0000001 · draft.imr");
    assert_eq!(uri, &folder.uri("draft.imr"));
    assert_eq!(*kind, 14, "upheld is a constant");
    let seed = norco
        .iter()
        .find(|s| s.2.contains("/batch/"))
        .expect("the seed's item");
    assert_eq!(seed.0, "Norco 5/325 MG #30");
    assert!(seed.1.starts_with("Upheld · CM15-"), "{norco:?}");

    let follow = e.symbols("follow orthopedic");
    assert_eq!(follow.len(), 1, "{follow:?}");
    assert_eq!(follow[0].3, 24, "overturned is an event");
    assert!(follow[0].1.starts_with("Overturned · "), "{follow:?}");

    let flexeril: Vec<String> = e.symbols("flexeril").into_iter().map(|s| s.0).collect();
    assert!(
        flexeril.contains(&"Flexeril 10mg #30".to_string()),
        "{flexeril:?}"
    );
    assert!(
        flexeril.iter().any(|t| t.starts_with("Cyclobenzaprine")),
        "the generic name is found through the brand: {flexeril:?}"
    );
    assert!(e.symbols("qqqq").is_empty());
    assert_eq!(e.shutdown(), 0);
}

fn progress_token(e: &Editor) -> Value {
    e.seen
        .iter()
        .find(|m| m["method"] == "window/workDoneProgress/create")
        .map(|m| m["params"]["token"].clone())
        .unwrap()
}

#[test]
fn a_cancelled_workspace_request_is_answered_request_cancelled() {
    let folder = Folder::new("cancel");
    let (mut e, _) = Editor::start(&folder, push_client());
    // Hold the progress token back: the scan waits for it, so the symbol request waits for
    // the scan and is still pending when it is cancelled.
    e.hold.push("window/workDoneProgress/create");
    e.initialized();
    e.next(|m| m["method"] == "window/workDoneProgress/create");
    let id = e.send_request("workspace/symbol", json!({"query": "norco"}));
    e.c.notify("$/cancelRequest", json!({"id": id}));
    let r = e.response(id);
    assert_eq!(r["error"]["code"], -32800, "{r}");

    // The server goes on: once the token is accepted the scan runs and requests are answered.
    e.release();
    e.progress_to_end();
    assert_eq!(e.symbols("norco").len(), 2);
    assert_eq!(e.shutdown(), 0);
}

#[test]
fn references_find_the_same_topic_and_the_same_request_in_other_letters() {
    let folder = Folder::new("refs");
    let (mut e, _) = Editor::start(&folder, push_client());
    e.initialized();
    e.progress_to_end();
    let draft = fixture("drafts/broken-draft.imr");
    let uri = folder.uri("draft.imr");
    e.open(&uri, &draft);

    let (line, col) = pos_of(&draft, "Opioids, criteria");
    let r = e.request(
        "textDocument/references",
        json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": col + 2},
               "context": {"includeDeclaration": true}}),
    );
    let locs = r["result"].as_array().unwrap_or_else(|| panic!("{r}"));
    let in_draft = locs.iter().filter(|l| l["uri"] == uri.as_str()).count();
    assert!(
        in_draft >= 2,
        "both guideline fields of the Norco item: {locs:?}"
    );
    let norco_seed = folder.uri("batch/001_2a130b5553485fce.txt");
    assert!(
        locs.iter().any(|l| l["uri"] == norco_seed.as_str()),
        "{locs:?}"
    );
    assert!(
        !locs
            .iter()
            .any(|l| l["uri"].as_str().unwrap().contains("/old/")),
        "ignored folders are not indexed: {locs:?}"
    );
    let in_seed = locs
        .iter()
        .find(|l| l["uri"] == norco_seed.as_str())
        .unwrap();
    let seed_text = std::fs::read_to_string(folder.path("batch/001_2a130b5553485fce.txt")).unwrap();
    let seed_line = seed_text
        .lines()
        .nth(in_seed["range"]["start"]["line"].as_u64().unwrap() as usize)
        .unwrap();
    let from = in_seed["range"]["start"]["character"].as_u64().unwrap() as usize;
    assert!(seed_line[from..].starts_with("Opioids"), "{seed_line:?}");

    let (line, col) = pos_of(&draft, "Norco 5/325 mg #30: Upheld");
    let r = e.request(
        "textDocument/references",
        json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": col + 1},
               "context": {"includeDeclaration": false}}),
    );
    let locs = r["result"].as_array().unwrap_or_else(|| panic!("{r}"));
    assert_eq!(
        locs.len(),
        1,
        "the seed's Norco item, not the draft's own title: {locs:?}"
    );
    assert_eq!(locs[0]["uri"], norco_seed.as_str());
    let title_line = seed_text
        .lines()
        .position(|l| l.trim_start().starts_with("Norco 5/325 MG #30"))
        .unwrap();
    assert_eq!(locs[0]["range"]["start"]["line"], title_line);

    let r = e.request(
        "textDocument/references",
        json!({"textDocument": {"uri": uri}, "position": {"line": 0, "character": 0},
               "context": {"includeDeclaration": true}}),
    );
    assert_eq!(
        r["result"],
        Value::Null,
        "nothing workspace-wide at the top: {r}"
    );
    assert_eq!(e.shutdown(), 0);
}

/// The reports of a `workspace/diagnostic` answer, by URI: (kind, result id, codes).
fn reports(r: &Value) -> Vec<(String, String, String, Vec<String>)> {
    r["result"]["items"]
        .as_array()
        .unwrap_or_else(|| panic!("{r}"))
        .iter()
        .map(|i| {
            let codes = i["items"]
                .as_array()
                .map(|a| {
                    a.iter()
                        .map(|d| d["code"].as_str().unwrap().to_string())
                        .collect()
                })
                .unwrap_or_default();
            (
                i["uri"].as_str().unwrap().to_string(),
                i["kind"].as_str().unwrap().to_string(),
                i["resultId"].as_str().unwrap().to_string(),
                codes,
            )
        })
        .collect()
}

#[test]
fn pull_diagnostics_list_unopened_letters_and_resend_only_what_changed() {
    let folder = Folder::new("pull");
    let (mut e, init) = Editor::start(&folder, pull_client());
    let dp = &init["result"]["capabilities"]["diagnosticProvider"];
    assert_eq!(dp["workspaceDiagnostics"], true, "{init}");
    assert_eq!(dp["interFileDependencies"], false);
    e.initialized();
    e.progress_to_end();

    let first = reports(&e.request("workspace/diagnostic", json!({"previousResultIds": []})));
    assert_eq!(first.len(), 6, "{first:?}");
    assert!(first.iter().all(|r| r.1 == "full"));
    let draft = first
        .iter()
        .find(|r| r.0 == folder.uri("draft.imr"))
        .unwrap();
    for code in [
        "placeholder",
        "decision-conflict",
        "unknown-decision",
        "missing-rationale",
    ] {
        assert!(draft.3.contains(&code.to_string()), "{draft:?}");
    }
    assert!(
        first
            .iter()
            .filter(|r| r.0 != draft.0)
            .all(|r| r.3.is_empty()),
        "the seeds are clean"
    );

    // With every report in hand, the next workspace pull is held until something changes. (The
    // draft's URI is escaped differently, as another client might: it is still the same file.)
    let previous: Vec<Value> = first
        .iter()
        .map(|r| json!({"uri": r.0.replace("draft.imr", "draft.im%72"), "value": r.2}))
        .collect();
    let held = e.send_request(
        "workspace/diagnostic",
        json!({"previousResultIds": previous}),
    );

    // An open document is pulled on its own; nothing is pushed to a pulling client. Opening the
    // draft with the text on disk changes none of its findings: the pull stays held.
    let text = fixture("drafts/broken-draft.imr");
    let uri = folder.uri("draft.imr");
    e.open(&uri, &text);
    let doc = |e: &mut Editor, prev: Option<&str>| {
        e.request(
            "textDocument/diagnostic",
            json!({"textDocument": {"uri": uri}, "previousResultId": prev}),
        )["result"]
            .clone()
    };
    let full = doc(&mut e, None);
    assert_eq!(full["kind"], "full");
    assert_eq!(
        codes(&full["items"]),
        draft.3,
        "the open text is the same as the file"
    );
    let id = full["resultId"].as_str().unwrap().to_string();
    assert_eq!(doc(&mut e, Some(&id))["kind"], "unchanged");
    assert!(
        !e.c.inbox.iter().any(|m| m["id"] == json!(held)),
        "the workspace pull is still held: nothing changed"
    );

    // An edit answers the held pull: the draft in full, every other letter `unchanged`.
    let (line, col) = pos_of(&text, "Uphold");
    e.c.change(
        &uri,
        2,
        json!([{"range": {"start": {"line": line, "character": col}, "end": {"line": line, "character": col + 6}}, "text": "Upheld"}]),
    );
    let second = reports(&e.response(held));
    assert_eq!(second.len(), 6, "{second:?}");
    for r in &second {
        let want = if r.0 == uri { "full" } else { "unchanged" };
        assert_eq!(r.1, want, "{r:?}");
    }
    let fixed = second.iter().find(|r| r.0 == uri).unwrap();
    assert!(
        !fixed.3.contains(&"unknown-decision".to_string()),
        "{fixed:?}"
    );
    let after = doc(&mut e, Some(&id));
    assert_eq!(after["kind"], "full");
    assert!(!codes(&after["items"]).contains(&"unknown-decision".to_string()));
    assert!(
        !e.c.inbox
            .iter()
            .any(|m| m["method"] == "textDocument/publishDiagnostics"),
        "never both push and pull: {:?}",
        e.c.inbox
    );
    assert_eq!(e.shutdown(), 0);
}

#[test]
fn a_client_that_pulls_but_cannot_be_told_to_pull_again_gets_pushes() {
    let folder = Folder::new("nrefresh");
    let mut caps = pull_client();
    caps["workspace"]["diagnostics"]["refreshSupport"] = json!(false);
    let (mut e, init) = Editor::start(&folder, caps);
    assert!(
        init["result"]["capabilities"]
            .get("diagnosticProvider")
            .is_none(),
        "{init}"
    );
    e.initialized();
    let uri = folder.uri("draft.imr");
    e.open(&uri, &fixture("drafts/broken-draft.imr"));
    let pushed = e.next(|m| m["method"] == "textDocument/publishDiagnostics");
    assert!(codes(&pushed["params"]["diagnostics"]).contains(&"placeholder".to_string()));
    assert_eq!(e.shutdown(), 0);
}

#[test]
fn the_index_follows_files_created_changed_and_deleted_on_disk() {
    let folder = Folder::new("watch");
    let (mut e, _) = Editor::start(&folder, pull_client());
    e.initialized();
    e.progress_to_end();
    assert!(e.symbols("tramadol").is_empty());
    let before = reports(&e.request("workspace/diagnostic", json!({"previousResultIds": []})));
    let previous: Vec<Value> = before
        .iter()
        .map(|r| json!({"uri": r.0, "value": r.2}))
        .collect();

    // Created.
    let draft = fixture("drafts/broken-draft.imr");
    let new = draft.replace("Norco 5/325 mg #30", "Tramadol 50mg #60");
    std::fs::write(folder.path("batch/new.txt"), &new).unwrap();
    let uri = folder.uri("batch/new.txt");
    e.watched(json!([{"uri": uri, "type": 1}]));
    e.next(|m| m["method"] == "workspace/diagnostic/refresh");
    let found = e.symbols("tramadol");
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].2, uri);
    let after = reports(&e.request(
        "workspace/diagnostic",
        json!({"previousResultIds": previous}),
    ));
    let changed: Vec<&String> = after
        .iter()
        .filter(|r| r.1 == "full")
        .map(|r| &r.0)
        .collect();
    assert_eq!(changed, [&uri], "only the new letter is sent");

    // Changed.
    std::fs::write(
        folder.path("batch/new.txt"),
        new.replace("Tramadol 50mg", "Ultram 50mg"),
    )
    .unwrap();
    e.watched(json!([{"uri": uri, "type": 2}]));
    e.next(|m| m["method"] == "workspace/diagnostic/refresh");
    assert!(e.symbols("ultram").iter().any(|s| s.2 == uri));
    assert!(!e
        .symbols("tramadol")
        .iter()
        .any(|s| s.0.starts_with("Tramadol")));

    // Changed into something that is not a letter, then deleted.
    std::fs::write(folder.path("batch/new.txt"), "just a note\n").unwrap();
    e.watched(json!([{"uri": uri, "type": 2}]));
    e.next(|m| m["method"] == "workspace/diagnostic/refresh");
    assert!(e.symbols("ultram").is_empty());
    std::fs::write(folder.path("batch/new.txt"), &new).unwrap();
    e.watched(json!([{"uri": uri, "type": 1}]));
    e.next(|m| m["method"] == "workspace/diagnostic/refresh");
    assert_eq!(e.symbols("tramadol").len(), 1);
    std::fs::remove_file(folder.path("batch/new.txt")).unwrap();
    e.watched(json!([{"uri": uri, "type": 3}]));
    e.next(|m| m["method"] == "workspace/diagnostic/refresh");
    assert!(e.symbols("tramadol").is_empty());

    // A deleted file the client still shows is cleared.
    let prev = json!([{"uri": uri, "value": "0123"}]);
    let gone = reports(&e.request("workspace/diagnostic", json!({"previousResultIds": prev})));
    let cleared = gone
        .iter()
        .find(|r| r.0 == uri)
        .expect("a report for the deleted file");
    assert_eq!((cleared.1.as_str(), cleared.3.len()), ("full", 0));

    // A file in an ignored folder stays out.
    std::fs::write(folder.path("old/newer.imr"), &new).unwrap();
    e.watched(json!([{"uri": folder.uri("old/newer.imr"), "type": 1}]));
    e.request("workspace/symbol", json!({"query": ""}));
    assert!(e.symbols("tramadol").is_empty());
    assert_eq!(e.shutdown(), 0);
}

#[test]
fn a_folder_added_to_the_workspace_is_indexed() {
    let folder = Folder::new("folders");
    let batch = folder.path("batch");
    let mut e = Editor {
        c: Client::spawn(),
        next_id: 1000,
        seen: Vec::new(),
        hold: Vec::new(),
        held: Vec::new(),
    };
    let init = e.request(
        "initialize",
        json!({"processId": null, "rootUri": file_uri(&batch),
               "workspaceFolders": [{"uri": file_uri(&batch), "name": "batch"}],
               "capabilities": push_client()}),
    );
    let wf = &init["result"]["capabilities"]["workspace"]["workspaceFolders"];
    assert_eq!(
        (wf["supported"].clone(), wf["changeNotifications"].clone()),
        (json!(true), json!(true))
    );
    e.initialized();
    e.progress_to_end();
    assert_eq!(e.symbols("norco").len(), 1, "the seed only");

    e.c.notify(
        "workspace/didChangeWorkspaceFolders",
        json!({"event": {"added": [{"uri": file_uri(&folder.0), "name": "all"}],
                         "removed": [{"uri": file_uri(&batch), "name": "batch"}]}}),
    );
    let end = e.progress_to_end();
    assert_eq!(end.last().unwrap()["message"], "6 letters");
    assert_eq!(e.symbols("norco").len(), 2, "the seed and the draft");
    assert_eq!(e.shutdown(), 0);
}

#[test]
fn an_open_document_wins_over_the_file_on_disk() {
    let folder = Folder::new("open");
    let (mut e, _) = Editor::start(&folder, push_client());
    e.initialized();
    e.progress_to_end();
    let uri = folder.uri("draft.imr");
    let text =
        fixture("drafts/broken-draft.imr").replace("Norco 5/325 mg #30", "Gabapentin 300mg #90");
    e.open(&uri, &text);
    e.next(|m| m["method"] == "textDocument/publishDiagnostics");
    let names: Vec<String> = e.symbols("").into_iter().map(|s| s.0).collect();
    assert!(
        names.contains(&"Gabapentin 300mg #90".to_string()),
        "{names:?}"
    );
    assert_eq!(
        names.iter().filter(|n| n.starts_with("Norco")).count(),
        1,
        "only the seed's: {names:?}"
    );

    // Closed: the file on disk is the truth again.
    e.c.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": uri}}),
    );
    e.next(|m| {
        m["method"] == "textDocument/publishDiagnostics" && m["params"]["version"].is_null()
    });
    let names: Vec<String> = e.symbols("").into_iter().map(|s| s.0).collect();
    assert!(
        !names.contains(&"Gabapentin 300mg #90".to_string()),
        "{names:?}"
    );
    assert_eq!(
        names.iter().filter(|n| n.starts_with("Norco")).count(),
        2,
        "{names:?}"
    );
    assert_eq!(e.shutdown(), 0);
}
