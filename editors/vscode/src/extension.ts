/**
 * Entry point of the IMR VS Code extension: wires the language client,
 * content-based language detection, folding, navigation commands and the
 * status bar summary. Logic that does not need VS Code lives in ./core.
 */
import * as vscode from 'vscode';
import { computeFolds } from './core/folding';
import { LanguageDetector } from './detect';
import { goToItem } from './navigation';
import { LANGUAGE_ID, ServerManager } from './server';
import { StatusBar } from './status';

let server: ServerManager | undefined;

export function activate(context: vscode.ExtensionContext): void {
  const output = vscode.window.createOutputChannel('IMR Language Server');
  const manager = new ServerManager(context, output);
  server = manager;

  // The extension also activates for every plaintext file (to detect letters),
  // so only start the server once an IMR document is actually open.
  const startIfNeeded = (doc: vscode.TextDocument): void => {
    if (doc.languageId === LANGUAGE_ID) {
      void manager.ensureStarted();
    }
  };

  context.subscriptions.push(
    output,
    manager,
    new LanguageDetector(),
    new StatusBar(manager),
    vscode.workspace.onDidOpenTextDocument(startIfNeeded),
    registerFallbackFolding(manager),
    vscode.commands.registerCommand('imr.nextItem', () => goToItem('next', manager)),
    vscode.commands.registerCommand('imr.prevItem', () => goToItem('prev', manager)),
    vscode.commands.registerCommand('imr.restartServer', async () => {
      output.appendLine('[imr] restart requested');
      await manager.restart();
    }),
    vscode.commands.registerCommand('imr.showLog', () => output.show(true)),
    // Trust granted (Restricted Mode left): start again, so the server may read the folder's
    // catalog and a folder-level imr.server.path applies.
    vscode.workspace.onDidGrantWorkspaceTrust(() => {
      if (manager.currentState !== 'stopped') {
        output.appendLine('[imr] the folder is now trusted: restarting the server');
        void manager.restart();
      }
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      // Other `imr.*` settings reach the running server via didChangeConfiguration;
      // a different binary needs a new process.
      if (e.affectsConfiguration('imr.server.path') && manager.currentState !== 'stopped') {
        void manager.restart();
      }
    }),
  );

  for (const doc of vscode.workspace.textDocuments) {
    startIfNeeded(doc);
  }
}

/**
 * Folding from the text alone, for when the server is not running (it has its
 * own foldingRange provider). Returns nothing while the server runs so the two
 * never compete, and asks VS Code to re-query when the server comes or goes.
 */
function registerFallbackFolding(manager: ServerManager): vscode.Disposable {
  const changed = new vscode.EventEmitter<void>();
  const provider: vscode.FoldingRangeProvider = {
    onDidChangeFoldingRanges: changed.event,
    provideFoldingRanges(document) {
      if (manager.currentState === 'running') {
        return [];
      }
      const lines: string[] = [];
      for (let i = 0; i < document.lineCount; i++) {
        lines.push(document.lineAt(i).text);
      }
      return computeFolds(lines).map((f) => new vscode.FoldingRange(f.start, f.end, vscode.FoldingRangeKind.Region));
    },
  };
  return vscode.Disposable.from(
    changed,
    manager.onDidChangeState(() => {
      changed.fire();
    }),
    vscode.languages.registerFoldingRangeProvider({ language: LANGUAGE_ID }, provider),
  );
}

export async function deactivate(): Promise<void> {
  await server?.stop();
  server = undefined;
}
