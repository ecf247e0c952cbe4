//! Sends diagnostics in the order their changes were applied, from the handler that made them.
//!
//! Findings are queued while the document lock is held, so the queue is in apply order. The
//! handler then flushes the queue itself unless another handler is already sending, in which case
//! that one sends it. One sender at a time, taking the queue in order, so no publish can overtake
//! an earlier one; a lone change needs no hop to another task; under a burst only the newest
//! findings per document are sent.
//!
//! A client that pulls diagnostics (LSP 3.17 `textDocument/diagnostic`) gets none pushed: it
//! asks for them itself, and one client never gets both.

use std::sync::atomic::{AtomicBool, Ordering};
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
    /// The client pulls: nothing is pushed.
    pull: AtomicBool,
}

impl Publisher {
    /// Stops pushing for good: the client pulls its diagnostics (set once, at `initialize`).
    pub fn set_pull(&self, pull: bool) {
        self.pull.store(pull, Ordering::SeqCst);
    }

    pub fn pulls(&self) -> bool {
        self.pull.load(Ordering::SeqCst)
    }

    /// Queues findings; call in apply order (with the document lock held). Dropped when the
    /// client pulls.
    pub fn push(&self, p: Publish) {
        if self.pulls() {
            return;
        }
        let mut pending = self.lock();
        match pending.iter_mut().find(|q| q.uri == p.uri) {
            // The older findings of this document have not left yet: send only the newest.
            Some(old) => *old = p,
            None => pending.push(p),
        }
    }

    /// Sends everything queued so far, in order. When another handler is already sending, this
    /// returns at once: that sender drains the queue, including what was just pushed. So a lone
    /// keystroke is published without a hop to another task, while under a burst the changes
    /// that arrive during a send are coalesced instead of each waiting for its own.
    pub async fn flush(&self, client: &Client) {
        loop {
            let Ok(turn) = self.gate.try_lock() else {
                return;
            };
            loop {
                let batch = std::mem::take(&mut *self.lock());
                if batch.is_empty() {
                    break;
                }
                for p in batch {
                    client.publish_diagnostics(p.uri, p.diags, p.version).await;
                }
            }
            drop(turn);
            // Something pushed between the last take and the release would otherwise wait for
            // the next change: go round again unless another sender has taken over.
            if self.lock().is_empty() {
                return;
            }
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<Publish>> {
        self.pending.lock().unwrap_or_else(|e| e.into_inner())
    }
}
