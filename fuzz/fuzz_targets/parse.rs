#![no_main]
//! The parser, rules and position mapping on arbitrary bytes.

#[path = "common.rs"]
mod common;

libfuzzer_sys::fuzz_target!(|data: &[u8]| common::parse_bytes(data));
