//! The batch commands' file reading, which lives in [`crate::input`]; kept so callers can say
//! `files::collect` / `files::read`.

pub use crate::input::{collect, read, Unreadable};
