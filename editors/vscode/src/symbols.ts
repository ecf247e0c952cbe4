/** Reads disputed items from whatever outline provider serves the document (the LSP client). */
import * as vscode from 'vscode';
import { collectItems, type OutlineSymbol } from './core/outline';

type ProviderResult = ReadonlyArray<vscode.DocumentSymbol | vscode.SymbolInformation> | undefined;

function toOutline(s: vscode.DocumentSymbol | vscode.SymbolInformation): OutlineSymbol {
  if ('children' in s) {
    return s; // a DocumentSymbol already has the OutlineSymbol shape
  }
  // Flat SymbolInformation (older servers): no detail, so no decision.
  return { name: s.name, kind: s.kind, range: s.location.range, selectionRange: s.location.range };
}

/** Disputed items in document order; empty when no provider answered. */
export async function fetchItems(document: vscode.TextDocument): Promise<OutlineSymbol[]> {
  const result = await vscode.commands.executeCommand<ProviderResult>(
    'vscode.executeDocumentSymbolProvider',
    document.uri,
  );
  return collectItems((result ?? []).map(toOutline), vscode.SymbolKind.Class);
}
