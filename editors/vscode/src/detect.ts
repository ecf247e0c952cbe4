/**
 * Switches plaintext documents that contain an IMR letter to the `imr`
 * language. `firstLine` in package.json only sees line 1, while letters often
 * begin with a header block or blank lines.
 */
import * as vscode from 'vscode';
import { looksLikeImrLetter } from './core/recognize';
import { LANGUAGE_ID } from './server';

export class LanguageDetector implements vscode.Disposable {
  /**
   * Documents already switched once. If the user sets such a document back to
   * Plain Text, VS Code reopens it as plaintext; we must not switch it again.
   */
  private readonly switched = new Set<string>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor() {
    this.disposables.push(
      vscode.workspace.onDidOpenTextDocument((doc) => void this.check(doc)),
      // Untitled documents open empty; a letter pasted into one should switch too.
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document.isUntitled) {
          void this.check(e.document);
        }
      }),
    );
    for (const doc of vscode.workspace.textDocuments) {
      void this.check(doc);
    }
  }

  private async check(doc: vscode.TextDocument): Promise<void> {
    const key = doc.uri.toString();
    if (doc.languageId !== 'plaintext' || this.switched.has(key)) {
      return;
    }
    const found = looksLikeImrLetter((i) => (i < doc.lineCount ? doc.lineAt(i).text : undefined));
    if (!found) {
      return;
    }
    this.switched.add(key);
    try {
      await vscode.languages.setTextDocumentLanguage(doc, LANGUAGE_ID);
    } catch {
      // The document was closed meanwhile; nothing to do.
    }
  }

  dispose(): void {
    for (const d of this.disposables) {
      d.dispose();
    }
  }
}
