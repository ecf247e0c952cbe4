#![no_main]
//! Random edit sequences: the incremental model must equal a fresh parse after every edit.

#[path = "common.rs"]
mod common;

libfuzzer_sys::fuzz_target!(|data: &[u8]| common::edit_bytes(data));
