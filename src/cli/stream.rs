//! Reads and processes files on the worker threads in bounded chunks and hands the results to one
//! consumer in input order, so `extract` and `report` keep memory flat however many files come.
//!
//! This is the one place the streaming commands read files (through `input::read_with`).

use crate::input::{self, Text, Unreadable};
use rayon::prelude::*;
use std::path::{Path, PathBuf};

/// Files in flight per worker thread: enough to keep every core busy between hand-overs.
const PER_THREAD: usize = 32;

/// Runs `work` on every path found (`input::collect`) in parallel, given the file's text or why
/// it (or the path itself) could not be read, and `consume` on each result in input order.
/// `consume` returns `false` to stop early (a closed pipe).
pub fn for_each_in_order<T, W, C>(
    pool: &rayon::ThreadPool,
    found: &[Result<PathBuf, Unreadable>],
    options: &input::ReadOptions,
    work: W,
    mut consume: C,
) where
    T: Send,
    W: Fn(&Path, Result<Text, Unreadable>) -> T + Sync,
    C: FnMut(T) -> bool,
{
    let chunk = pool.current_num_threads().max(1) * PER_THREAD;
    for group in found.chunks(chunk) {
        let results: Vec<T> = pool.install(|| {
            group
                .par_iter()
                .map(|f| match f {
                    Ok(p) => work(p, input::read_with(p, options)),
                    Err(e) => work(&e.path, Err(e.clone())),
                })
                .collect()
        });
        for r in results {
            if !consume(r) {
                return;
            }
        }
    }
}
