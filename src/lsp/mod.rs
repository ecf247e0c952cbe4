//! The language server glue: documents in ropes, the handlers, and the one edge where feature
//! answers (`crate::features`, byte ranges) become LSP types (`convert`, `position`).
//!
//! Every change is applied, re-parsed and re-checked synchronously under a plain mutex that is
//! never held across an `.await`; its findings are queued under that lock and sent by the same
//! handler, one sender at a time (`publish.rs`), so no edit or publish can overtake another.

pub mod config;
pub mod convert;
pub mod document;
mod indexer;
pub mod position;
mod publish;
mod server;
mod transport;
pub mod workspace;

pub use server::Backend;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use tower_lsp_server::{LspService, Server};

/// Logs go to stderr (the editor's server log); `IMR_LSP_LOG=debug` shows more, never letter text.
fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_env("IMR_LSP_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(false)
        .try_init();
}

/// Runs the server on stdin/stdout until `exit`: status 0 after `shutdown`, 1 otherwise.
pub fn run_stdio() -> i32 {
    init_logging();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("imr-lsp: cannot start the async runtime: {e}");
            return 2;
        }
    };
    let clean = Arc::new(AtomicBool::new(false));
    let flag = clean.clone();
    runtime.block_on(async move {
        let (service, socket) = LspService::build(move |client| Backend::new(client, flag))
            .custom_method(transport::MALFORMED, Backend::malformed)
            .finish();
        let input = transport::sanitize(tokio::io::stdin());
        Server::new(input, tokio::io::stdout(), socket)
            .serve(service)
            .await;
    });
    // Don't wait for stdin readers still blocked in the runtime.
    runtime.shutdown_background();
    if clean.load(Ordering::SeqCst) {
        0
    } else {
        1
    }
}
