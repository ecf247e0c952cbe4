//! A minimal LSP client over stdio that timestamps every message it receives
//! (for the `server` bench and `tests/stress.rs`).
#![allow(dead_code)]

use serde_json::{json, Value};
use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

/// One LSP frame: the `Content-Length` header, then `body`.
pub fn encode(body: &[u8]) -> Vec<u8> {
    let mut frame = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    frame.extend_from_slice(body);
    frame
}

/// The body of the next frame on `r`; `None` when the stream ends.
pub fn read_frame(r: &mut impl BufRead) -> Option<Vec<u8>> {
    let mut len = 0usize;
    loop {
        let mut line = String::new();
        if r.read_line(&mut line).unwrap_or(0) == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(v) = line.strip_prefix("Content-Length: ") {
            len = v.parse().unwrap();
        }
    }
    let mut buf = vec![0; len];
    r.read_exact(&mut buf).ok()?;
    Some(buf)
}

pub struct Lsp {
    pub child: Child,
    stdin: ChildStdin,
    rx: Receiver<(Instant, Value)>,
    next_id: i64,
    inbox: VecDeque<(Instant, Value)>,
    pub spawned: Instant,
    pub timeout: Duration,
}

impl Lsp {
    pub fn spawn(bin: &str) -> Lsp {
        let spawned = Instant::now();
        let mut child = Command::new(bin)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {bin}: {e}"));
        let stdin = child.stdin.take().unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let mut r = BufReader::with_capacity(1 << 20, stdout);
            while let Some(buf) = read_frame(&mut r) {
                // Stamped when the whole frame has arrived, before decoding it.
                let at = Instant::now();
                let v: Value = serde_json::from_slice(&buf).expect("server sends JSON");
                if tx.send((at, v)).is_err() {
                    return;
                }
            }
        });
        let stderr = child.stderr.take().unwrap();
        std::thread::spawn(move || {
            let mut sink = Vec::new();
            let _ = BufReader::new(stderr).read_to_end(&mut sink);
        });
        Lsp {
            child,
            stdin,
            rx,
            next_id: 1,
            inbox: VecDeque::new(),
            spawned,
            timeout: Duration::from_secs(120),
        }
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Sends one message; returns the instant just before its first byte was written.
    pub fn send(&mut self, msg: &Value) -> Instant {
        let frame = encode(&serde_json::to_vec(msg).unwrap());
        let t = Instant::now();
        self.stdin
            .write_all(&frame)
            .expect("server reads its input");
        self.stdin.flush().unwrap();
        t
    }

    pub fn notify(&mut self, method: &str, params: Value) -> Instant {
        self.send(&json!({"jsonrpc": "2.0", "method": method, "params": params}))
    }

    /// Sends a request without waiting; returns its id and send time.
    pub fn send_request(&mut self, method: &str, params: Value) -> (i64, Instant) {
        let id = self.next_id;
        self.next_id += 1;
        let t = self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        (id, t)
    }

    /// Sends a request and waits for its answer: (latency, response).
    pub fn request(&mut self, method: &str, params: Value) -> (Duration, Value) {
        let (id, t) = self.send_request(method, params);
        let (at, v) = self.wait_response(id);
        (at - t, v)
    }

    pub fn wait_response(&mut self, id: i64) -> (Instant, Value) {
        self.wait_for(|m| m.get("id") == Some(&json!(id)) && m.get("method").is_none())
    }

    /// The `publishDiagnostics` of `uri` at `version`; earlier versions are skipped.
    pub fn wait_publish(&mut self, uri: &str, version: i64) -> (Instant, Value) {
        self.wait_for(|m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri
                && m["params"]["version"].as_i64() >= Some(version)
        })
    }

    /// Drops every queued `publishDiagnostics` of `uri` (older versions).
    pub fn drop_publishes(&mut self, uri: &str) {
        self.inbox.retain(|(_, m)| {
            !(m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri)
        });
    }

    /// Takes every message of `method` received so far out of the inbox (and the channel).
    pub fn take_all(&mut self, method: &str) -> Vec<(Instant, Value)> {
        while let Ok(m) = self.rx.try_recv() {
            self.inbox.push_back(m);
        }
        let (taken, kept): (VecDeque<_>, VecDeque<_>) = std::mem::take(&mut self.inbox)
            .into_iter()
            .partition(|(_, m)| m["method"] == method);
        self.inbox = kept;
        taken.into()
    }

    pub fn wait_for(&mut self, pred: impl Fn(&Value) -> bool) -> (Instant, Value) {
        if let Some(i) = self.inbox.iter().position(|(_, m)| pred(m)) {
            return self.inbox.remove(i).unwrap();
        }
        let deadline = Instant::now() + self.timeout;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.rx.recv_timeout(left) {
                Ok((at, m)) => {
                    if m.get("method") == Some(&json!("workspace/configuration")) {
                        let id = m["id"].clone();
                        self.send(&json!({"jsonrpc": "2.0", "id": id, "result": [null]}));
                        continue;
                    }
                    if pred(&m) {
                        return (at, m);
                    }
                    self.inbox.push_back((at, m));
                }
                Err(RecvTimeoutError::Timeout) => {
                    panic!("no answer from the server within {:?}", self.timeout)
                }
                Err(RecvTimeoutError::Disconnected) => panic!("the server closed its output"),
            }
        }
    }

    /// `initialize` + `initialized`; returns the time from spawning to the `initialize` answer.
    pub fn initialize(&mut self) -> Duration {
        let (_, r) = self.request(
            "initialize",
            json!({
                "processId": null,
                "rootUri": null,
                "capabilities": {"general": {"positionEncodings": ["utf-16"]}},
            }),
        );
        assert!(r.get("result").is_some(), "initialize failed: {r}");
        let startup = self.spawned.elapsed();
        self.notify("initialized", json!({}));
        startup
    }

    /// Opens a document and waits for its first diagnostics: (time to them, diagnostics).
    pub fn open(&mut self, uri: &str, text: &str, version: i64) -> (Duration, Value) {
        let t = self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "imr", "version": version, "text": text}}),
        );
        let (at, m) = self.wait_publish(uri, version);
        (at - t, m["params"]["diagnostics"].clone())
    }

    pub fn change(&mut self, uri: &str, version: i64, change: Value) -> Instant {
        self.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [change]}),
        )
    }

    /// `VmHWM` (peak resident set) and `VmRSS` of the server, in kB.
    pub fn memory_kb(&self) -> (u64, u64) {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.pid()))
            .expect("/proc/<pid>/status");
        let field = |name: &str| {
            status
                .lines()
                .find(|l| l.starts_with(name))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse().ok())
                .unwrap_or(0)
        };
        (field("VmHWM:"), field("VmRSS:"))
    }

    pub fn is_alive(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }

    /// `shutdown` + `exit`; the exit status (killed after 10 s).
    pub fn shutdown(mut self) -> Option<i32> {
        let (id, _) = self.send_request("shutdown", Value::Null);
        self.wait_response(id);
        self.notify("exit", Value::Null);
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if let Ok(Some(s)) = self.child.try_wait() {
                return s.code();
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
        None
    }
}
