// Test-only VS Code extension for the imr-lsp end-to-end test.
//
// On start-up it looks for `.e2e/request.json` in the workspace folder; when
// present it exercises the imr extension through the VS Code API and writes
// what it saw to `.e2e/results.json` (rewritten after every step, with
// `done: true` at the end).  It judges nothing itself: ../checks.mjs does.
'use strict';
const vscode = require('vscode');
const fs = require('fs');
const path = require('path');

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function poll(fn, ok, timeoutMs, everyMs = 250) {
  const end = Date.now() + timeoutMs;
  let last;
  for (;;) {
    try {
      last = await fn();
    } catch (e) {
      last = { error: String(e && e.stack || e) };
    }
    if (ok(last) || Date.now() > end) return last;
    await sleep(everyMs);
  }
}

const pos = (p) => p && { line: p.line, character: p.character };
const rng = (r) => r && { start: pos(r.start), end: pos(r.end) };

function symbolToJson(s) {
  return {
    name: s.name,
    detail: s.detail,
    kind: s.kind,
    kindName: vscode.SymbolKind[s.kind],
    range: rng(s.range || (s.location && s.location.range)),
    selectionRange: rng(s.selectionRange),
    children: (s.children || []).map(symbolToJson),
  };
}

function findFirstClass(symbols) {
  for (const s of symbols || []) {
    if (s.kindName === 'Class') return s;
    const c = findFirstClass(s.children);
    if (c) return c;
  }
  return undefined;
}

function hoverText(hovers) {
  const parts = [];
  for (const h of hovers || []) {
    for (const c of h.contents || []) {
      if (typeof c === 'string') parts.push(c);
      else if (c && typeof c.value === 'string') parts.push(c.value);
    }
  }
  return parts.join('\n---\n');
}

function diagToJson(d) {
  let code = d.code;
  let codeTarget;
  if (code && typeof code === 'object') {
    codeTarget = code.target && code.target.toString(true);
    code = code.value;
  }
  return {
    code: code === undefined ? undefined : String(code),
    codeTarget,
    source: d.source,
    severity: d.severity,
    severityName: vscode.DiagnosticSeverity[d.severity],
    message: d.message,
    range: rng(d.range),
  };
}

async function run(folder) {
  const root = folder.uri.fsPath;
  const dir = path.join(root, '.e2e');
  const request = JSON.parse(fs.readFileSync(path.join(dir, 'request.json'), 'utf8'));
  const out = path.join(dir, 'results.json');
  const results = { started: new Date().toISOString(), done: false, steps: {}, errors: [] };
  const save = () => {
    fs.writeFileSync(out + '.tmp', JSON.stringify(results, null, 2));
    fs.renameSync(out + '.tmp', out);
  };
  const step = async (name, fn) => {
    const t = Date.now();
    try {
      results.steps[name] = await fn();
    } catch (e) {
      results.steps[name] = { error: String(e && e.stack || e) };
      results.errors.push(name);
    }
    results.steps[name] = Object.assign({ ms: Date.now() - t }, results.steps[name]);
    save();
    return results.steps[name];
  };
  const uriOf = (rel) => vscode.Uri.joinPath(folder.uri, rel);
  const timeout = request.timeoutMs || 45000;
  save();

  // 1. the imr extension: found by the language it contributes
  const ext = await step('extension', async () => {
    const found = await poll(
      () => vscode.extensions.all.find((e) =>
        ((e.packageJSON.contributes || {}).languages || []).some((l) => l.id === 'imr')),
      (e) => !!e, timeout);
    if (!found) {
      return { found: false, installed: vscode.extensions.all.map((e) => e.id).filter((id) => !id.startsWith('vscode.')) };
    }
    let activateError;
    try { await found.activate(); } catch (e) { activateError = String(e && e.stack || e); }
    const pj = found.packageJSON;
    return {
      found: true, id: found.id, version: pj.version, isActive: found.isActive, activateError,
      languages: (pj.contributes.languages || []).map((l) => ({ id: l.id, extensions: l.extensions, firstLine: l.firstLine })),
      contributedCommands: ((pj.contributes || {}).commands || []).map((c) => c.command),
    };
  });

  await step('commands', async () => {
    const all = await vscode.commands.getCommands(true);
    return { imr: all.filter((c) => c.startsWith('imr.')) };
  });

  // 2. language detection
  const letterUri = uriOf(request.letter);
  const letterDoc = await vscode.workspace.openTextDocument(letterUri);
  await vscode.window.showTextDocument(letterDoc, { preview: false });
  await step('language', async () => {
    const r = { letter: letterDoc.languageId };
    if (request.letterTxt) {
      const txtUri = uriOf(request.letterTxt);
      await vscode.workspace.openTextDocument(txtUri);
      // content detection may switch the language a moment after opening
      const doc = await poll(
        () => vscode.workspace.textDocuments.find((d) => d.uri.toString() === txtUri.toString()),
        (d) => d && d.languageId === 'imr', 5000);
      r.letterTxt = doc && doc.languageId;
    }
    return r;
  });

  // 3. outline
  const symbolsStep = await step('symbols', async () => {
    const syms = await poll(
      () => vscode.commands.executeCommand('vscode.executeDocumentSymbolProvider', letterUri),
      (s) => Array.isArray(s) && s.length > 0, timeout, 500);
    return { symbols: Array.isArray(syms) ? syms.map(symbolToJson) : syms };
  });

  // 4. hover on a citation: try the guideline lines until a hover carries a link
  await step('hover', async () => {
    const text = letterDoc.getText().split(/\r?\n/);
    const candidates = [];
    const re = /\b(MTUS|ODG|ACOEM|Official Disability Guidelines|Chronic Pain|Page\(s\)|UpToDate)\b/g;
    for (let i = 0; i < text.length; i++) {
      let m;
      re.lastIndex = 0;
      while ((m = re.exec(text[i]))) candidates.push(new vscode.Position(i, m.index + 1));
    }
    // the guideline citations proper first (MAXIMUS guideline: ... Page(s): ...)
    const rank = (p) => (/^\s*MAXIMUS guideline/.test(text[p.line]) ? 0 : 1);
    candidates.sort((a, b) => rank(a) - rank(b) || a.line - b.line || a.character - b.character);
    const tried = [];
    let found;
    // the server may still be starting: retry the first candidate until any hover answers
    await poll(() => vscode.commands.executeCommand('vscode.executeHoverProvider', letterUri, candidates[0] || new vscode.Position(0, 0)),
      (h) => Array.isArray(h) && h.length > 0, 5000, 500);
    for (const p of candidates.slice(0, 120)) {
      const hovers = await vscode.commands.executeCommand('vscode.executeHoverProvider', letterUri, p);
      const t = hoverText(hovers);
      if (t) tried.push({ position: pos(p), text: t.slice(0, 400) });
      if (/#page=|https?:\/\//.test(t)) { found = { position: pos(p), word: text[p.line].slice(p.character - 1, p.character + 40), text: t }; break; }
    }
    // for the report: does the server answer hovers at all (on the first item's title)?
    let onItemTitle;
    let onItemTitlePos;
    const firstItem = findFirstClass(symbolsStep.symbols);
    if (firstItem && firstItem.selectionRange) {
      const p = firstItem.selectionRange.start;
      onItemTitlePos = { line: p.line, character: p.character + 1 };
      const hovers = await vscode.commands.executeCommand('vscode.executeHoverProvider', letterUri, new vscode.Position(p.line, p.character + 1));
      onItemTitle = hoverText(hovers).slice(0, 600);
    }
    return { candidates: candidates.length, withHover: tried.length, found, samples: tried.slice(0, 5), onItemTitle, onItemTitlePos };
  });

  // 5. document links
  await step('links', async () => {
    const links = await vscode.commands.executeCommand('vscode.executeLinkProvider', letterUri, 50);
    return { links: (links || []).map((l) => ({ range: rng(l.range), target: l.target && l.target.toString(true), tooltip: l.tooltip })) };
  });

  // 6. diagnostics: the letter (clean) and the broken draft
  await step('diagnostics', async () => {
    const draftUri = uriOf(request.draft);
    const draftDoc = await vscode.workspace.openTextDocument(draftUri);
    await vscode.window.showTextDocument(draftDoc, { preview: false });
    const want = request.expectDraftCodes || [];
    const draft = await poll(() => vscode.languages.getDiagnostics(draftUri).map(diagToJson),
      (ds) => Array.isArray(ds) && want.every((c) => ds.some((d) => d.code === c)), timeout, 500);
    const letter = vscode.languages.getDiagnostics(letterUri).map(diagToJson);
    return { draftLanguage: draftDoc.languageId, draft, letter };
  });

  // 6b. the workspace index: a letter never opened has its findings (workspace pull
  // diagnostics), and workspace symbols (Ctrl+T) find items in every letter of the folder
  await step('workspace', async () => {
    const unopened = uriOf(request.unopened || 'batch/unopened-draft.imr');
    const want = request.expectDraftCodes || [];
    const diags = await poll(() => vscode.languages.getDiagnostics(unopened).map(diagToJson),
      (ds) => Array.isArray(ds) && want.every((c) => ds.some((d) => d.code === c)), timeout, 500);
    const opened = vscode.workspace.textDocuments.some((d) => d.uri.toString() === unopened.toString());
    const syms = await poll(() => vscode.commands.executeCommand('vscode.executeWorkspaceSymbolProvider', 'norco'),
      (ss) => Array.isArray(ss) && ss.length >= 4, timeout, 500);
    return {
      unopenedDiagnostics: diags,
      unopenedWasOpened: opened,
      symbols: (Array.isArray(syms) ? syms : []).map((s) => ({
        name: s.name, container: s.containerName, kindName: vscode.SymbolKind[s.kind],
        uri: s.location && s.location.uri.toString(true),
      })),
    };
  });

  // 7. IMR: Go to Next Disputed Item
  await step('nextItem', async () => {
    const editor = await vscode.window.showTextDocument(letterDoc, { preview: false });
    const start = new vscode.Position(0, 0);
    editor.selection = new vscode.Selection(start, start);
    const lines = [];
    for (let i = 0; i < (request.nextItemPresses || 4); i++) {
      const before = vscode.window.activeTextEditor.selection.active.line;
      let error;
      try {
        await vscode.commands.executeCommand('imr.nextItem');
      } catch (e) { error = String(e && e.message || e); }
      const after = await poll(() => vscode.window.activeTextEditor.selection.active.line,
        (l) => l !== before, 3000, 100);
      const ed = vscode.window.activeTextEditor;
      lines.push({ before, after, lineText: ed.document.lineAt(after).text, error });
    }
    return { presses: lines };
  });

  // 8. code lens and semantic tokens (imr-lsp's per-document features)
  await step('codeLens', async () => {
    const lenses = await poll(() => vscode.commands.executeCommand('vscode.executeCodeLensProvider', letterUri, 100),
      (ls) => Array.isArray(ls) && ls.length > 0, timeout, 500);
    return {
      lenses: (Array.isArray(lenses) ? lenses : []).map((l) => ({
        range: rng(l.range),
        title: l.command && l.command.title,
        command: l.command && l.command.command,
      })),
    };
  });
  await step('semanticTokens', async () => {
    const legend = await vscode.commands.executeCommand('vscode.provideDocumentSemanticTokensLegend', letterUri);
    const tokens = await poll(() => vscode.commands.executeCommand('vscode.provideDocumentSemanticTokens', letterUri),
      (t) => t && t.data && t.data.length > 0, timeout, 500);
    // Decoded against the document: [text, type, modifiers] of each token.
    const decoded = [];
    const data = (tokens && tokens.data) || [];
    let line = 0;
    let col = 0;
    for (let i = 0; i + 4 < data.length; i += 5) {
      if (data[i] > 0) { line += data[i]; col = data[i + 1]; } else { col += data[i + 1]; }
      const text = letterDoc.lineAt(line).text.slice(col, col + data[i + 2]);
      const type = legend && legend.tokenTypes[data[i + 3]];
      const mods = ((legend && legend.tokenModifiers) || []).filter((_, b) => data[i + 4] & (1 << b));
      decoded.push([text, type, mods]);
    }
    return { legend, count: data.length / 5, decoded: decoded.slice(0, 400) };
  });

  // leave the letter active with the cursor on top for the UI part
  const editor = await vscode.window.showTextDocument(letterDoc, { preview: false });
  editor.selection = new vscode.Selection(0, 0, 0, 0);
  editor.revealRange(new vscode.Range(0, 0, 0, 0), vscode.TextEditorRevealType.AtTop);
  results.symbolCount = (symbolsStep.symbols || []).length;
  results.done = true;
  results.finished = new Date().toISOString();
  save();
}

// A folder VS Code does not trust (request.mode === 'untrusted'): what works in Restricted Mode,
// what the folder could not make the extension do, then the same after the test driver grants
// trust through the UI (it waits for `.e2e/untrusted-done`).
async function runUntrusted(folder, request) {
  const root = folder.uri.fsPath;
  const out = path.join(root, '.e2e', 'results.json');
  const results = { mode: 'untrusted', done: false, steps: {}, errors: [] };
  const save = () => {
    fs.writeFileSync(out + '.tmp', JSON.stringify(results, null, 2));
    fs.renameSync(out + '.tmp', out);
  };
  const timeout = request.timeoutMs || 45000;
  const letterUri = vscode.Uri.joinPath(folder.uri, request.letter);
  const draftUri = vscode.Uri.joinPath(folder.uri, request.draft);
  const links = async () => {
    const ls = await vscode.commands.executeCommand('vscode.executeLinkProvider', letterUri, 50);
    return (ls || []).map((l) => l.target && l.target.toString(true));
  };
  const snapshot = async (name, linksOk) => {
    try {
      const r = { isTrusted: vscode.workspace.isTrusted };
      const syms = await poll(() => vscode.commands.executeCommand('vscode.executeDocumentSymbolProvider', letterUri),
        (x) => Array.isArray(x) && x.length > 0, timeout, 500);
      r.symbols = Array.isArray(syms) ? syms.map(symbolToJson) : syms;
      const want = request.expectDraftCodes || [];
      r.draft = await poll(() => vscode.languages.getDiagnostics(draftUri).map(diagToJson),
        (ds) => want.every((c) => ds.some((d) => d.code === c)), timeout, 500);
      r.links = await poll(links, (ls) => Array.isArray(ls) && linksOk(ls), timeout, 500);
      results.steps[name] = r;
    } catch (e) {
      results.steps[name] = { error: String(e && e.stack || e) };
      results.errors.push(name);
    }
    save();
  };
  save();
  const ext = vscode.extensions.all.find((e) =>
    ((e.packageJSON.contributes || {}).languages || []).some((l) => l.id === 'imr'));
  if (ext) await ext.activate();
  const letterDoc = await vscode.workspace.openTextDocument(letterUri);
  await vscode.window.showTextDocument(letterDoc, { preview: false });
  const draftDoc = await vscode.workspace.openTextDocument(draftUri);
  await vscode.window.showTextDocument(draftDoc, { preview: false });
  await snapshot('restricted', (ls) => ls.length > 0);
  results.restrictedDone = true;
  save();
  // The driver grants trust; the extension restarts the server, which now reads `.imr/`.
  await poll(() => vscode.workspace.isTrusted, (t) => t, timeout * 2, 500);
  await snapshot('trusted', (ls) => ls.some((l) => (l || '').includes(request.overlayHost)));
  results.done = true;
  save();
}

let running = false;
async function runAll() {
  if (running) return;
  running = true;
  try {
    for (const f of vscode.workspace.workspaceFolders || []) {
      if (fs.existsSync(path.join(f.uri.fsPath, '.e2e', 'request.json'))) {
        try {
          const request = JSON.parse(fs.readFileSync(path.join(f.uri.fsPath, '.e2e', 'request.json'), 'utf8'));
          if (request.mode === 'untrusted') await runUntrusted(f, request);
          else await run(f);
        } catch (e) {
          fs.writeFileSync(path.join(f.uri.fsPath, '.e2e', 'results.json'),
            JSON.stringify({ done: true, fatal: String(e && e.stack || e) }, null, 2));
        }
      }
    }
  } finally {
    running = false;
  }
}

exports.activate = function activate(context) {
  context.subscriptions.push(vscode.commands.registerCommand('imrE2e.run', runAll));
  runAll();
};
exports.deactivate = function deactivate() {};
