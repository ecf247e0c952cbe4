//! Sends diagnostics in the order their changes were applied, from the handler that made them.
//!
//! Findings are queued while the document lock is held, so the queue is in apply order. The
//! handler then flushes the queue itself: one flusher at a time (a fair async mutex), each taking
//! everything queued so far. No handler's publish can overtake an earlier one, and none needs a
//! hop to another task. Under a burst only the newest findings per document are sent.

use std::sync::Mutex;
use tower_lsp_server::ls_types::{Diagnostic, Uri};
use tower_lsp_server::Client;

/// Diagnostics waiting to be sent.
pub struct Publish {
    pub uri: Uri,
    pub diags: Vec<Diagnostic>,
    pub version: Option<i32>,
}

#[derive(Default)]
pub struct Publisher {
    pending: Mutex<Vec<Publish>>,
    gate: tokio::sync::Mutex<()>,
}

impl Publisher {
    /// Queues findings; call in apply order (with the document lock held).
    pub fn push(&self, p: Publish) {
        let mut pending = self.pending.lock().unwrap_or_else(|e| e.into_inner());
        match pending.iter_mut().find(|q| q.uri == p.uri) {
            // The older findings of this document have not left yet: send only the newest.
            Some(old) => *old = p,
            None => pending.push(p),
        }
    }

    /// Sends everything queued so far, in order.
    pub async fn flush(&self, client: &Client) {
        let _turn = self.gate.lock().await;
        let batch = std::mem::take(&mut *self.pending.lock().unwrap_or_else(|e| e.into_inner()));
        for p in batch {
            client.publish_diagnostics(p.uri, p.diags, p.version).await;
        }
    }
}
