//! `$/cancelRequest` for requests still waiting their turn: answered RequestCancelled unrun.
//!
//! tower-lsp-server handles the cancellation itself only when the notification's own future is
//! polled, which is after the request it names has been polled once; our handlers do their work
//! synchronously in that first poll, so a request cancelled while it waited behind others was
//! still answered in full. This layer sits between the transport and the service and marks the
//! request cancelled the moment the notification is read, so its first poll answers
//! RequestCancelled without running the handler. (A handler already running is not
//! interrupted: it holds the thread until it is done.)

use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use tower_lsp_server::jsonrpc::{Error, Id, Request, Response};
use tower_service::Service;

/// Wraps the language service; see the module documentation.
pub struct Cancellable<S> {
    inner: S,
    waiting: Arc<Mutex<HashMap<Id, Arc<AtomicBool>>>>,
}

impl<S> Cancellable<S> {
    pub fn new(inner: S) -> Self {
        Cancellable {
            inner,
            waiting: Arc::default(),
        }
    }
}

type BoxFuture<T> = Pin<Box<dyn Future<Output = T> + Send>>;

impl<S> Service<Request> for Cancellable<S>
where
    S: Service<Request, Response = Option<Response>>,
    S::Future: Send + 'static,
    S::Error: Send + 'static,
{
    type Response = Option<Response>;
    type Error = S::Error;
    type Future = BoxFuture<Result<Option<Response>, S::Error>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, req: Request) -> Self::Future {
        if req.method() == "$/cancelRequest" {
            let id = req
                .params()
                .and_then(|p| p.get("id"))
                .and_then(|id| serde_json::from_value::<Id>(id.clone()).ok());
            if let Some(id) = id {
                if let Some(flag) = lock(&self.waiting).remove(&id) {
                    flag.store(true, Ordering::SeqCst);
                }
            }
            // tower-lsp-server's own bookkeeping still sees the notification.
            return Box::pin(self.inner.call(req));
        }
        let Some(id) = req.id().cloned() else {
            return Box::pin(self.inner.call(req));
        };
        let flag = Arc::new(AtomicBool::new(false));
        lock(&self.waiting).insert(id.clone(), flag.clone());
        let waiting = self.waiting.clone();
        let fut = self.inner.call(req);
        Box::pin(async move {
            let answer = if flag.load(Ordering::SeqCst) {
                // Dropped unpolled: the handler never runs.
                drop(fut);
                Ok(Some(Response::from_error(
                    id.clone(),
                    Error::request_cancelled(),
                )))
            } else {
                fut.await
            };
            lock(&waiting).remove(&id);
            answer
        })
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}
