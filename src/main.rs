fn main() {
    std::process::exit(imr_lsp::cli::main());
}
