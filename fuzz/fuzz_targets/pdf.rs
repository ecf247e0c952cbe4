#![no_main]
//! The PDF reader (through `input::read`, as the CLI and the server read a file) and the parser
//! on its text, on arbitrary bytes.

#[path = "common.rs"]
mod common;

libfuzzer_sys::fuzz_target!(|data: &[u8]| common::pdf_bytes(data));
