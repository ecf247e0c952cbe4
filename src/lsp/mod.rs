//! The language server glue.

pub fn run_stdio() -> i32 {
    0
}
