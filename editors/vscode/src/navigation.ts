/** `IMR: Go to Next/Previous Disputed Item`. */
import * as vscode from 'vscode';
import { findItemTarget, type Direction } from './core/outline';
import type { ServerManager } from './server';
import { LANGUAGE_ID } from './server';
import { fetchItems } from './symbols';

export async function goToItem(direction: Direction, server: ServerManager): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (editor === undefined || editor.document.languageId !== LANGUAGE_ID) {
    void vscode.window.showInformationMessage('IMR: open an IMR letter to move between disputed items.');
    return;
  }
  const items = await fetchItems(editor.document);
  const target = findItemTarget(items, editor.selection.active, direction);
  if (target === undefined) {
    const why =
      server.currentState === 'running'
        ? 'no disputed items were found in this letter.'
        : 'the IMR language server is not running (see "IMR: Show Server Log").';
    void vscode.window.showInformationMessage(`IMR: ${why}`);
    return;
  }
  const { line, character } = target.item.selectionRange.start;
  const pos = new vscode.Position(line, character);
  editor.selection = new vscode.Selection(pos, pos);
  editor.revealRange(new vscode.Range(pos, pos), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  if (target.wrapped) {
    // Transient: a modal message on every wrap would get in the way of fast review.
    vscode.window.setStatusBarMessage(
      `IMR: wrapped to the ${direction === 'next' ? 'first' : 'last'} item (${target.index + 1} of ${items.length})`,
      3000,
    );
  }
}
