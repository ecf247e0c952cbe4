//! A small LSP client for the integration tests: runs the built server over stdio.
#![allow(dead_code)]

// The framing is the bench client's (one copy for both).
#[path = "../../benches/support/client.rs"]
mod bench_client;

use bench_client::{encode, read_frame};
use serde_json::{json, Value};
use std::io::{BufReader, Read, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub const TIMEOUT: Duration = Duration::from_secs(20);

pub struct Client {
    pub child: Child,
    /// `None` once closed with [`Client::close_input`].
    stdin: Option<ChildStdin>,
    rx: Receiver<Value>,
    next_id: i64,
    /// Messages from the server not yet consumed (notifications, server requests).
    pub inbox: Vec<Value>,
    /// Everything the server wrote to stderr so far.
    stderr: Arc<Mutex<Vec<u8>>>,
    /// Answer `workspace/configuration` requests (an editor would); off for a client that never
    /// answers.
    pub answer_configuration: bool,
}

pub fn fixture(name: &str) -> String {
    std::fs::read_to_string(format!(
        "{}/tests/fixtures/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .expect("fixture")
}

pub fn uri(name: &str) -> String {
    format!("file:///work/{name}")
}

impl Client {
    pub fn spawn() -> Client {
        Self::spawn_with(&[])
    }

    pub fn spawn_with(args: &[&str]) -> Client {
        Self::spawn_env(args, &[])
    }

    pub fn spawn_env(args: &[&str], env: &[(&str, &str)]) -> Client {
        let mut child = Command::new(env!("CARGO_BIN_EXE_imr-lsp"))
            .args(args)
            .env_remove("IMR_LSP_LOG")
            .envs(env.iter().copied())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("server starts");
        let stdin = child.stdin.take().unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let mut r = BufReader::new(stdout);
            while let Some(buf) = read_frame(&mut r) {
                let v: Value = serde_json::from_slice(&buf).expect("server sends JSON");
                if tx.send(v).is_err() {
                    return;
                }
            }
        });
        let stderr = child.stderr.take().unwrap();
        let log = Arc::new(Mutex::new(Vec::new()));
        let sink = log.clone();
        std::thread::spawn(move || {
            // Drain the log so the server never blocks on a full pipe, and keep it.
            let mut r = BufReader::new(stderr);
            let mut buf = [0u8; 8192];
            while let Ok(n) = r.read(&mut buf) {
                if n == 0 {
                    break;
                }
                sink.lock().unwrap().extend_from_slice(&buf[..n]);
            }
        });
        Client {
            child,
            stdin: Some(stdin),
            rx,
            next_id: 1,
            inbox: Vec::new(),
            stderr: log,
            answer_configuration: true,
        }
    }

    /// The server's stderr so far (its log).
    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.stderr.lock().unwrap()).into_owned()
    }

    /// Closes the server's input, as an editor that died does.
    pub fn close_input(&mut self) {
        self.stdin = None;
    }

    pub fn send_raw(&mut self, bytes: &[u8]) {
        let stdin = self.stdin.as_mut().expect("input still open");
        stdin.write_all(bytes).unwrap();
        stdin.flush().unwrap();
    }

    /// The next request id, for a request sent with [`Client::send`].
    pub fn next_id(&mut self) -> i64 {
        self.next_id += 1;
        self.next_id - 1
    }

    pub fn send(&mut self, msg: &Value) {
        self.send_raw(&encode(&serde_json::to_vec(msg).unwrap()));
    }

    pub fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// Sends a request and waits for its response, answering server requests meanwhile.
    pub fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        self.wait_for(|m| m.get("id") == Some(&json!(id)) && m.get("method").is_none())
    }

    /// The next message matching `pred`; others stay in the inbox.
    pub fn wait_for(&mut self, pred: impl Fn(&Value) -> bool) -> Value {
        if let Some(i) = self.inbox.iter().position(&pred) {
            return self.inbox.remove(i);
        }
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.rx.recv_timeout(left) {
                Ok(m) => {
                    if self.answer_configuration
                        && m.get("method") == Some(&json!("workspace/configuration"))
                    {
                        let id = m["id"].clone();
                        self.send(&json!({"jsonrpc": "2.0", "id": id, "result": [null]}));
                        continue;
                    }
                    if pred(&m) {
                        return m;
                    }
                    self.inbox.push(m);
                }
                Err(RecvTimeoutError::Timeout) => panic!(
                    "no matching message from the server within {TIMEOUT:?}; inbox: {:?}",
                    self.inbox
                ),
                Err(RecvTimeoutError::Disconnected) => {
                    panic!("server closed its output; inbox: {:?}", self.inbox)
                }
            }
        }
    }

    pub fn initialize(&mut self, encodings: &[&str]) -> Value {
        let r = self.request(
            "initialize",
            json!({
                "processId": null,
                "rootUri": null,
                "capabilities": {"general": {"positionEncodings": encodings}, "textDocument": {"documentSymbol": {"hierarchicalDocumentSymbolSupport": true}, "documentLink": {"tooltipSupport": true}}},
            }),
        );
        self.notify("initialized", json!({}));
        r
    }

    pub fn open(&mut self, uri: &str, text: &str) -> Value {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "imr", "version": 1, "text": text}}),
        );
        self.diagnostics(uri, Some(1))
    }

    /// Waits for the diagnostics of `uri` at `version` (null version for a close).
    pub fn diagnostics(&mut self, uri: &str, version: Option<i64>) -> Value {
        let uri = uri.to_string();
        let v = self.wait_for(move |m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri.as_str()
                && match version {
                    Some(n) => m["params"]["version"] == n,
                    None => m["params"]["version"].is_null(),
                }
        });
        v["params"]["diagnostics"].clone()
    }

    pub fn change(&mut self, uri: &str, version: i64, changes: Value) {
        self.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": changes}),
        );
    }

    pub fn shutdown_and_exit(&mut self) -> i32 {
        let r = self.request("shutdown", json!(null));
        assert!(r.get("error").is_none(), "{r}");
        self.notify("exit", json!(null));
        self.wait_exit()
    }

    pub fn wait_exit(&mut self) -> i32 {
        self.wait_exit_within(TIMEOUT)
            .unwrap_or_else(|| panic!("server did not exit within {TIMEOUT:?}"))
    }

    /// The exit status, if the server ends within `limit`.
    pub fn wait_exit_within(&mut self, limit: Duration) -> Option<i32> {
        let deadline = Instant::now() + limit;
        loop {
            if let Some(s) = self.child.try_wait().unwrap() {
                return Some(s.code().unwrap_or(-1));
            }
            if Instant::now() >= deadline {
                return None;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        let _ = self.child.kill();
    }
}

/// Codes of a diagnostics array.
pub fn codes(diags: &Value) -> Vec<String> {
    diags
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_string())
        .collect()
}

/// The (0-based line, character) of the first occurrence of `needle` in `text` (UTF-16 columns).
pub fn pos_of(text: &str, needle: &str) -> (u32, u32) {
    let at = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} not in text"));
    let line = text[..at].matches('\n').count();
    let line_start = text[..at].rfind('\n').map(|i| i + 1).unwrap_or(0);
    let col: usize = text[line_start..at].encode_utf16().count();
    (line as u32, col as u32)
}

/// Runs the built `imr-lsp` with `args` in the repository: (exit status, stdout, stderr).
pub fn imr(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_imr-lsp"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}
