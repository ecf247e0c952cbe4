//! Guards the server's input: a malformed frame must not end the session.
//!
//! tower-lsp stops reading at the first frame it cannot decode (bad header, invalid JSON, a JSON
//! value that is not a JSON-RPC message). [`Sanitized`] sits between stdin and tower-lsp: it frames
//! the input itself, checks each frame's shape, and passes only well-formed ones through; a bad one
//! becomes an `imr/malformedMessage` call (with the original id when it can be recovered), which
//! the server answers with an error and a log line.
//!
//! It is a plain [`AsyncRead`] adapter polled by tower-lsp's own reader: no task, no channel, no
//! extra copy of a large frame, and the shape check borrows the frame instead of building a
//! `serde_json::Value` of it.
//!
//! It also tells the server when the session is over: at the end of the input, or when an `exit`
//! notification passes. Handlers waiting for the editor's answer to a request then stop waiting.

use memchr::memchr;
use serde::de::{Deserialize, Deserializer};
use serde_json::value::RawValue;
use serde_json::{json, Value};
use std::collections::VecDeque;
use std::io;
use std::pin::Pin;
use std::task::{ready, Context, Poll};
use tokio::io::{AsyncRead, ReadBuf};

/// The method a malformed frame is turned into.
pub const MALFORMED: &str = "imr/malformedMessage";

/// Frames larger than this are skipped rather than buffered.
const MAX_FRAME: usize = 1 << 30;
/// A header line longer than this is an error (the header carries a length and a content type).
const MAX_HEADER_LINE: usize = 8192;
/// Read size while looking for a header or reading a small body.
const READ_CHUNK: usize = 64 * 1024;
/// Largest single read while a large body is known to be coming.
const MAX_READ: usize = 4 << 20;
/// A frame at least this large that fills the buffer is handed on without copying.
const HAND_OVER: usize = 256 * 1024;

/// Wraps `input` so that only well-formed frames come out of it.
pub fn sanitize<R: AsyncRead + Unpin>(input: R) -> Sanitized<R> {
    Sanitized {
        inner: input,
        buf: Vec::new(),
        start: 0,
        end: 0,
        eof: false,
        body: None,
        skip: None,
        discard_line: false,
        out: VecDeque::new(),
        ended: None,
    }
}

/// An [`AsyncRead`] that yields the frames of its input, each either passed through (with a
/// normalised header) or replaced by an `imr/malformedMessage` call.
pub struct Sanitized<R> {
    inner: R,
    /// Input read but not yet framed: `buf[start..end]`.
    buf: Vec<u8>,
    start: usize,
    end: usize,
    eof: bool,
    /// The length of the body being read, once its header is complete.
    body: Option<usize>,
    /// An oversized frame being skipped: (its length, bytes still to skip).
    skip: Option<(usize, usize)>,
    /// Skipping the rest of an overlong header line.
    discard_line: bool,
    /// Output not yet read.
    out: VecDeque<Chunk>,
    /// Set to true at the end of the input or when `exit` passes.
    ended: Option<tokio::sync::watch::Sender<bool>>,
}

struct Chunk {
    data: Vec<u8>,
    pos: usize,
    end: usize,
}

impl Chunk {
    fn whole(data: Vec<u8>) -> Chunk {
        let end = data.len();
        Chunk { data, pos: 0, end }
    }
}

enum Scan {
    /// No complete header yet; the first `blank` bytes are blank lines that can be dropped.
    More { blank: usize },
    /// A complete header of `consumed` bytes.
    Header {
        consumed: usize,
        length: Option<Result<usize, &'static str>>,
    },
    /// A header line over [`MAX_HEADER_LINE`]; `complete` when its newline was seen.
    LongLine { consumed: usize, complete: bool },
}

/// Scans one header block: lines up to an empty line, after any blank lines left before it.
fn scan_header(b: &[u8]) -> Scan {
    let mut pos = 0;
    let mut blank = 0;
    let mut saw_header = false;
    let mut length = None;
    loop {
        let Some(nl) = memchr(b'\n', &b[pos..]) else {
            if b.len() - pos > MAX_HEADER_LINE {
                return Scan::LongLine {
                    consumed: b.len(),
                    complete: false,
                };
            }
            return Scan::More { blank };
        };
        let next = pos + nl + 1;
        let line = &b[pos..next];
        let text = trim_eol(line);
        if text.is_empty() {
            if saw_header {
                return Scan::Header {
                    consumed: next,
                    length,
                };
            }
            blank = next;
            pos = next;
            continue;
        }
        saw_header = true;
        if line.len() > MAX_HEADER_LINE {
            return Scan::LongLine {
                consumed: next,
                complete: true,
            };
        }
        if let Some(colon) = memchr(b':', text) {
            let name = String::from_utf8_lossy(&text[..colon]);
            if name.trim().eq_ignore_ascii_case("content-length") {
                let value = String::from_utf8_lossy(&text[colon + 1..]);
                length = Some(
                    value
                        .trim()
                        .parse::<usize>()
                        .map_err(|_| "invalid Content-Length"),
                );
            }
        }
        pos = next;
    }
}

fn trim_eol(mut line: &[u8]) -> &[u8] {
    while let [rest @ .., b'\r' | b'\n'] = line {
        line = rest;
    }
    line
}

impl<R> Sanitized<R> {
    /// Reports the end of the session (end of input, or `exit`) on `ended`.
    pub fn on_end(mut self, ended: tokio::sync::watch::Sender<bool>) -> Self {
        self.ended = Some(ended);
        self
    }

    fn end_session(&self) {
        if let Some(tx) = &self.ended {
            tx.send_replace(true);
        }
    }
}

/// Whether a well-formed frame is the `exit` notification (which is a few dozen bytes).
fn is_exit(body: &[u8]) -> bool {
    body.len() < 256
        && memchr::memmem::find(body, b"\"exit\"").is_some()
        && serde_json::from_slice::<Shape>(body).is_ok_and(|s| raw(&s.method) == Some("\"exit\""))
}

impl<R: AsyncRead + Unpin> Sanitized<R> {
    fn avail(&self) -> usize {
        self.end - self.start
    }

    fn emit(&mut self, body: Vec<u8>, pos: usize, end: usize) {
        let head = format!("Content-Length: {}\r\n\r\n", end - pos);
        self.out.push_back(Chunk::whole(head.into_bytes()));
        self.out.push_back(Chunk {
            data: body,
            pos,
            end,
        });
    }

    fn emit_bad(&mut self, id: Option<Value>, reason: &str) {
        let body = substitute(id, reason);
        let end = body.len();
        self.emit(body, 0, end);
    }

    /// Frames what the buffer holds; true when it consumed input or produced output.
    fn advance(&mut self) -> bool {
        if let Some((len, left)) = self.skip {
            let n = left.min(self.avail());
            self.start += n;
            if n == left {
                self.skip = None;
                self.emit_bad(None, &format!("message of {len} bytes is too large"));
                return true;
            }
            self.skip = Some((len, left - n));
            return n > 0;
        }
        if self.discard_line {
            let data = &self.buf[self.start..self.end];
            return match memchr(b'\n', data) {
                Some(nl) => {
                    self.start += nl + 1;
                    self.discard_line = false;
                    true
                }
                None => {
                    self.start = self.end;
                    !data.is_empty()
                }
            };
        }
        if let Some(len) = self.body {
            if self.avail() < len {
                return false;
            }
            self.body = None;
            let body = &self.buf[self.start..self.start + len];
            match problem(body) {
                Some((id, reason)) => {
                    self.start += len;
                    self.emit_bad(id, reason);
                }
                None if len >= HAND_OVER && self.avail() == len => {
                    // The frame is all the buffer holds: hand the buffer itself on.
                    let (pos, end) = (self.start, self.end);
                    let data = std::mem::take(&mut self.buf);
                    self.start = 0;
                    self.end = 0;
                    self.emit(data, pos, end);
                }
                None => {
                    if is_exit(body) {
                        self.end_session();
                    }
                    let data = body.to_vec();
                    self.start += len;
                    self.emit(data, 0, len);
                }
            }
            return true;
        }
        match scan_header(&self.buf[self.start..self.end]) {
            Scan::More { blank } => {
                self.start += blank;
                false
            }
            Scan::Header { consumed, length } => {
                self.start += consumed;
                match length {
                    None => self.emit_bad(None, "missing Content-Length header"),
                    Some(Err(e)) => self.emit_bad(None, e),
                    Some(Ok(n)) if n > MAX_FRAME => self.skip = Some((n, n)),
                    Some(Ok(n)) => self.body = Some(n),
                }
                true
            }
            Scan::LongLine { consumed, complete } => {
                self.start += consumed;
                self.discard_line = !complete;
                self.emit_bad(None, "header line too long");
                true
            }
        }
    }

    /// Reads more input into the buffer; sets `eof` at the end of the input.
    fn poll_fill(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        if self.start == self.end {
            self.start = 0;
            self.end = 0;
            if self.buf.len() > MAX_READ {
                // Don't keep a large message's buffer once it has been framed.
                self.buf = Vec::new();
            }
        }
        let want = match (self.body, self.skip) {
            (Some(len), _) => len.saturating_sub(self.avail()).clamp(READ_CHUNK, MAX_READ),
            (None, Some((_, left))) => left.clamp(READ_CHUNK, MAX_READ),
            _ => READ_CHUNK,
        };
        if self.buf.len() - self.end < want {
            if self.start > 0 {
                self.buf.copy_within(self.start..self.end, 0);
                self.end -= self.start;
                self.start = 0;
            }
            if self.buf.len() - self.end < want {
                self.buf.resize(self.end + want, 0);
            }
        }
        let mut rb = ReadBuf::new(&mut self.buf[self.end..self.end + want]);
        ready!(Pin::new(&mut self.inner).poll_read(cx, &mut rb))?;
        let n = rb.filled().len();
        if n == 0 {
            if self.avail() > 0 || self.body.is_some() {
                tracing::warn!("the editor's input ended inside a message");
            }
            self.eof = true;
        }
        self.end += n;
        Poll::Ready(Ok(()))
    }
}

impl<R: AsyncRead + Unpin> AsyncRead for Sanitized<R> {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        dst: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        loop {
            if let Some(chunk) = this.out.front_mut() {
                let n = (chunk.end - chunk.pos).min(dst.remaining());
                dst.put_slice(&chunk.data[chunk.pos..chunk.pos + n]);
                chunk.pos += n;
                if chunk.pos == chunk.end {
                    this.out.pop_front();
                }
                return Poll::Ready(Ok(()));
            }
            if this.advance() {
                continue;
            }
            if this.eof {
                this.end_session();
                return Poll::Ready(Ok(()));
            }
            if let Err(e) = ready!(this.poll_fill(cx)) {
                tracing::warn!("cannot read the editor's input: {e}");
                this.eof = true;
            }
        }
    }
}

/// A member's raw value when it is present, whatever its value (`null` included; an
/// `Option` member would turn `null` into absent).
#[derive(Default)]
struct Present<'a>(Option<&'a RawValue>);

impl<'de: 'a, 'a> Deserialize<'de> for Present<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        <&RawValue>::deserialize(d).map(|r| Present(Some(r)))
    }
}

/// The members of a JSON-RPC message, borrowed from the frame.
#[derive(serde::Deserialize)]
struct Shape<'a> {
    #[serde(borrow, default)]
    jsonrpc: Present<'a>,
    #[serde(borrow, default)]
    method: Present<'a>,
    #[serde(borrow, default)]
    id: Present<'a>,
    #[serde(borrow, default)]
    params: Present<'a>,
    #[serde(borrow, default)]
    result: Present<'a>,
    #[serde(borrow, default)]
    error: Present<'a>,
}

#[derive(serde::Deserialize)]
struct ErrorShape<'a> {
    #[allow(dead_code)] // Checked for type only.
    code: i64,
    #[serde(borrow)]
    #[allow(dead_code)]
    message: std::borrow::Cow<'a, str>,
}

fn raw<'a>(p: &Present<'a>) -> Option<&'a str> {
    p.0.map(RawValue::get)
}

fn is_string(raw: &str) -> bool {
    raw.starts_with('"')
}

fn is_integer(raw: &str) -> bool {
    raw.parse::<i64>().is_ok() || raw.parse::<u64>().is_ok()
}

/// What is wrong with a frame's body, if anything: the id to answer with and the reason.
fn problem(body: &[u8]) -> Option<(Option<Value>, &'static str)> {
    let Ok(text) = std::str::from_utf8(body) else {
        return Some((None, "the message is not UTF-8"));
    };
    if !text.trim_start().starts_with('{') {
        return Some((
            None,
            if serde_json::from_str::<serde::de::IgnoredAny>(text).is_ok() {
                "a JSON-RPC message must be an object"
            } else {
                "invalid JSON"
            },
        ));
    }
    let shape: Shape = match serde_json::from_str(text) {
        Ok(s) => s,
        Err(e) if e.is_data() => return Some((None, "a JSON-RPC member has a repeated name")),
        Err(_) => return Some((None, "invalid JSON")),
    };
    let id = raw(&shape.id);
    let id_ok = id.is_none_or(|i| i == "null" || is_string(i) || is_integer(i));
    let reason = shape_problem(&shape, id_ok)?;
    let id = id
        .filter(|i| is_string(i) || is_integer(i))
        .and_then(|i| serde_json::from_str(i).ok());
    Some((id, reason))
}

fn shape_problem(s: &Shape<'_>, id_ok: bool) -> Option<&'static str> {
    if raw(&s.jsonrpc) != Some("\"2.0\"") {
        return Some("missing \"jsonrpc\": \"2.0\"");
    }
    match raw(&s.method) {
        Some(m) if is_string(m) => {
            if !id_ok {
                return Some("invalid id");
            }
            match raw(&s.params) {
                None | Some("null") => None,
                Some(p) if p.starts_with('{') || p.starts_with('[') => None,
                Some(_) => Some("params must be an object or an array"),
            }
        }
        Some(_) => Some("method must be a string"),
        None if s.result.0.is_some() || s.error.0.is_some() => {
            if !id_ok {
                return Some("invalid id");
            }
            match raw(&s.error) {
                Some(e) if serde_json::from_str::<ErrorShape>(e).is_err() => {
                    Some("invalid error object")
                }
                _ => None,
            }
        }
        None => Some("neither a request, a notification nor a response"),
    }
}

fn substitute(id: Option<Value>, reason: &str) -> Vec<u8> {
    let mut msg = json!({"jsonrpc": "2.0", "method": MALFORMED, "params": {"reason": reason}});
    if let Some(id) = id {
        msg["id"] = id;
    }
    serde_json::to_vec(&msg).expect("serialisable")
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use tokio::io::AsyncReadExt;

    fn reason(body: &str) -> Option<&'static str> {
        problem(body.as_bytes()).map(|(_, r)| r)
    }

    #[test]
    fn recognises_bad_messages() {
        assert_eq!(
            reason(r#"{"jsonrpc": "2.0", "method": "x", "params": {}}"#),
            None
        );
        assert_eq!(reason(r#"{"jsonrpc":"2.0","id":1,"result":null}"#), None);
        assert_eq!(
            reason(r#"{"jsonrpc":"2.0","id":"a","error":{"code":-1,"message":"m\n"}}"#),
            None
        );
        assert_eq!(
            reason(r#" {"id":null,"jsonrpc":"2.0","method":"m","params":null,"x":[1]}"#),
            None
        );
        assert_eq!(reason("[1]"), Some("a JSON-RPC message must be an object"));
        assert_eq!(reason("{\"jsonrpc\":\"2.0\""), Some("invalid JSON"));
        assert_eq!(
            reason(r#"{"jsonrpc":"2.0","id":1.5,"method":"x"}"#),
            Some("invalid id")
        );
        assert_eq!(
            reason(r#"{"jsonrpc":"2.0","method":"x","params":3}"#),
            Some("params must be an object or an array")
        );
        assert_eq!(
            reason(r#"{"method":"x"}"#),
            Some("missing \"jsonrpc\": \"2.0\"")
        );
        assert_eq!(
            reason(r#"{"jsonrpc":"2.0","id":1,"error":{"code":"x"}}"#),
            Some("invalid error object")
        );
        assert_eq!(
            reason(r#"{"jsonrpc":"2.0","method":1}"#),
            Some("method must be a string")
        );
        assert_eq!(
            reason(r#"{"jsonrpc":"2.0"}"#),
            Some("neither a request, a notification nor a response")
        );
        assert!(problem(b"{\"jsonrpc\":\"2.0\",\"method\":\"\xff\"}").is_some());
        let (id, _) = problem(br#"{"jsonrpc":"2.0","id":7,"method":"m","params":true}"#).unwrap();
        assert_eq!(id, Some(json!(7)));
    }

    /// Yields its data a few bytes per read, as a pipe may.
    struct Trickle {
        data: Vec<u8>,
        pos: usize,
        sizes: Vec<usize>,
        turn: usize,
    }

    impl AsyncRead for Trickle {
        fn poll_read(
            mut self: Pin<&mut Self>,
            _: &mut Context<'_>,
            dst: &mut ReadBuf<'_>,
        ) -> Poll<io::Result<()>> {
            let size = self.sizes[self.turn % self.sizes.len()];
            self.turn += 1;
            let n = size.min(dst.remaining()).min(self.data.len() - self.pos);
            let pos = self.pos;
            dst.put_slice(&self.data[pos..pos + n]);
            self.pos += n;
            Poll::Ready(Ok(()))
        }
    }

    async fn run(input: &[u8], sizes: Vec<usize>) -> String {
        let reader = Trickle {
            data: input.to_vec(),
            pos: 0,
            sizes,
            turn: 0,
        };
        let mut out = String::new();
        sanitize(reader).read_to_string(&mut out).await.unwrap();
        out
    }

    fn frame(body: &str) -> String {
        format!("Content-Length: {}\r\n\r\n{body}", body.len())
    }

    #[tokio::test]
    async fn bad_frames_become_malformed_calls() {
        let bad_params = r#"{"jsonrpc":"2.0","id":7,"method":"m","params":true}"#;
        let good = r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#;
        let input = format!(
            "Content-Length: 9\r\n\r\n{{not json\nX-Junk: 1\r\n\r\n{}\n\r\n{}content-length:  x\r\n\r\n{}",
            frame(bad_params),
            frame(good),
            frame(good)
        );
        let s = run(input.as_bytes(), vec![usize::MAX]).await;
        assert_eq!(s.matches(MALFORMED).count(), 4, "{s}");
        assert!(s.contains("\"id\":7"), "keeps a recoverable id: {s}");
        assert!(s.contains("invalid Content-Length"), "{s}");
        assert_eq!(s.matches(good).count(), 2, "{s}");
        assert!(s.ends_with(&frame(good)), "{s}");
    }

    #[tokio::test]
    async fn skips_oversized_frames_and_long_header_lines() {
        let good = frame(r#"{"jsonrpc":"2.0","method":"initialized"}"#);
        let long = "X".repeat(MAX_HEADER_LINE + 10);
        let input = format!("X-Long: {long}\r\n\r\n{good}{long}{long}\n{good}");
        let s = run(input.as_bytes(), vec![1000]).await;
        assert_eq!(s.matches("header line too long").count(), 2, "{s}");
        assert_eq!(s.matches(&good).count(), 2, "{s}");
        // A frame announcing more than the limit is skipped without being buffered.
        let mut sk = sanitize(std::io::Cursor::new(
            format!("Content-Length: {}\r\n\r\nabc", MAX_FRAME + 1).into_bytes(),
        ));
        let mut out = String::new();
        sk.read_to_string(&mut out).await.unwrap();
        assert_eq!(out, "", "input ended inside the skipped frame");
        assert!(sk.buf.len() <= MAX_READ);
    }

    #[tokio::test]
    async fn large_frames_pass_through_whole() {
        let text = "é".repeat(600_000);
        let big = json!({"jsonrpc": "2.0", "method": "m", "params": {"text": text}}).to_string();
        let small = r#"{"jsonrpc":"2.0","id":1,"result":null}"#;
        let input = format!("{}{}{}", frame(small), frame(&big), frame(small));
        for sizes in [
            vec![usize::MAX],
            vec![7, 65_536, 1_000_003],
            vec![big.len() + 40],
        ] {
            let s = run(input.as_bytes(), sizes).await;
            assert_eq!(s, input);
        }
    }

    #[tokio::test]
    async fn reports_the_end_of_the_session_at_exit_and_at_end_of_input() {
        let exit = frame(r#"{"jsonrpc":"2.0","method":"exit"}"#);
        let other = frame(r#"{"jsonrpc":"2.0","method":"exited","params":{"exit":"exit"}}"#);
        // `exit` ends it before the input does.
        let (tx, rx) = tokio::sync::watch::channel(false);
        let mut s =
            sanitize(std::io::Cursor::new(format!("{other}{exit}").into_bytes())).on_end(tx);
        let mut buf = vec![0u8; other.len()];
        s.read_exact(&mut buf).await.unwrap();
        assert!(!*rx.borrow(), "a method merely mentioning exit");
        let mut buf = vec![0u8; 20];
        s.read_exact(&mut buf).await.unwrap();
        assert!(*rx.borrow(), "exit read");
        // End of input ends it.
        let (tx, rx) = tokio::sync::watch::channel(false);
        let mut s = sanitize(std::io::Cursor::new(other.into_bytes())).on_end(tx);
        let mut out = String::new();
        s.read_to_string(&mut out).await.unwrap();
        assert!(*rx.borrow());
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        /// However the input is cut into reads, the output is the same.
        #[test]
        fn output_does_not_depend_on_read_sizes(
            parts in proptest::collection::vec(0usize..6, 1..12),
            sizes in proptest::collection::vec(1usize..40, 1..8),
        ) {
            let pieces = [
                frame(r#"{"jsonrpc":"2.0","id":3,"method":"x","params":{"a":"b"}}"#),
                frame("{oops"),
                "Content-Type: x\r\n\r\n".to_string(),
                "\r\n".to_string(),
                frame(r#"{"jsonrpc":"2.0","id":"k","result":[1,2]}"#),
                frame("[]"),
            ];
            let input: String = parts.iter().map(|&i| pieces[i].as_str()).collect();
            let rt = tokio::runtime::Builder::new_current_thread().build().unwrap();
            let whole = rt.block_on(run(input.as_bytes(), vec![usize::MAX]));
            let cut = rt.block_on(run(input.as_bytes(), sizes));
            prop_assert_eq!(whole, cut);
        }
    }
}
