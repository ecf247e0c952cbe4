//! The `LanguageServer` implementation: request and notification handlers.

use super::config::Settings;
use super::document::Document;
use super::indexer::{self, FileRef, OpenSummary, Workspace};
use super::position::Encoding;
use super::publish::{Publish, Publisher};
use super::{convert, workspace};
use crate::catalog::Catalog;
use crate::features::{
    codelens, completion, definition, fixes, folding, hover, inlay, links, semantic, symbols,
};
use crate::fileuri;
use crate::model::Span;
use crate::workspace::references::{references, target_at};
use crate::workspace::summary::{summarise, FileSummary};
use std::collections::{HashMap, HashSet};
use std::future::Future;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Client, LanguageServer};

/// Shared state; locked only for synchronous work.
struct State {
    docs: HashMap<Uri, Document>,
    encoding: Encoding,
    settings: Settings,
    config_pull: bool,
    /// Set on first use (by `initialized`, at the latest by the first document): parsing the
    /// embedded catalog is not on the way to the `initialize` answer.
    catalog: Option<Arc<Catalog>>,
    root: Option<PathBuf>,
    /// The editor trusts the folder (`initializationOptions.trustedWorkspace`, true when not
    /// said): only then is the organisation's catalog read from it (`lsp::workspace::load`).
    trusted: bool,
    watch_registration: bool,
    /// The client shows document link tooltips (`textDocument.documentLink.tooltipSupport`).
    link_tooltips: bool,
    /// The client shows `$/progress` (`window.workDoneProgress`).
    progress: bool,
    /// The client can be told to pull diagnostics again (`workspace.diagnostics.refreshSupport`).
    pull_refresh: bool,
    /// The workspace summaries of open documents, made on demand (see `open_summaries`).
    open_summaries: HashMap<Uri, OpenSummary>,
    /// The client takes snippets in completion items (`completionItem.snippetSupport`).
    snippets: bool,
    /// The client takes `LocationLink`s for definitions (`definition.linkSupport`).
    definition_links: bool,
    /// The semantic tokens last sent per document and their result id, for delta requests.
    semantic: HashMap<Uri, (String, Vec<SemanticToken>)>,
    semantic_ids: u64,
}

impl State {
    /// The catalog documents are checked against (the embedded one until another is loaded).
    fn catalog(&mut self) -> Arc<Catalog> {
        self.catalog
            .get_or_insert_with(super::document::embedded_catalog)
            .clone()
    }
}

pub struct Backend {
    client: Client,
    state: Arc<Mutex<State>>,
    publisher: Arc<Publisher>,
    life: super::Lifecycle,
    /// Every letter under the workspace folders (see `indexer`).
    workspace: Arc<Workspace>,
    /// A first scan has been started: from then on a new catalog means a new scan.
    scanned: AtomicBool,
}

impl Backend {
    pub fn new(client: Client, life: super::Lifecycle) -> Self {
        Backend {
            client,
            state: Arc::new(Mutex::new(State {
                docs: HashMap::new(),
                encoding: Encoding::Utf16,
                settings: Settings::default(),
                config_pull: false,
                catalog: None,
                root: None,
                trusted: true,
                watch_registration: false,
                link_tooltips: false,
                progress: false,
                pull_refresh: false,
                open_summaries: HashMap::new(),
                snippets: false,
                definition_links: false,
                semantic: HashMap::new(),
                semantic_ids: 0,
            })),
            publisher: Arc::default(),
            life,
            // Each scan brings its catalog; an empty one until then keeps the embedded catalog's
            // parse off the way to the `initialize` answer.
            workspace: Arc::new(Workspace::new(Arc::default())),
            scanned: AtomicBool::new(false),
        }
    }

    /// Waits for the editor's answer to a request the server sent it, but not forever: not past
    /// the client timeout, and not once the editor has gone (input ended, or `exit`).
    async fn ask<T>(&self, what: &str, request: impl Future<Output = Result<T>>) -> Option<T> {
        let mut ended = self.life.ended.clone();
        let timeout = self.life.client_timeout;
        tokio::select! {
            answer = request => match answer {
                Ok(v) => Some(v),
                Err(e) => {
                    tracing::warn!("{what} failed: {e}");
                    None
                }
            },
            _ = ended.wait_for(|e| *e) => {
                tracing::info!("{what}: the editor has gone, no longer waiting for its answer");
                None
            }
            () = tokio::time::sleep(timeout) => {
                tracing::warn!("{what}: no answer from the editor within {timeout:?}; going on without it");
                None
            }
        }
    }

    /// Answers a frame the transport could not decode (see `transport`): an error and a log line.
    pub async fn malformed(&self, params: serde_json::Value) -> Result<()> {
        let reason = params
            .get("reason")
            .and_then(|r| r.as_str())
            .unwrap_or("malformed message");
        let msg = format!("ignored a malformed message from the editor: {reason}");
        tracing::warn!("{msg}");
        self.client
            .log_message(MessageType::WARNING, msg.clone())
            .await;
        Err(Error {
            code: tower_lsp_server::jsonrpc::ErrorCode::InvalidRequest,
            message: msg.into(),
            data: None,
        })
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // A panic while locked is caught inside; a poisoned lock still holds valid documents.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Queues the document's diagnostics for publishing (call with the lock held).
    fn queue(&self, st: &State, uri: &Uri) {
        if self.publisher.pulls() {
            // Nothing is pushed to a pulling client; a held workspace pull answers instead.
            self.workspace.touch();
            return;
        }
        let Some(doc) = st.docs.get(uri) else { return };
        let p = doc.positions(st.encoding);
        let diags = fixes::findings(&doc.doc(), &st.settings.rules)
            .iter()
            .map(|d| convert::diagnostic(d, uri, &p))
            .collect();
        self.publisher.push(Publish {
            uri: uri.clone(),
            diags,
            version: Some(doc.version),
        });
    }

    /// Sends the queued diagnostics (call after the lock is released).
    async fn publish(&self) {
        self.publisher.flush(&self.client).await;
    }

    /// Runs `f` on an open document, or answers with a clear error for an unknown URI.
    fn with_doc<T>(&self, uri: &Uri, f: impl FnOnce(&Document, Encoding) -> T) -> Result<T> {
        let st = self.lock();
        let doc = st.docs.get(uri).ok_or_else(|| {
            Error::invalid_params(format!("document is not open: {}", uri.as_str()))
        })?;
        let enc = st.encoding;
        catch_unwind(AssertUnwindSafe(|| f(doc, enc))).map_err(|_| {
            tracing::error!(
                uri = uri.as_str(),
                "internal error while answering a request"
            );
            Error::internal_error()
        })
    }

    async fn pull_settings(&self) {
        let pull = self.lock().config_pull;
        if !pull {
            return;
        }
        let items = vec![ConfigurationItem {
            scope_uri: None,
            section: Some("imr".to_string()),
        }];
        let answer = self
            .ask("workspace/configuration", self.client.configuration(items))
            .await;
        if let Some(v) = answer.into_iter().flatten().next().filter(|v| !v.is_null()) {
            self.set_settings(&v).await;
        }
    }

    async fn set_settings(&self, v: &serde_json::Value) {
        let mut problems = Vec::new();
        let settings = Settings::from_json(v, &mut problems);
        {
            let mut st = self.lock();
            st.settings = settings;
            let uris: Vec<Uri> = st.docs.keys().cloned().collect();
            for uri in &uris {
                self.queue(&st, uri);
            }
        }
        self.publish().await;
        self.refresh_pull().await;
        for p in problems {
            self.client
                .log_message(MessageType::WARNING, format!("imr: {p}"))
                .await;
        }
        self.reload_catalog().await;
    }

    /// Reads the organisation's catalog again and re-checks every open document against it.
    async fn reload_catalog(&self) {
        let (root, configured, trusted) = {
            let st = self.lock();
            (
                st.root.clone(),
                st.settings.catalog_path.clone(),
                st.trusted,
            )
        };
        let loaded = workspace::load(root.as_deref(), configured.as_deref(), trusted);
        let changed = {
            let mut st = self.lock();
            let changed = !st
                .catalog
                .as_ref()
                .is_some_and(|c| Arc::ptr_eq(c, &loaded.catalog));
            if changed {
                st.catalog = Some(loaded.catalog.clone());
                let uris: Vec<Uri> = st.docs.keys().cloned().collect();
                for uri in &uris {
                    if let Some(doc) = st.docs.get_mut(uri) {
                        let cat = loaded.catalog.clone();
                        let _ = catch_unwind(AssertUnwindSafe(|| doc.set_catalog(cat)));
                    }
                    self.queue(&st, uri);
                }
            }
            changed
        };
        self.publish().await;
        // The index resolved its citations against the old catalog.
        if changed && self.scanned.load(Ordering::SeqCst) {
            self.start_scan();
        }
        match (&loaded.error, &loaded.source) {
            (Some(e), _) => {
                tracing::warn!("{e}");
                self.client
                    .show_message(MessageType::WARNING, format!("imr: {e}"))
                    .await;
            }
            (None, Some(p)) => {
                tracing::info!("using the organisation catalog {}", p.display());
            }
            (None, None) => {}
        }
    }
}

impl Backend {
    /// Every semantic token of an open document, encoded.
    fn semantic_data(&self, uri: &Uri) -> Result<Vec<SemanticToken>> {
        self.with_doc(uri, |doc, enc| {
            let p = doc.positions(enc);
            let all = Span::new(0, doc.rope.len_bytes());
            convert::semantic_tokens(&semantic::tokens(&doc.doc(), all), &p)
        })
    }

    /// Keeps the tokens sent for `uri` for the next delta request, and returns their result id.
    /// Entries of documents no longer open are dropped here.
    fn remember_tokens(&self, uri: &Uri, data: Vec<SemanticToken>) -> String {
        let mut st = self.lock();
        st.semantic_ids += 1;
        let id = st.semantic_ids.to_string();
        let State { semantic, docs, .. } = &mut *st;
        semantic.retain(|u, _| docs.contains_key(u));
        semantic.insert(uri.clone(), (id.clone(), data));
        id
    }
    /// Indexes the workspace folders in the background (a later call cancels an earlier scan),
    /// then asks a pulling client to pull again.
    fn start_scan(&self) {
        self.scanned.store(true, Ordering::SeqCst);
        let roots = self.workspace.roots();
        if roots.is_empty() {
            self.workspace.mark_ready();
            return;
        }
        let (catalog, progress) = {
            let mut st = self.lock();
            (st.catalog(), st.progress)
        };
        let (ws, client, refresh) = (
            self.workspace.clone(),
            self.client.clone(),
            self.pull_refresh(),
        );
        tokio::spawn(async move {
            if ws.scan(&client, roots, catalog, progress).await.is_some() && refresh {
                let _ = client.workspace_diagnostic_refresh().await;
            }
        });
    }

    fn pull_refresh(&self) -> bool {
        self.publisher.pulls() && self.lock().pull_refresh
    }

    /// Asks a pulling client to pull again (what it shows changed without its asking). Sent
    /// from its own task: no handler waits for the client's answer.
    async fn refresh_pull(&self) {
        self.workspace.touch();
        if self.pull_refresh() {
            let client = self.client.clone();
            tokio::spawn(async move {
                if let Err(e) = client.workspace_diagnostic_refresh().await {
                    tracing::debug!("workspace/diagnostic/refresh failed: {e}");
                }
            });
        }
    }

    /// The paths of the open documents (they win over the files on disk).
    fn open_paths(&self) -> Vec<PathBuf> {
        self.lock()
            .docs
            .keys()
            .filter_map(fileuri::to_path)
            .collect()
    }

    /// The workspace summaries of the open documents, made again only after a change.
    fn open_summaries(&self) -> (Vec<(Uri, Arc<FileSummary>)>, Encoding) {
        let mut st = self.lock();
        let st = &mut *st;
        st.open_summaries.retain(|u, _| st.docs.contains_key(u));
        let mut out = Vec::with_capacity(st.docs.len());
        for (uri, doc) in &st.docs {
            let fresh = st
                .open_summaries
                .get(uri)
                .filter(|o| o.version == doc.version && Arc::ptr_eq(&o.catalog, doc.catalog()));
            let summary = match fresh {
                Some(o) => o.summary.clone(),
                None => {
                    let made =
                        catch_unwind(AssertUnwindSafe(|| summarise(&doc.analysis, &doc.text())))
                            .unwrap_or_default();
                    let summary = Arc::new(made);
                    st.open_summaries.insert(
                        uri.clone(),
                        OpenSummary {
                            version: doc.version,
                            catalog: doc.catalog().clone(),
                            summary: summary.clone(),
                        },
                    );
                    summary
                }
            };
            out.push((uri.clone(), summary));
        }
        (out, st.encoding)
    }

    /// Runs `f` over every file of the workspace, open documents first, off the handler. When
    /// the request is cancelled (`$/cancelRequest` drops this future), `f` is told to stop.
    async fn across_workspace<T: Send + 'static>(
        &self,
        f: impl FnOnce(
                &mut dyn Iterator<Item = (FileRef, &FileSummary)>,
                &Catalog,
                &dyn Fn() -> bool,
            ) -> T
            + Send
            + 'static,
    ) -> Result<T> {
        self.workspace.wait_ready().await;
        let (open, _) = self.open_summaries();
        let ws = self.workspace.clone();
        let cancel = CancelOnDrop::default();
        let flag = cancel.0.clone();
        let job = tokio::task::spawn_blocking(move || {
            let index = ws.index();
            let open_paths: HashSet<PathBuf> = open
                .iter()
                .filter_map(|(u, _)| fileuri::to_path(u))
                .collect();
            let mut files = open.iter().map(|(u, s)| (FileRef::Open(u), &**s)).chain(
                index
                    .iter()
                    .filter(|(p, _)| !open_paths.contains(*p))
                    .map(|(p, s)| (FileRef::Disk(p), &**s)),
            );
            f(&mut files, &index.catalog, &|| flag.load(Ordering::Relaxed))
        });
        let answer = job.await.map_err(|_| {
            tracing::error!("internal error while answering a workspace request");
            Error::internal_error()
        });
        drop(cancel);
        answer
    }

    /// The findings of one file for a pull: the open document's, or the index's for a file
    /// that is not open. `None` for a file the server knows nothing of.
    fn pulled(&self, uri: &Uri) -> Option<(Vec<Diagnostic>, Option<i32>)> {
        let st = self.lock();
        if let Some(doc) = st.docs.get(uri) {
            let p = doc.positions(st.encoding);
            let diags = fixes::findings(&doc.doc(), &st.settings.rules)
                .iter()
                .map(|d| convert::diagnostic(d, uri, &p))
                .collect();
            return Some((diags, Some(doc.version)));
        }
        let path = fileuri::to_path(uri)?;
        let index = self.workspace.index();
        let summary = index.get(&path)?;
        Some((
            crate::workspace::findings(summary, &st.settings.rules)
                .iter()
                .map(|f| convert::finding(f, uri, st.encoding))
                .collect(),
            None,
        ))
    }
}

/// One spelling of a file's URI, so the client's and the server's escaping compare equal.
fn file_key(uri: &Uri) -> Uri {
    fileuri::key(uri)
}

/// Set when the request it belongs to is dropped (cancelled): the work in progress stops.
#[derive(Default)]
struct CancelOnDrop(Arc<AtomicBool>);

impl Drop for CancelOnDrop {
    fn drop(&mut self) {
        self.0.store(true, Ordering::Relaxed);
    }
}

/// How many workspace symbols one answer holds at most; editors ask again as the query grows.
const SYMBOL_LIMIT: usize = 500;

/// Ends the process when the editor that started us has gone (LSP `processId`), within a
/// second: a look at `/proc` four times a second costs nothing.
fn watch_parent(pid: u32) {
    #[cfg(target_os = "linux")]
    tokio::spawn(async move {
        let path = format!("/proc/{pid}");
        loop {
            tokio::time::sleep(std::time::Duration::from_millis(250)).await;
            // A parent that died but was not yet reaped is a zombie: state `Z` in its stat line.
            let gone = match std::fs::read_to_string(format!("{path}/stat")) {
                Ok(stat) => stat
                    .rsplit_once(')')
                    .is_some_and(|(_, rest)| rest.trim_start().starts_with(['Z', 'X'])),
                Err(_) => true,
            };
            if gone {
                tracing::info!(pid, "editor process has exited; stopping");
                std::process::exit(1);
            }
        }
    });
    #[cfg(not(target_os = "linux"))]
    let _ = pid;
}

fn negotiate_encoding(params: &InitializeParams) -> Encoding {
    let offered = params
        .capabilities
        .general
        .as_ref()
        .and_then(|g| g.position_encodings.as_ref());
    match offered {
        Some(list) if list.contains(&PositionEncodingKind::UTF8) => Encoding::Utf8,
        _ => Encoding::Utf16,
    }
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        let encoding = negotiate_encoding(&params);
        if let Some(pid) = params.process_id {
            watch_parent(pid);
        }
        let mut problems = Vec::new();
        {
            let mut st = self.lock();
            st.encoding = encoding;
            st.config_pull = params
                .capabilities
                .workspace
                .as_ref()
                .and_then(|w| w.configuration)
                .unwrap_or(false);
            if let Some(opts) = &params.initialization_options {
                st.settings = Settings::from_json(opts, &mut problems);
                // Only here, never from workspace/configuration: a folder's own settings must
                // not be able to declare the folder trusted.
                st.trusted = super::config::trusted_workspace(opts);
            }
            #[allow(deprecated)] // rootUri is still what many clients send.
            let root = params
                .workspace_folders
                .as_ref()
                .and_then(|f| f.first())
                .map(|f| f.uri.clone())
                .or_else(|| params.root_uri.clone());
            st.root = root.and_then(|u| fileuri::to_path(&u));
            st.watch_registration = params
                .capabilities
                .workspace
                .as_ref()
                .and_then(|w| w.did_change_watched_files.as_ref())
                .and_then(|d| d.dynamic_registration)
                .unwrap_or(false);
            st.link_tooltips = params
                .capabilities
                .text_document
                .as_ref()
                .and_then(|t| t.document_link.as_ref())
                .and_then(|l| l.tooltip_support)
                .unwrap_or(false);
            st.snippets = params
                .capabilities
                .text_document
                .as_ref()
                .and_then(|t| t.completion.as_ref())
                .and_then(|c| c.completion_item.as_ref())
                .and_then(|c| c.snippet_support)
                .unwrap_or(false);
            st.definition_links = params
                .capabilities
                .text_document
                .as_ref()
                .and_then(|t| t.definition.as_ref())
                .and_then(|d| d.link_support)
                .unwrap_or(false);
        }
        for p in problems {
            tracing::warn!("initializationOptions: {p}");
        }
        // The workspace: which folders to index, and how this client wants diagnostics. A
        // client pulls when it can pull and can be told to pull again: findings also change
        // without an edit (settings, the catalog, files on disk), and a client that cannot be
        // told would show stale ones, so it gets them pushed (Neovim 0.11 and 0.12 declare pulls
        // without `refreshSupport`).
        let refresh = params
            .capabilities
            .workspace
            .as_ref()
            .and_then(|w| w.diagnostics.as_ref())
            .and_then(|d| d.refresh_support)
            .unwrap_or(false);
        let pull = refresh
            && params
                .capabilities
                .text_document
                .as_ref()
                .is_some_and(|t| t.diagnostic.is_some());
        self.publisher.set_pull(pull);
        {
            let mut st = self.lock();
            st.progress = params
                .capabilities
                .window
                .as_ref()
                .and_then(|w| w.work_done_progress)
                .unwrap_or(false);
            st.pull_refresh = refresh;
        }
        #[allow(deprecated)] // rootUri is still what many clients send.
        let roots: Vec<PathBuf> = match &params.workspace_folders {
            Some(folders) => folders
                .iter()
                .filter_map(|f| fileuri::to_path(&f.uri))
                .collect(),
            None => params
                .root_uri
                .iter()
                .filter_map(fileuri::to_path)
                .collect(),
        };
        self.workspace.set_roots(roots);
        Ok(InitializeResult {
            server_info: Some(ServerInfo {
                name: "imr-lsp".to_string(),
                version: Some(env!("CARGO_PKG_VERSION").to_string()),
            }),
            capabilities: ServerCapabilities {
                position_encoding: Some(match encoding {
                    Encoding::Utf8 => PositionEncodingKind::UTF8,
                    Encoding::Utf16 => PositionEncodingKind::UTF16,
                }),
                text_document_sync: Some(TextDocumentSyncCapability::Options(
                    TextDocumentSyncOptions {
                        open_close: Some(true),
                        change: Some(TextDocumentSyncKind::INCREMENTAL),
                        ..Default::default()
                    },
                )),
                document_symbol_provider: Some(OneOf::Left(true)),
                hover_provider: Some(HoverProviderCapability::Simple(true)),
                folding_range_provider: Some(FoldingRangeProviderCapability::Simple(true)),
                selection_range_provider: Some(SelectionRangeProviderCapability::Simple(true)),
                document_link_provider: Some(DocumentLinkOptions {
                    resolve_provider: Some(false),
                    work_done_progress_options: WorkDoneProgressOptions::default(),
                }),
                inlay_hint_provider: Some(OneOf::Left(true)),
                code_action_provider: Some(CodeActionProviderCapability::Options(
                    CodeActionOptions {
                        code_action_kinds: Some(vec![CodeActionKind::QUICKFIX]),
                        ..CodeActionOptions::default()
                    },
                )),
                completion_provider: Some(CompletionOptions {
                    trigger_characters: Some(vec![":".to_string()]),
                    ..CompletionOptions::default()
                }),
                code_lens_provider: Some(CodeLensOptions {
                    resolve_provider: Some(false),
                }),
                semantic_tokens_provider: Some(
                    SemanticTokensServerCapabilities::SemanticTokensOptions(
                        SemanticTokensOptions {
                            legend: convert::semantic_legend(),
                            range: Some(true),
                            full: Some(SemanticTokensFullOptions::Delta { delta: Some(true) }),
                            work_done_progress_options: WorkDoneProgressOptions::default(),
                        },
                    ),
                ),
                definition_provider: Some(OneOf::Left(true)),
                workspace_symbol_provider: Some(OneOf::Left(true)),
                workspace: Some(WorkspaceServerCapabilities {
                    workspace_folders: Some(WorkspaceFoldersServerCapabilities {
                        supported: Some(true),
                        change_notifications: Some(OneOf::Left(true)),
                    }),
                    file_operations: None,
                }),
                references_provider: Some(OneOf::Left(true)),
                diagnostic_provider: pull.then(|| {
                    DiagnosticServerCapabilities::Options(DiagnosticOptions {
                        identifier: Some("imr".to_string()),
                        inter_file_dependencies: false,
                        workspace_diagnostics: true,
                        work_done_progress_options: WorkDoneProgressOptions::default(),
                    })
                }),
                ..ServerCapabilities::default()
            },
            offset_encoding: None,
        })
    }

    async fn initialized(&self, _: InitializedParams) {
        tracing::info!("imr-lsp {} ready", env!("CARGO_PKG_VERSION"));
        let watch = self.lock().watch_registration;
        if watch {
            let mut watchers = vec![FileSystemWatcher {
                glob_pattern: GlobPattern::String("**/.imr/guidelines.{toml,json}".to_string()),
                kind: None,
            }];
            // The letters of the workspace index.
            watchers.extend(
                indexer::letter_globs()
                    .into_iter()
                    .map(|g| FileSystemWatcher {
                        glob_pattern: GlobPattern::String(g),
                        kind: None,
                    }),
            );
            let options = DidChangeWatchedFilesRegistrationOptions { watchers };
            let reg = Registration {
                id: "imr-catalog-watch".to_string(),
                method: "workspace/didChangeWatchedFiles".to_string(),
                register_options: serde_json::to_value(options).ok(),
            };
            self.ask(
                "client/registerCapability (watching the catalog file)",
                self.client.register_capability(vec![reg]),
            )
            .await;
        }
        self.pull_settings().await;
        self.reload_catalog().await;
        self.start_scan();
    }

    async fn did_change_workspace_folders(&self, params: DidChangeWorkspaceFoldersParams) {
        let path = |f: &WorkspaceFolder| fileuri::to_path(&f.uri);
        let mut roots = self.workspace.roots();
        let removed: Vec<PathBuf> = params.event.removed.iter().filter_map(path).collect();
        roots.retain(|r| !removed.contains(r));
        for p in params.event.added.iter().filter_map(path) {
            if !roots.contains(&p) {
                roots.push(p);
            }
        }
        self.workspace.set_roots(roots);
        if self.scanned.load(Ordering::SeqCst) {
            self.start_scan();
        }
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        let (letters, others): (Vec<FileEvent>, Vec<FileEvent>) = params
            .changes
            .into_iter()
            .partition(indexer::is_letter_event);
        if !others.is_empty() || letters.is_empty() {
            self.reload_catalog().await;
        }
        if !letters.is_empty() {
            let open = self.open_paths();
            if self.workspace.apply_events(letters, &open).await {
                self.refresh_pull().await;
            }
        }
    }

    async fn shutdown(&self) -> Result<()> {
        self.life.clean_shutdown.store(true, Ordering::SeqCst);
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        let doc = params.text_document;
        {
            let mut st = self.lock();
            let catalog = st.catalog();
            let parsed = catch_unwind(AssertUnwindSafe(|| {
                Document::with_catalog(&doc.text, doc.version, catalog)
            }));
            match parsed {
                Ok(d) => {
                    st.docs.insert(doc.uri.clone(), d);
                    self.queue(&st, &doc.uri);
                }
                Err(_) => tracing::error!(
                    uri = doc.uri.as_str(),
                    "internal error while parsing a document"
                ),
            }
        }
        self.publish().await;
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        let uri = params.text_document.uri;
        let version = params.text_document.version;
        // Everything up to the queueing happens before any await: changes apply in arrival order.
        let refused = {
            let mut st = self.lock();
            let enc = st.encoding;
            match st.docs.get_mut(&uri) {
                None => Some(format!("edit to a document that is not open: {}", uri.as_str())),
                Some(doc) if version <= doc.version => Some(format!(
                    "refused change with version {version} to {} (already at {}); the editor should resend the document",
                    uri.as_str(),
                    doc.version
                )),
                Some(doc) => {
                    let applied = catch_unwind(AssertUnwindSafe(|| {
                        for change in &params.content_changes {
                            doc.apply(change, enc);
                        }
                    }));
                    doc.version = version;
                    if applied.is_err() {
                        // Keep the text; rebuild the model from it.
                        tracing::error!(uri = uri.as_str(), "internal error while applying a change; re-parsing the document");
                        let text = doc.text();
                        let cat = doc.catalog().clone();
                        *doc = catch_unwind(AssertUnwindSafe(|| {
                            Document::with_catalog(&text, version, cat.clone())
                        }))
                        .unwrap_or_else(|_| Document::unparsed(&text, version, cat));
                    }
                    self.queue(&st, &uri);
                    None
                }
            }
        };
        match refused {
            None => self.publish().await,
            Some(msg) => {
                tracing::warn!("{msg}");
                self.client.log_message(MessageType::WARNING, msg).await;
            }
        }
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        let uri = params.text_document.uri;
        let removed = self.lock().docs.remove(&uri).is_some();
        if removed {
            // The file on disk is the workspace's version of it again (read before the clear
            // goes out, so a client that saw the clear finds the index up to date).
            if let Some(path) = fileuri::to_path(&uri) {
                if self.workspace.reread(path).await {
                    self.refresh_pull().await;
                }
            }
            if self.publisher.pulls() {
                self.workspace.touch();
            }
            self.publisher.push(Publish {
                uri,
                diags: Vec::new(),
                version: None,
            });
            self.publish().await;
        }
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        if self.lock().config_pull {
            self.pull_settings().await;
        } else {
            self.set_settings(&params.settings).await;
        }
    }

    async fn document_symbol(
        &self,
        params: DocumentSymbolParams,
    ) -> Result<Option<DocumentSymbolResponse>> {
        self.with_doc(&params.text_document.uri, |doc, enc| {
            let p = doc.positions(enc);
            let syms = symbols::outline(&doc.doc())
                .into_iter()
                .map(|s| convert::symbol(s, &p))
                .collect();
            Some(DocumentSymbolResponse::Nested(syms))
        })
    }

    async fn folding_range(&self, params: FoldingRangeParams) -> Result<Option<Vec<FoldingRange>>> {
        self.with_doc(&params.text_document.uri, |doc, enc| {
            let p = doc.positions(enc);
            Some(
                folding::folds(&doc.doc())
                    .into_iter()
                    .filter_map(|s| convert::fold(s, &p))
                    .collect(),
            )
        })
    }

    async fn selection_range(
        &self,
        params: SelectionRangeParams,
    ) -> Result<Option<Vec<SelectionRange>>> {
        self.with_doc(&params.text_document.uri, |doc, enc| {
            let p = doc.positions(enc);
            Some(
                params
                    .positions
                    .iter()
                    .map(|pos| {
                        let offset = p.offset(*pos);
                        let chain = folding::enclosing(&doc.doc(), offset);
                        convert::selection_range(&chain, offset, &p)
                    })
                    .collect(),
            )
        })
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        let tdp = params.text_document_position_params;
        self.with_doc(&tdp.text_document.uri, |doc, enc| {
            let p = doc.positions(enc);
            hover::hover(&doc.doc(), p.offset(tdp.position)).map(|h| convert::hover(h, &p))
        })
    }

    async fn document_link(&self, params: DocumentLinkParams) -> Result<Option<Vec<DocumentLink>>> {
        let tooltips = self.lock().link_tooltips;
        self.with_doc(&params.text_document.uri, |doc, enc| {
            let p = doc.positions(enc);
            Some(
                links::links(&doc.doc())
                    .into_iter()
                    .filter_map(|l| convert::link(l, &p, tooltips))
                    .collect(),
            )
        })
    }

    async fn inlay_hint(&self, params: InlayHintParams) -> Result<Option<Vec<InlayHint>>> {
        self.with_doc(&params.text_document.uri, |doc, enc| {
            let p = doc.positions(enc);
            let range = Span::new(p.offset(params.range.start), p.offset(params.range.end));
            Some(
                inlay::hints(&doc.doc(), range)
                    .into_iter()
                    .map(|h| convert::inlay_hint(h, &p))
                    .collect(),
            )
        })
    }

    async fn completion(&self, params: CompletionParams) -> Result<Option<CompletionResponse>> {
        let tdp = params.text_document_position;
        let snippets = self.lock().snippets;
        let uri = &tdp.text_document.uri;
        // An `.imr` file or an unsaved buffer is meant to hold a letter; a `.txt` may be anything.
        let cx = completion::Context {
            letter_file: uri.path().as_str().ends_with(".imr") || uri.scheme().as_str() != "file",
        };
        self.with_doc(uri, |doc, enc| {
            let offset = doc.positions(enc).offset(tdp.position);
            let items = completion::completions(&doc.doc(), offset, cx);
            (!items.is_empty()).then(|| {
                CompletionResponse::Array(
                    items
                        .into_iter()
                        .map(|c| convert::completion(c, snippets))
                        .collect(),
                )
            })
        })
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        let uri = params.text_document.uri;
        let rules = self.lock().settings.rules.clone();
        self.with_doc(&uri, |doc, enc| {
            let p = doc.positions(enc);
            let range = Span::new(p.offset(params.range.start), p.offset(params.range.end));
            Some(
                fixes::quick_fixes(&doc.doc(), &rules, range)
                    .into_iter()
                    .map(|q| convert::code_action(q, &uri, &p))
                    .collect(),
            )
        })
    }

    async fn code_lens(&self, params: CodeLensParams) -> Result<Option<Vec<CodeLens>>> {
        let rules = self.lock().settings.rules.clone();
        self.with_doc(&params.text_document.uri, |doc, enc| {
            let p = doc.positions(enc);
            let findings = fixes::findings(&doc.doc(), &rules);
            Some(
                codelens::lenses(&doc.doc(), &findings)
                    .into_iter()
                    .map(|l| convert::code_lens(l, &p))
                    .collect(),
            )
        })
    }

    async fn semantic_tokens_full(
        &self,
        params: SemanticTokensParams,
    ) -> Result<Option<SemanticTokensResult>> {
        let uri = params.text_document.uri;
        let data = self.semantic_data(&uri)?;
        let result_id = self.remember_tokens(&uri, data.clone());
        Ok(Some(SemanticTokensResult::Tokens(SemanticTokens {
            result_id: Some(result_id),
            data,
        })))
    }

    async fn semantic_tokens_full_delta(
        &self,
        params: SemanticTokensDeltaParams,
    ) -> Result<Option<SemanticTokensFullDeltaResult>> {
        let uri = params.text_document.uri;
        let data = self.semantic_data(&uri)?;
        let previous = {
            let st = self.lock();
            st.semantic
                .get(&uri)
                .filter(|(id, _)| *id == params.previous_result_id)
                .map(|(_, old)| convert::token_edit(old, &data))
        };
        let result_id = self.remember_tokens(&uri, data.clone());
        Ok(Some(match previous {
            Some(edit) => SemanticTokensFullDeltaResult::TokensDelta(SemanticTokensDelta {
                result_id: Some(result_id),
                edits: edit.into_iter().collect(),
            }),
            // An id we no longer hold: the whole set.
            None => SemanticTokensFullDeltaResult::Tokens(SemanticTokens {
                result_id: Some(result_id),
                data,
            }),
        }))
    }

    async fn semantic_tokens_range(
        &self,
        params: SemanticTokensRangeParams,
    ) -> Result<Option<SemanticTokensRangeResult>> {
        self.with_doc(&params.text_document.uri, |doc, enc| {
            let p = doc.positions(enc);
            let (a, b) = doc.byte_range(params.range, enc);
            let tokens = semantic::tokens(&doc.doc(), Span::new(a, b));
            Some(SemanticTokensRangeResult::Tokens(SemanticTokens {
                result_id: None,
                data: convert::semantic_tokens(&tokens, &p),
            }))
        })
    }

    async fn goto_definition(
        &self,
        params: GotoDefinitionParams,
    ) -> Result<Option<GotoDefinitionResponse>> {
        let links = self.lock().definition_links;
        let tdp = params.text_document_position_params;
        let uri = &tdp.text_document.uri;
        self.with_doc(uri, |doc, enc| {
            let p = doc.positions(enc);
            definition::definition(&doc.doc(), p.offset(tdp.position))
                .map(|d| convert::definition(d, uri, &p, links))
        })
    }

    async fn symbol(
        &self,
        params: WorkspaceSymbolParams,
    ) -> Result<Option<WorkspaceSymbolResponse>> {
        let enc = self.lock().encoding;
        let query = params.query;
        let symbols = self
            .across_workspace(move |files, _, cancelled| {
                crate::workspace::symbols::search(files, &query, SYMBOL_LIMIT, cancelled)
                    .iter()
                    .filter_map(|h| Some(convert::workspace_symbol(h, h.file.uri()?, enc)))
                    .collect::<Vec<_>>()
            })
            .await?;
        Ok(Some(WorkspaceSymbolResponse::Flat(symbols)))
    }

    async fn references(&self, params: ReferenceParams) -> Result<Option<Vec<Location>>> {
        let tdp = params.text_document_position;
        let uri = tdp.text_document.uri;
        let target = self.with_doc(&uri, |doc, enc| {
            target_at(&doc.doc(), doc.positions(enc).offset(tdp.position))
        })?;
        let Some(target) = target else {
            return Ok(None);
        };
        let enc = self.lock().encoding;
        let mut found = self
            .across_workspace(move |files, catalog, cancelled| {
                references(files, &target, catalog, cancelled)
                    .into_iter()
                    .filter_map(|(f, r)| {
                        Some(Location {
                            uri: f.uri()?,
                            range: convert::loc_range(r, enc),
                        })
                    })
                    .collect::<Vec<_>>()
            })
            .await?;
        if !params.context.include_declaration {
            let at = tdp.position;
            found.retain(|l| !(l.uri == uri && l.range.start <= at && at <= l.range.end));
        }
        Ok(Some(found))
    }

    async fn diagnostic(
        &self,
        params: DocumentDiagnosticParams,
    ) -> Result<DocumentDiagnosticReportResult> {
        let uri = params.text_document.uri;
        let (items, _) = self.pulled(&uri).unwrap_or_default();
        let id = convert::result_id(&items);
        let report = if params.previous_result_id.as_deref() == Some(id.as_str()) {
            DocumentDiagnosticReport::Unchanged(RelatedUnchangedDocumentDiagnosticReport {
                related_documents: None,
                unchanged_document_diagnostic_report: UnchangedDocumentDiagnosticReport {
                    result_id: id,
                },
            })
        } else {
            DocumentDiagnosticReport::Full(RelatedFullDocumentDiagnosticReport {
                related_documents: None,
                full_document_diagnostic_report: FullDocumentDiagnosticReport {
                    result_id: Some(id),
                    items,
                },
            })
        };
        Ok(DocumentDiagnosticReportResult::Report(report))
    }

    async fn workspace_diagnostic(
        &self,
        params: WorkspaceDiagnosticParams,
    ) -> Result<WorkspaceDiagnosticReportResult> {
        let previous: HashMap<Uri, String> = params
            .previous_result_ids
            .into_iter()
            .map(|p| (p.uri, p.value))
            .collect();
        // A client that already has every report gets an answer when something changes (a
        // long poll, as LSP intends), not a list of `unchanged` reports every few seconds.
        let deadline = tokio::time::Instant::now() + indexer::WORKSPACE_PULL_HOLD;
        loop {
            let mut changes = self.workspace.changes();
            let report = self.workspace_report(previous.clone()).await?;
            let all_unchanged = !previous.is_empty()
                && report
                    .items
                    .iter()
                    .all(|i| matches!(i, WorkspaceDocumentDiagnosticReport::Unchanged(_)));
            if !all_unchanged {
                return Ok(WorkspaceDiagnosticReportResult::Report(report));
            }
            if tokio::time::timeout_at(deadline, changes.changed())
                .await
                .is_err()
            {
                return Ok(WorkspaceDiagnosticReportResult::Report(report));
            }
            // Let a burst of keystrokes settle before reporting the whole folder again.
            tokio::time::sleep(indexer::WORKSPACE_PULL_SETTLE).await;
        }
    }
}

impl Backend {
    /// The reports of every file of the workspace, `unchanged` where `previous` holds the
    /// client's result id for what it would be.
    async fn workspace_report(
        &self,
        previous: HashMap<Uri, String>,
    ) -> Result<WorkspaceDiagnosticReport> {
        // Keyed by the file, whatever escaping the client's URIs use; the client's own URI is
        // kept for a file that has gone.
        let mut previous: HashMap<Uri, (Uri, String)> = previous
            .into_iter()
            .map(|(u, id)| (file_key(&u), (u, id)))
            .collect();
        // Open documents first, from the editor's text; then every other letter on disk.
        let (open, rules, enc) = {
            let st = self.lock();
            let open: Vec<(Uri, Vec<Diagnostic>, i32)> = st
                .docs
                .iter()
                .map(|(uri, doc)| {
                    let p = doc.positions(st.encoding);
                    let diags = fixes::findings(&doc.doc(), &st.settings.rules)
                        .iter()
                        .map(|d| convert::diagnostic(d, uri, &p))
                        .collect();
                    (uri.clone(), diags, doc.version)
                })
                .collect();
            (open, st.settings.rules.clone(), st.encoding)
        };
        let ws = self.workspace.clone();
        let open_paths: HashSet<PathBuf> = open
            .iter()
            .filter_map(|(u, _, _)| fileuri::to_path(u))
            .collect();
        let disk = tokio::task::spawn_blocking(move || {
            let index = ws.index();
            index
                .iter()
                .filter_map(|(path, summary)| {
                    if open_paths.contains(path) {
                        return None;
                    }
                    let uri = fileuri::from_path(path)?;
                    let diags = crate::workspace::findings(summary, &rules)
                        .iter()
                        .map(|f| convert::finding(f, &uri, enc))
                        .collect();
                    Some((uri, diags))
                })
                .collect::<Vec<(Uri, Vec<Diagnostic>)>>()
        })
        .await
        .map_err(|_| Error::internal_error())?;
        let mut items = Vec::with_capacity(open.len() + disk.len());
        let all = open
            .into_iter()
            .map(|(u, d, v)| (u, d, Some(v as i64)))
            .chain(disk.into_iter().map(|(u, d)| (u, d, None)));
        for (uri, diags, version) in all {
            let id = convert::result_id(&diags);
            let same = previous
                .remove(&file_key(&uri))
                .is_some_and(|(_, prev)| prev == id);
            items.push(if same {
                WorkspaceDocumentDiagnosticReport::Unchanged(
                    WorkspaceUnchangedDocumentDiagnosticReport {
                        uri,
                        version,
                        unchanged_document_diagnostic_report: UnchangedDocumentDiagnosticReport {
                            result_id: id,
                        },
                    },
                )
            } else {
                WorkspaceDocumentDiagnosticReport::Full(WorkspaceFullDocumentDiagnosticReport {
                    uri,
                    version,
                    full_document_diagnostic_report: FullDocumentDiagnosticReport {
                        result_id: Some(id),
                        items: diags,
                    },
                })
            });
        }
        // Files the client still shows that are gone (deleted, or no longer letters): clear them.
        for (_, (uri, _)) in previous {
            items.push(WorkspaceDocumentDiagnosticReport::Full(
                WorkspaceFullDocumentDiagnosticReport {
                    uri,
                    version: None,
                    full_document_diagnostic_report: FullDocumentDiagnosticReport {
                        result_id: Some(convert::result_id(&[])),
                        items: Vec::new(),
                    },
                },
            ));
        }
        Ok(WorkspaceDiagnosticReport { items })
    }
}
