/** Status bar summary of the active IMR letter: items, decisions, problems. */
import * as vscode from 'vscode';
import { countItems, countProblems, summaryText, summaryTooltip } from './core/outline';
import { LANGUAGE_ID, type ServerManager } from './server';
import { fetchItems } from './symbols';

const DEBOUNCE_MS = 300;

export class StatusBar implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private readonly disposables: { dispose(): unknown }[] = [];
  private timer: NodeJS.Timeout | undefined;
  /** Bumped per refresh so a slow symbol request cannot overwrite a newer result. */
  private generation = 0;

  constructor(private readonly server: ServerManager) {
    this.item = vscode.window.createStatusBarItem('imr.status', vscode.StatusBarAlignment.Left, 100);
    this.item.name = 'IMR Letter Summary';
    this.item.command = 'workbench.actions.view.problems';
    this.disposables.push(
      this.item,
      vscode.window.onDidChangeActiveTextEditor(() => this.schedule(0)),
      vscode.languages.onDidChangeDiagnostics((e) => {
        const uri = vscode.window.activeTextEditor?.document.uri.toString();
        if (uri !== undefined && e.uris.some((u) => u.toString() === uri)) {
          this.schedule();
        }
      }),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document === vscode.window.activeTextEditor?.document) {
          this.schedule();
        }
      }),
      // A language switch (auto-detection or the user) reopens the document.
      vscode.workspace.onDidOpenTextDocument(() => this.schedule()),
      server.onDidChangeState(() => this.schedule(0)),
    );
    this.schedule(0);
  }

  schedule(delay: number = DEBOUNCE_MS): void {
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
    }
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.refresh();
    }, delay);
  }

  private async refresh(): Promise<void> {
    const generation = ++this.generation;
    const document = vscode.window.activeTextEditor?.document;
    if (document === undefined || document.languageId !== LANGUAGE_ID) {
      this.item.hide();
      return;
    }
    const state = this.server.currentState;
    if (state !== 'running') {
      this.item.text = state === 'starting' ? 'IMR: starting…' : '$(warning) IMR server not running';
      this.item.tooltip =
        state === 'starting' ? 'The IMR language server is starting.' : 'Click to show the IMR server log.';
      this.item.command = state === 'starting' ? undefined : 'imr.showLog';
      this.item.show();
      return;
    }
    let items;
    try {
      items = await fetchItems(document);
    } catch {
      items = undefined; // the server is restarting; the state change will refresh again
    }
    if (generation !== this.generation || items === undefined) {
      return;
    }
    const counts = countItems(items);
    const problems = countProblems(vscode.languages.getDiagnostics(document.uri), {
      error: vscode.DiagnosticSeverity.Error,
      warning: vscode.DiagnosticSeverity.Warning,
    });
    this.item.text = summaryText(counts, problems);
    this.item.tooltip = summaryTooltip(counts, problems);
    this.item.command = 'workbench.actions.view.problems';
    this.item.show();
  }

  dispose(): void {
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
    }
    for (const d of this.disposables) {
      d.dispose();
    }
  }
}
