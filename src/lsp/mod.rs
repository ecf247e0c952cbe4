//! The language server glue: documents in ropes, the handlers, and the one edge where feature
//! answers (`crate::features`, byte ranges) become LSP types (`convert`, `position`).
//!
//! Every change is applied, re-parsed and re-checked synchronously under a plain mutex that is
//! never held across an `.await`; its findings are queued under that lock and sent by the same
//! handler, one sender at a time (`publish.rs`), so no edit or publish can overtake another.

mod cancel;
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

use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tower_lsp_server::{LspService, Server};

/// How long work still under way may take once the editor has gone (input ended or `exit`)
/// before the process ends anyway: a handler can be blocked on a message the editor will never
/// read.
const GRACE: Duration = Duration::from_millis(500);

/// What the handlers need to know about the session's end.
#[derive(Clone)]
pub struct Lifecycle {
    /// Set by `shutdown`: the exit status is then 0.
    pub clean_shutdown: Arc<AtomicBool>,
    /// Becomes true when the editor's input ends or it sends `exit`: nothing it is asked will be
    /// answered any more.
    pub ended: tokio::sync::watch::Receiver<bool>,
    /// How long a request to the editor may wait for its answer.
    pub client_timeout: Duration,
}

impl Lifecycle {
    /// A session that has not ended (for tests and benches that drive a `Backend` directly).
    pub fn new() -> (Lifecycle, tokio::sync::watch::Sender<bool>) {
        let (tx, rx) = tokio::sync::watch::channel(false);
        let life = Lifecycle {
            clean_shutdown: Arc::new(AtomicBool::new(false)),
            ended: rx,
            client_timeout: client_timeout(),
        };
        (life, tx)
    }
}

/// `IMR_LSP_CLIENT_TIMEOUT_MS`, or 10 seconds: editors answer in milliseconds, but a busy one
/// (VS Code starting up its extensions) can take a few seconds.
fn client_timeout() -> Duration {
    std::env::var("IMR_LSP_CLIENT_TIMEOUT_MS")
        .ok()
        .and_then(|v| v.trim().parse::<u64>().ok())
        .map(Duration::from_millis)
        .unwrap_or(Duration::from_secs(10))
}

/// Logs go to stderr (the editor's server log). The default level (`info`) and `debug` never
/// log letter text; `trace` logs every message as it passes, letter text included.
fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_env("IMR_LSP_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(false)
        .try_init();
}

/// Runs the server on stdin/stdout until `exit` or the end of the input: status 0 after
/// `shutdown`, 1 otherwise.
pub fn run_stdio() -> i32 {
    if std::io::stdin().is_terminal() {
        // Someone typed `imr-lsp` in a terminal: without this it looks hung.
        eprintln!(
            "imr-lsp: this is the language server, waiting for an editor on stdin (Ctrl-D ends it); to check letters run `imr-lsp check PATH...`"
        );
    }
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
    let (life, ended) = Lifecycle::new();
    let clean = life.clean_shutdown.clone();
    let mut ended_rx = life.ended.clone();
    runtime.block_on(async move {
        let (service, socket) = LspService::build(move |client| Backend::new(client, life))
            .custom_method(transport::MALFORMED, Backend::malformed)
            .finish();
        let input = transport::sanitize(tokio::io::stdin()).on_end(ended);
        let serve = Server::new(input, tokio::io::stdout(), socket).serve(cancel::Cancellable::new(service));
        let gone = async {
            let _ = ended_rx.wait_for(|e| *e).await;
            tokio::time::sleep(GRACE).await;
        };
        tokio::select! {
            () = serve => {}
            () = gone => tracing::info!("the editor has gone; stopping without waiting for work still under way"),
        }
    });
    // Don't wait for stdin readers still blocked in the runtime.
    runtime.shutdown_background();
    if clean.load(Ordering::SeqCst) {
        0
    } else {
        1
    }
}
