//! The workspace index inside the server: the background scan with its `$/progress`, the file
//! watcher's updates, and the open documents laid over the summaries read from disk.
//!
//! Indexing never runs on a handler: the walk and the analyses run on a small rayon pool (one
//! core is left to the editor's requests), and the index is swapped in when the scan is done.

use crate::catalog::Catalog;
use crate::fileuri;
use crate::workspace::scan;
use crate::workspace::summary::FileSummary;
use crate::workspace::Index;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock, RwLock, RwLockReadGuard};
use std::time::Duration;
use tower_lsp_server::ls_types::{FileChangeType, FileEvent, ProgressToken, Uri};
use tower_lsp_server::Client;

/// How long a workspace request waits for the first scan before answering with what is indexed.
pub const FIRST_SCAN_WAIT: Duration = Duration::from_secs(10);

/// How long to wait for the editor to accept a progress token before indexing without one.
const PROGRESS_CREATE_WAIT: Duration = Duration::from_secs(5);

/// How long a workspace diagnostics pull with nothing new is held before it is answered
/// `unchanged` anyway.
pub const WORKSPACE_PULL_HOLD: Duration = Duration::from_secs(30);

/// How long a held workspace pull waits after a change for more changes to come with it.
pub const WORKSPACE_PULL_SETTLE: Duration = Duration::from_millis(300);

/// How often progress is reported while a scan runs.
const PROGRESS_EVERY: Duration = Duration::from_millis(200);

/// A file of the workspace as the features see it: an open document or a summary from disk.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileRef<'a> {
    Open(&'a Uri),
    Disk(&'a Path),
}

impl FileRef<'_> {
    pub fn uri(self) -> Option<Uri> {
        match self {
            FileRef::Open(u) => Some(u.clone()),
            FileRef::Disk(p) => fileuri::from_path(p),
        }
    }

    /// The file's name, for a symbol's container.
    pub fn name(self) -> String {
        match self {
            FileRef::Open(u) => match fileuri::to_path(u) {
                Some(p) => FileRef::Disk(&p).name(),
                None => u.as_str().rsplit('/').next().unwrap_or("").to_string(),
            },
            FileRef::Disk(p) => p
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
        }
    }
}

/// The running (or last) scan: its cancel flag, and watcher events that arrived meanwhile.
#[derive(Default)]
struct ScanState {
    cancel: Arc<AtomicBool>,
    running: bool,
    queued: Vec<FileEvent>,
}

/// The index and what keeps it fresh.
pub struct Workspace {
    index: RwLock<Index>,
    ready: tokio::sync::watch::Sender<bool>,
    /// Bumped whenever what a pulling client would be shown may have changed.
    changes: tokio::sync::watch::Sender<u64>,
    scan: Mutex<ScanState>,
    tokens: AtomicU64,
    pool: OnceLock<Option<Arc<rayon::ThreadPool>>>,
}

impl Workspace {
    pub fn new(catalog: Arc<Catalog>) -> Self {
        Workspace {
            index: RwLock::new(Index::new(catalog)),
            ready: tokio::sync::watch::channel(false).0,
            changes: tokio::sync::watch::channel(0).0,
            scan: Mutex::default(),
            tokens: AtomicU64::new(0),
            pool: OnceLock::new(),
        }
    }

    pub fn index(&self) -> RwLockReadGuard<'_, Index> {
        self.index.read().unwrap_or_else(|e| e.into_inner())
    }

    fn scan_state(&self) -> MutexGuard<'_, ScanState> {
        self.scan.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Says that findings may have changed (a document, the index, the settings).
    pub fn touch(&self) {
        self.changes.send_modify(|n| *n = n.wrapping_add(1));
    }

    /// A receiver that sees the next [`Self::touch`].
    pub fn changes(&self) -> tokio::sync::watch::Receiver<u64> {
        self.changes.subscribe()
    }

    /// Marks the index complete without a scan (no workspace folder).
    pub fn mark_ready(&self) {
        self.ready.send_replace(true);
    }

    /// Waits until the first scan is done, at most [`FIRST_SCAN_WAIT`].
    pub async fn wait_ready(&self) {
        let mut rx = self.ready.subscribe();
        let _ = tokio::time::timeout(FIRST_SCAN_WAIT, rx.wait_for(|r| *r)).await;
    }

    /// One core for indexing is kept free for the editor's requests (at least one thread).
    fn pool(&self) -> Option<Arc<rayon::ThreadPool>> {
        self.pool
            .get_or_init(|| {
                let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
                rayon::ThreadPoolBuilder::new()
                    .num_threads(cores.saturating_sub(1).max(1))
                    .thread_name(|i| format!("imr-index-{i}"))
                    .build()
                    .map(Arc::new)
                    .ok()
            })
            .clone()
    }

    /// Indexes every letter under `roots` against `catalog` and swaps the result in. A scan
    /// started later cancels this one. Returns the number of letters indexed, or `None` when
    /// cancelled. With `progress`, reports `$/progress` under a token created for it.
    pub async fn scan(
        self: &Arc<Self>,
        client: &Client,
        roots: Vec<PathBuf>,
        catalog: Arc<Catalog>,
        progress: bool,
    ) -> Option<usize> {
        let cancel = {
            let mut s = self.scan_state();
            s.cancel.store(true, Ordering::SeqCst);
            s.cancel = Arc::new(AtomicBool::new(false));
            s.running = true;
            s.cancel.clone()
        };
        let reporter = if progress {
            self.begin_progress(client).await
        } else {
            None
        };
        let walk_roots = roots.clone();
        let paths = tokio::task::spawn_blocking(move || scan::candidates(&walk_roots))
            .await
            .unwrap_or_default();
        let total = paths.len();
        if let Some(p) = &reporter {
            p.report_with_message(progress_message(0, total), 0).await;
        }
        let done = Arc::new(AtomicUsize::new(0));
        let job = {
            let (done, cancel, catalog, pool) =
                (done.clone(), cancel.clone(), catalog.clone(), self.pool());
            tokio::task::spawn_blocking(move || {
                let run = || scan::index_all(&paths, &catalog, &done, &cancel);
                match pool {
                    Some(p) => p.install(run),
                    None => run(),
                }
            })
        };
        tokio::pin!(job);
        let results = loop {
            tokio::select! {
                r = &mut job => break r.unwrap_or_default(),
                _ = tokio::time::sleep(PROGRESS_EVERY) => {
                    if let Some(p) = &reporter {
                        let n = done.load(Ordering::Relaxed);
                        p.report_with_message(progress_message(n, total), percent(n, total)).await;
                    }
                }
            }
        };
        if cancel.load(Ordering::SeqCst) {
            if let Some(p) = reporter {
                p.finish_with_message("cancelled").await;
            }
            return None;
        }
        let letters = results.len();
        {
            let mut index = Index::new(catalog);
            index.roots = roots;
            for (path, summary) in results {
                index.set(path, Some(summary));
            }
            *self.index.write().unwrap_or_else(|e| e.into_inner()) = index;
        }
        let queued = {
            let mut s = self.scan_state();
            s.running = false;
            std::mem::take(&mut s.queued)
        };
        if !queued.is_empty() {
            self.apply_events(queued, &[]).await;
        }
        if let Some(p) = reporter {
            p.finish_with_message(format!("{} letters", thousands(letters)))
                .await;
        }
        self.ready.send_replace(true);
        self.touch();
        tracing::info!(letters, files = total, "workspace indexed");
        Some(letters)
    }

    async fn begin_progress(
        &self,
        client: &Client,
    ) -> Option<
        tower_lsp_server::OngoingProgress<
            tower_lsp_server::Bounded,
            tower_lsp_server::NotCancellable,
        >,
    > {
        let n = self.tokens.fetch_add(1, Ordering::Relaxed);
        let token = ProgressToken::String(format!("imr-index-{n}"));
        let created = tokio::time::timeout(
            PROGRESS_CREATE_WAIT,
            client.create_work_done_progress(token.clone()),
        )
        .await;
        if !matches!(created, Ok(Ok(()))) {
            tracing::info!("the editor did not accept a progress token; indexing without progress");
            return None;
        }
        Some(
            client
                .progress(token, "Indexing letters")
                .with_percentage(0)
                .begin()
                .await,
        )
    }

    /// Applies the watcher's events for letter files: re-reads created and changed files,
    /// forgets deleted ones. Files open in the editor are skipped (`open`): the editor's text
    /// wins, and the file is re-read when it is closed. Events that arrive during a scan are
    /// applied after it. Returns whether the index changed.
    pub async fn apply_events(self: &Arc<Self>, events: Vec<FileEvent>, open: &[PathBuf]) -> bool {
        {
            let mut s = self.scan_state();
            if s.running {
                s.queued.extend(events);
                return false;
            }
        }
        let (roots, catalog) = {
            let index = self.index();
            (index.roots.clone(), index.catalog.clone())
        };
        let open = open.to_vec();
        let ws = self.clone();
        let work = move || {
            let mut updates = Vec::new();
            for e in events {
                let Some(path) = fileuri::to_path(&e.uri) else {
                    continue;
                };
                if open.contains(&path) {
                    continue;
                }
                let ignored = !roots.is_empty()
                    && !roots
                        .iter()
                        .any(|r| path.starts_with(r) && !scan::is_ignored(r, &path));
                let summary = if e.typ == FileChangeType::DELETED || ignored {
                    None
                } else {
                    scan::index_file(&path, &catalog)
                };
                updates.push((e.typ, path, summary));
            }
            let mut index = ws.index.write().unwrap_or_else(|e| e.into_inner());
            let mut changed = false;
            for (typ, path, summary) in updates {
                if typ == FileChangeType::DELETED && scan::kind(&path).is_none() {
                    // A deleted folder takes its letters with it.
                    index.remove_under(&path);
                    changed = true;
                    continue;
                }
                if index.get(&path).map(|s| &**s) != summary.as_ref() {
                    index.set(path, summary);
                    changed = true;
                }
            }
            changed
        };
        tokio::task::spawn_blocking(work).await.unwrap_or(false)
    }

    /// Re-reads one file from disk (a document was closed: the disk is the truth again).
    pub async fn reread(self: &Arc<Self>, path: PathBuf) -> bool {
        let uri = match fileuri::from_path(&path) {
            Some(u) => u,
            None => return false,
        };
        let inside = self.index().roots.iter().any(|r| path.starts_with(r));
        if !inside || scan::kind(&path).is_none() {
            return false;
        }
        self.apply_events(
            vec![FileEvent {
                uri,
                typ: FileChangeType::CHANGED,
            }],
            &[],
        )
        .await
    }

    /// Sets the folders the index covers (before the first scan).
    pub fn set_roots(&self, roots: Vec<PathBuf>) {
        self.index.write().unwrap_or_else(|e| e.into_inner()).roots = roots;
    }

    pub fn roots(&self) -> Vec<PathBuf> {
        self.index().roots.clone()
    }
}

/// Whether a watched path is a letter file (the rest of the watcher's events are the catalog's).
pub fn is_letter_event(e: &FileEvent) -> bool {
    fileuri::to_path(&e.uri).is_some_and(|p| {
        scan::kind(&p).is_some() || e.typ == FileChangeType::DELETED && p.extension().is_none()
    })
}

/// The glob patterns the watcher is registered for, one per letter extension.
pub fn letter_globs() -> Vec<String> {
    scan::EXTENSIONS
        .iter()
        .map(|(ext, _)| format!("**/*.{ext}"))
        .collect()
}

/// A summary cached for an open document, for as long as its version and catalog hold.
pub struct OpenSummary {
    pub version: i32,
    pub catalog: Arc<Catalog>,
    pub summary: Arc<FileSummary>,
}

fn percent(done: usize, total: usize) -> u32 {
    (done * 100).checked_div(total).unwrap_or(100).min(100) as u32
}

fn progress_message(done: usize, total: usize) -> String {
    format!("{}/{}", thousands(done), thousands(total))
}

/// `12345` → `12,345`.
pub fn thousands(n: usize) -> String {
    let s = n.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_symbol_container_names_the_file_as_the_reviewer_sees_it() {
        let u: Uri = "file:///work/QA%20batch/letter%201.txt".parse().unwrap();
        assert_eq!(FileRef::Open(&u).name(), "letter 1.txt");
        let u: Uri = "untitled:Untitled-1".parse().unwrap();
        assert!(FileRef::Open(&u).name().ends_with("Untitled-1"));
        assert_eq!(FileRef::Disk(Path::new("/a/b.imr")).name(), "b.imr");
    }

    #[test]
    fn progress_reads_like_a_person_would_write_it() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1200), "1,200");
        assert_eq!(thousands(1_234_567), "1,234,567");
        assert_eq!(progress_message(1200, 10_000), "1,200/10,000");
        assert_eq!(percent(1200, 10_000), 12);
        assert_eq!(percent(0, 0), 100);
    }
}
