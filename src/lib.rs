//! imr-lsp: parse, check and navigate California IMR final determination letters.
//!
//! Layers, one direction of dependency: [`parser`] turns text into the [`model`] (byte ranges,
//! no LSP types); [`rules`] check it and [`catalog`] resolves guideline citations; the LSP glue
//! ([`lsp`]) and the command line ([`cli`]) only present what those produce.

pub mod analysis;
pub mod calendar;
pub mod catalog;
pub mod classify;
pub mod cli;
pub mod features;
pub mod fileuri;
pub mod input;
pub mod lsp;
pub mod model;
pub mod parser;
pub mod report;
pub mod rules;
pub mod workspace;
