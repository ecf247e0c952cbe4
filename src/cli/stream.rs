//! Reads and processes files on the worker threads in bounded chunks and hands the results to one
//! consumer in input order, so `extract` and `report` keep memory flat however many files come.
//!
//! This is the one place the streaming commands read files (through `input::read_with`).

use crate::input::{self, Text, Unreadable};
use rayon::prelude::*;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::time::Duration;

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

/// A progress bar on stderr for a person watching a batch of `files`: never in a pipe, a log or
/// a test, and not over a single file.
pub fn progress(files: usize) -> indicatif::ProgressBar {
    if !std::io::stderr().is_terminal() || files < 2 {
        return indicatif::ProgressBar::hidden();
    }
    let b = indicatif::ProgressBar::new(files as u64);
    if let Ok(style) =
        indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} files · {per_sec}{left}")
    {
        b.set_style(style.with_key(
            "left",
            |s: &indicatif::ProgressState, w: &mut dyn std::fmt::Write| {
                let _ = w.write_str(&time_left(s.elapsed(), s.pos(), s.eta()));
            },
        ));
    }
    b
}

/// The estimate of time left, once there is enough to base it on: the first files of a run
/// include start-up and read slower, and an estimate from them says "5m" for a two-second run.
fn time_left(elapsed: Duration, done: u64, eta: Duration) -> String {
    if elapsed < Duration::from_secs(3) || done < 8 {
        return String::new();
    }
    format!(" · {} left", indicatif::HumanDuration(eta))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_left_waits_for_enough_files_and_seconds() {
        let min = Duration::from_secs(300);
        assert_eq!(time_left(Duration::from_millis(400), 3, min), "");
        assert_eq!(time_left(Duration::from_secs(10), 2, min), "");
        assert_eq!(
            time_left(Duration::from_secs(10), 50, min),
            " · 5 minutes left"
        );
    }
}
