//! Guards the server's input: a malformed frame must not end the session.
//!
//! tower-lsp stops reading at the first frame it cannot decode (bad header, invalid JSON, a JSON
//! value that is not a JSON-RPC message). This reader checks each frame first and passes only
//! well-formed ones through; a bad one becomes an `imr/malformedMessage` call (with the original
//! id when it can be recovered), which the server answers with an error and a log line.

use serde_json::{json, Value};
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWriteExt, BufReader, DuplexStream};

/// The method a malformed frame is turned into.
pub const MALFORMED: &str = "imr/malformedMessage";

/// Frames larger than this are skipped rather than buffered.
const MAX_FRAME: usize = 1 << 30;

/// Returns a stream carrying only well-formed frames read from `input`.
pub fn sanitize<R: AsyncRead + Unpin + Send + 'static>(input: R) -> DuplexStream {
    let (mut tx, rx) = tokio::io::duplex(1 << 20);
    tokio::spawn(async move {
        let mut r = BufReader::with_capacity(1 << 16, input);
        loop {
            let frame = match read_frame(&mut r).await {
                Ok(Some(f)) => f,
                Ok(None) => break,
                Err(e) => {
                    tracing::warn!("cannot read client input: {e}");
                    break;
                }
            };
            let body = match frame {
                Frame::Body(b) => checked(b),
                Frame::Bad(reason) => substitute(None, &reason),
            };
            let head = format!("Content-Length: {}\r\n\r\n", body.len());
            if tx.write_all(head.as_bytes()).await.is_err() || tx.write_all(&body).await.is_err() {
                break;
            }
        }
        let _ = tx.shutdown().await;
    });
    rx
}

enum Frame {
    Body(Vec<u8>),
    Bad(String),
}

async fn read_frame<R: AsyncRead + Unpin>(r: &mut BufReader<R>) -> std::io::Result<Option<Frame>> {
    let mut length: Option<Result<usize, String>> = None;
    let mut saw_header = false;
    loop {
        let mut line = Vec::new();
        let n = r.read_until(b'\n', &mut line).await?;
        if n == 0 {
            return Ok(None);
        }
        let text = String::from_utf8_lossy(&line);
        let text = text.trim_end_matches(['\r', '\n']);
        if text.is_empty() {
            if saw_header {
                break;
            }
            continue;
        }
        saw_header = true;
        if line.len() > 8192 {
            return Ok(Some(Frame::Bad("header line too long".into())));
        }
        if let Some((name, value)) = text.split_once(':') {
            if name.trim().eq_ignore_ascii_case("content-length") {
                length = Some(
                    value
                        .trim()
                        .parse::<usize>()
                        .map_err(|_| "invalid Content-Length".to_string()),
                );
            }
        }
    }
    let len = match length {
        None => return Ok(Some(Frame::Bad("missing Content-Length header".into()))),
        Some(Err(e)) => return Ok(Some(Frame::Bad(e))),
        Some(Ok(n)) => n,
    };
    if len > MAX_FRAME {
        tokio::io::copy(&mut (&mut *r).take(len as u64), &mut tokio::io::sink()).await?;
        return Ok(Some(Frame::Bad(format!(
            "message of {len} bytes is too large"
        ))));
    }
    let mut body = vec![0; len];
    r.read_exact(&mut body).await?;
    Ok(Some(Frame::Body(body)))
}

/// The body as is when it is a JSON-RPC message tower-lsp can decode; a substitute otherwise.
fn checked(body: Vec<u8>) -> Vec<u8> {
    let v: Value = match serde_json::from_slice(&body) {
        Ok(v) => v,
        Err(_) => return substitute(None, "invalid JSON"),
    };
    match problem(&v) {
        None => body,
        Some(reason) => {
            let id = v
                .get("id")
                .filter(|i| i.is_string() || i.is_i64() || i.is_u64())
                .cloned();
            substitute(id, reason)
        }
    }
}

/// Why a JSON value is not a message tower-lsp accepts, if it is not.
fn problem(v: &Value) -> Option<&'static str> {
    let Some(o) = v.as_object() else {
        return Some("a JSON-RPC message must be an object");
    };
    if o.get("jsonrpc") != Some(&json!("2.0")) {
        return Some("missing \"jsonrpc\": \"2.0\"");
    }
    let id_ok = |i: Option<&Value>| {
        i.is_none_or(|i| i.is_null() || i.is_string() || i.is_i64() || i.is_u64())
    };
    match o.get("method") {
        Some(m) if m.is_string() => {
            if !id_ok(o.get("id")) {
                return Some("invalid id");
            }
            match o.get("params") {
                None | Some(Value::Object(_)) | Some(Value::Array(_)) | Some(Value::Null) => None,
                Some(_) => Some("params must be an object or an array"),
            }
        }
        Some(_) => Some("method must be a string"),
        None if o.contains_key("result") || o.contains_key("error") => {
            if !id_ok(o.get("id")) {
                return Some("invalid id");
            }
            if let Some(e) = o.get("error") {
                if !(e.get("code").is_some_and(Value::is_i64)
                    && e.get("message").is_some_and(Value::is_string))
                {
                    return Some("invalid error object");
                }
            }
            None
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

    #[test]
    fn recognises_bad_messages() {
        assert!(problem(&json!({"jsonrpc": "2.0", "method": "x", "params": {}})).is_none());
        assert!(problem(&json!({"jsonrpc": "2.0", "id": 1, "result": null})).is_none());
        assert!(problem(&json!([1])).is_some());
        assert!(problem(&json!({"jsonrpc": "2.0", "id": 1.5, "method": "x"})).is_some());
        assert!(problem(&json!({"jsonrpc": "2.0", "method": "x", "params": 3})).is_some());
        assert!(problem(&json!({"method": "x"})).is_some());
    }

    #[tokio::test]
    async fn bad_frames_become_malformed_calls() {
        let bad_params = r#"{"jsonrpc":"2.0","id":7,"method":"m","params":true}"#;
        let input = format!(
            "Content-Length: 9\r\n\r\n{{not json\nX-Junk: 1\r\n\r\nContent-Length: {}\r\n\r\n{bad_params}",
            bad_params.len()
        );
        let mut out = sanitize(std::io::Cursor::new(input.into_bytes()));
        let mut s = String::new();
        out.read_to_string(&mut s).await.unwrap();
        assert_eq!(s.matches(MALFORMED).count(), 3, "{s}");
        assert!(s.contains("\"id\":7"), "keeps a recoverable id: {s}");
    }
}
