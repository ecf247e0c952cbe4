//! Reads and processes files on the worker threads in bounded chunks and hands the results to one
//! consumer in input order, so `extract` and `report` keep memory flat however many files come.
//!
//! This is the one place the streaming commands read files (through `files::read`).

use super::files::{self, Read};
use rayon::prelude::*;
use std::path::{Path, PathBuf};

/// Files in flight per worker thread: enough to keep every core busy between hand-overs.
const PER_THREAD: usize = 32;

/// Runs `work` on every path in parallel (given the file's text, or the error reading it) and
/// `consume` on each result in input order. `consume` returns `false` to stop early (a closed pipe).
pub fn for_each_in_order<T, W, C>(
    pool: &rayon::ThreadPool,
    paths: &[PathBuf],
    work: W,
    mut consume: C,
) where
    T: Send,
    W: Fn(&Path, Result<Read, String>) -> T + Sync,
    C: FnMut(T) -> bool,
{
    let chunk = pool.current_num_threads().max(1) * PER_THREAD;
    for group in paths.chunks(chunk) {
        let results: Vec<T> =
            pool.install(|| group.par_iter().map(|p| work(p, files::read(p))).collect());
        for r in results {
            if !consume(r) {
                return;
            }
        }
    }
}
