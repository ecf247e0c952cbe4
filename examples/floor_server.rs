//! The transport floor for the server benchmark: a do-nothing `tower-lsp-server` server.
//!
//! It keeps no text and does no work: each `didChange` is answered with an empty
//! `publishDiagnostics` carrying the change's version, and `documentSymbol`, `hover` and
//! `foldingRange` get trivial answers. Whatever `imr-lsp` takes beyond this is its own work.
//! Same runtime shape as `imr-lsp` (tokio, two worker threads). Bench-only code.
//!
//! `cargo build --release --example floor_server`

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Client, LanguageServer, LspService, Server};

struct Floor {
    client: Client,
}

impl LanguageServer for Floor {
    async fn initialize(&self, _: InitializeParams) -> Result<InitializeResult> {
        Ok(InitializeResult {
            capabilities: ServerCapabilities {
                text_document_sync: Some(TextDocumentSyncCapability::Kind(
                    TextDocumentSyncKind::INCREMENTAL,
                )),
                document_symbol_provider: Some(OneOf::Left(true)),
                hover_provider: Some(HoverProviderCapability::Simple(true)),
                folding_range_provider: Some(FoldingRangeProviderCapability::Simple(true)),
                ..ServerCapabilities::default()
            },
            ..InitializeResult::default()
        })
    }

    async fn shutdown(&self) -> Result<()> {
        Ok(())
    }

    async fn did_open(&self, p: DidOpenTextDocumentParams) {
        let d = p.text_document;
        self.client
            .publish_diagnostics(d.uri, Vec::new(), Some(d.version))
            .await;
    }

    async fn did_change(&self, p: DidChangeTextDocumentParams) {
        let d = p.text_document;
        self.client
            .publish_diagnostics(d.uri, Vec::new(), Some(d.version))
            .await;
    }

    async fn document_symbol(
        &self,
        _: DocumentSymbolParams,
    ) -> Result<Option<DocumentSymbolResponse>> {
        Ok(Some(DocumentSymbolResponse::Nested(Vec::new())))
    }

    async fn hover(&self, _: HoverParams) -> Result<Option<Hover>> {
        Ok(None)
    }

    async fn folding_range(&self, _: FoldingRangeParams) -> Result<Option<Vec<FoldingRange>>> {
        Ok(Some(Vec::new()))
    }
}

fn main() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(async {
        let (service, socket) = LspService::new(|client| Floor { client });
        Server::new(tokio::io::stdin(), tokio::io::stdout(), socket)
            .serve(service)
            .await;
    });
    rt.shutdown_background();
}
