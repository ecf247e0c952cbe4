// Drives code-server in headless Chromium for the imr-lsp e2e test (run by run.sh).
//
// 1. opens the workspace with letter.imr; the harness extension (harness/) then
//    runs its API checks and writes .e2e/results.json, which is judged here;
// 2. checks in the UI what the API can't see (status bar), shows the Outline
//    and a hover, then the Problems panel, and takes the screenshots.
// Prints one PASS/FAIL line per check and writes "passed failed" to $E2E_COUNTS.
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';

const env = process.env;
const PORT = env.E2E_PORT;
const WS = env.E2E_WS;
const TMP = env.E2E_TMP;
const SHOTS = env.E2E_SCREENSHOTS;
const require = createRequire(path.join(env.E2E_TOOLS, 'package.json'));
const { chromium } = require('playwright-core');

const CODES = ['placeholder', 'decision-conflict', 'unknown-decision', 'missing-rationale'];
const STATUS_RE = /(\d+) items? · (\d+) upheld · (\d+) overturned · (\d+) problems?/;

let passed = 0;
let failed = 0;
const t0 = Date.now();
const secs = () => ((Date.now() - t0) / 1000).toFixed(1);
function check(name, ok, detail) {
  if (ok) {
    passed++;
    console.log(`PASS: ${name}  [${secs()}s]`);
  } else {
    failed++;
    console.log(`FAIL: ${name}${detail ? `\n      ${String(detail).replace(/\n/g, '\n      ')}` : ''}`);
  }
  return !!ok;
}
const writeCounts = () => fs.writeFileSync(env.E2E_COUNTS, `${passed} ${failed}\n`);
const norm = (s) => String(s ?? '').replace(/\s+/g, ' ').trim();
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const short = (v) => { const s = JSON.stringify(v); return s && s.length > 1200 ? s.slice(0, 1200) + '…' : s; };

// What the outline must show, read from the letter itself: "<item>:  Upheld|Overturned"
function expectedItems(text) {
  const out = [];
  text.split(/\r?\n/).forEach((line, i) => {
    const m = /^\s*(\S.*?):\s+(Upheld|Overturned)\s*$/.exec(line);
    if (m) out.push({ name: norm(m[1]), decision: m[2], line: i });
  });
  return out;
}

function flatten(symbols, parent = null, out = []) {
  for (const s of symbols || []) {
    out.push({ ...s, parent });
    flatten(s.children, s, out);
  }
  return out;
}

async function waitForResults(file, timeoutMs) {
  const end = Date.now() + timeoutMs;
  let last = null;
  while (Date.now() < end) {
    try {
      last = JSON.parse(fs.readFileSync(file, 'utf8'));
      if (last.done) return last;
    } catch { /* not written yet */ }
    await sleep(500);
  }
  return last;
}

function judgeApi(r, expected) {
  const s = r.steps || {};
  const ext = s.extension || {};
  check('API: the imr extension is installed and active',
    ext.found && ext.isActive && !ext.activateError && !ext.error,
    short(ext));
  check('API: command imr.nextItem is registered',
    ((s.commands || {}).imr || []).includes('imr.nextItem'), short(s.commands));

  const lang = s.language || {};
  check("API: letter.imr has languageId 'imr'", lang.letter === 'imr', `languageId=${lang.letter}`);
  check("API: letter.txt (same letter, .txt) is detected as 'imr' from its content",
    lang.letterTxt === 'imr', `languageId=${lang.letterTxt}`);

  // outline
  const syms = (s.symbols || {}).symbols;
  const flat = Array.isArray(syms) ? flatten(syms) : [];
  const items = flat.filter((x) => x.kindName === 'Class');
  const sections = flat.filter((x) => x.kindName === 'Namespace');
  check('API: outline has section symbols (kind Namespace)', sections.length > 0,
    `symbols: ${short(flat.map((x) => `${x.kindName}:${x.name}`))}${s.symbols && s.symbols.error ? ' error: ' + s.symbols.error : ''}`);
  const problems = [];
  for (const e of expected) {
    const hit = items.find((x) => norm(x.name) === e.name);
    if (!hit) problems.push(`missing item "${e.name}"`);
    else {
      if (norm(hit.detail) !== e.decision) problems.push(`"${e.name}" has detail "${hit.detail}", want "${e.decision}"`);
      if (!hit.parent || hit.parent.kindName !== 'Namespace') problems.push(`"${e.name}" is not under a Namespace section (parent: ${hit.parent ? hit.parent.kindName + ' ' + hit.parent.name : 'none'})`);
    }
  }
  if (items.length !== expected.length) problems.push(`${items.length} Class symbols, want ${expected.length}: ${short(items.map((x) => x.name))}`);
  check(`API: outline lists the ${expected.length} disputed items (kind Class, detail = decision) under sections: ${expected.map((e) => `${e.name} → ${e.decision}`).join('; ')}`,
    problems.length === 0, problems.join('\n'));

  // hover
  const hover = s.hover || {};
  check('API: hovering a citation shows a guideline link (#page= or https://)',
    hover.found, `tried ${hover.candidates} citation positions, ${hover.withHover} answered; samples: ${short(hover.samples)}` +
    `; hover on the first item's title: ${short(hover.onItemTitle)}${hover.error ? ' error: ' + hover.error : ''}`);

  // links
  const links = ((s.links || {}).links) || [];
  check('API: document links for the citations (vscode.executeLinkProvider)',
    links.some((l) => /#page=|https:\/\//.test(l.target || '')), `links: ${short(links)}${s.links && s.links.error ? ' error: ' + s.links.error : ''}`);

  // diagnostics
  const d = s.diagnostics || {};
  const draft = d.draft || [];
  const imrCodes = new Set(draft.filter((x) => x.source === 'imr').map((x) => x.code));
  const missing = CODES.filter((c) => !imrCodes.has(c));
  check(`API: broken draft has diagnostics ${CODES.join(', ')} (source imr)`, Array.isArray(d.draft) && missing.length === 0,
    `missing: ${missing.join(', ')}; got: ${short(draft.map((x) => `${x.source}:${x.code}@${x.range && x.range.start.line}`))}${d.error ? ' error: ' + d.error : ''}`);

  // the workspace index: findings of a letter never opened, symbols from every letter
  const w = s.workspace || {};
  const unopenedCodes = new Set((w.unopenedDiagnostics || []).filter((x) => x.source === 'imr').map((x) => x.code));
  check(`API: a letter never opened (batch/unopened-draft.imr) has diagnostics ${CODES.join(', ')} (workspace pull)`,
    w.unopenedWasOpened === false && CODES.every((c) => unopenedCodes.has(c)),
    `opened: ${w.unopenedWasOpened}; got: ${short([...unopenedCodes])}${w.error ? ' error: ' + w.error : ''}`);
  const wsyms = w.symbols || [];
  const wsFiles = ['letter.imr', 'letter.txt', 'broken-draft.imr', 'batch/unopened-draft.imr'];
  check('API: workspace symbols (Ctrl+T) for "norco" come from every letter of the folder, with the decision and case number',
    wsFiles.every((f) => wsyms.some((x) => (x.uri || '').endsWith('/' + f))) &&
      wsyms.some((x) => (x.container || '').startsWith('Upheld · CM25-0000001 · ')),
    `symbols: ${short(wsyms)}`);

  // next item: from the top, each press goes to the next item's title line; past the last it wraps
  const presses = ((s.nextItem || {}).presses) || [];
  const itemLines = items.map((x) => [x.range && x.range.start.line, x.selectionRange && x.selectionRange.start.line]);
  const targetOk = (k, itemIndex) => presses[k] && !presses[k].error &&
    (presses[k].after === (expected[itemIndex] || {}).line || (itemLines[itemIndex] || []).includes(presses[k].after));
  const n = expected.length;
  const seq = Array.from({ length: n }, (_, k) => k);
  check(`API: imr.nextItem moves the cursor from the top to each item in turn (lines ${expected.map((e) => e.line + 1).join(', ')})`,
    n > 0 && seq.every((k) => targetOk(k, k)),
    `presses (0-based lines): ${short(presses)}; item symbol lines [range, selectionRange]: ${short(itemLines)}${s.nextItem && s.nextItem.error ? ' error: ' + s.nextItem.error : ''}`);
  check('API: imr.nextItem after the last item wraps to the first', targetOk(n, 0),
    `press ${n + 1}: ${short(presses[n])}`);
  // code lens: the letter's summary (runs imr.nextItem) and one lens per item
  const lenses = ((s.codeLens || {}).lenses) || [];
  const letterLens = lenses.find((l) => l.command === 'imr.nextItem');
  check('API: code lens above the letter counts its items and runs imr.nextItem',
    letterLens && /^\d+ items? · /.test(letterLens.title || ''), `lenses: ${short(lenses)}${s.codeLens && s.codeLens.error ? ' error: ' + s.codeLens.error : ''}`);
  const itemLenses = lenses.filter((l) => /^(Upheld|Overturned) · /.test(l.title || ''));
  check(`API: a code lens on each of the ${expected.length} items, starting with its decision`,
    itemLenses.length === expected.length &&
      expected.every((e) => itemLenses.some((l) => l.range.start.line === e.line && l.title.startsWith(e.decision + ' · '))),
    `item lenses: ${short(itemLenses)}; item lines: ${short(expected.map((e) => e.line))}`);

  // semantic tokens: decision words with distinct modifiers, headings, labels
  const st = s.semanticTokens || {};
  const dec = st.decoded || [];
  const has = (text, type, mod) => dec.some(([t, ty, m]) => t === text && ty === type && (!mod || m.includes(mod)));
  check('API: semantic tokens: Upheld and Overturned are keywords with distinct modifiers, headings namespaces, labels properties',
    has('Upheld', 'keyword', 'upheld') && has('Overturned', 'keyword', 'overturned') &&
      has('CLINICAL CASE SUMMARY', 'namespace') && has('Decision rationale:', 'property'),
    `legend: ${short(st.legend)}; ${st.count} tokens; first: ${short(dec.slice(0, 12))}${st.error ? ' error: ' + st.error : ''}`);

  // what the status bar counts as problems: imr errors and warnings
  const letterProblems = (d.letter || []).filter((x) => x.source === 'imr' && (x.severityName === 'Error' || x.severityName === 'Warning')).length;
  return { hoverPos: hover.found && hover.found.position, fallbackHoverPos: hover.onItemTitle ? hover.onItemTitlePos : undefined, letterProblems };
}

// ---------------------------------------------------------------- UI helpers
async function quickInput(page) {
  const input = page.locator('.quick-input-widget input').first();
  await input.waitFor({ state: 'visible', timeout: 10000 });
  return input;
}

async function runCommand(page, label) {
  await page.keyboard.press('Escape');
  await page.keyboard.press('F1');
  const input = await quickInput(page);
  await input.fill('>' + label);
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: label }).first();
  await row.waitFor({ state: 'visible', timeout: 10000 });
  await row.click();
  await page.mouse.move(24, 600);   // park the mouse on empty activity bar: no stray tooltips
  await sleep(300);
}

async function openFile(page, name) {
  await page.keyboard.press('Escape');
  await page.keyboard.press('F1');
  const input = await quickInput(page);
  await input.fill(name);
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first();
  await row.waitFor({ state: 'visible', timeout: 10000 });
  await row.click();
  await page.mouse.move(24, 600);
  await page.locator(`.tab.active[aria-label^="${name}"], .tab.active:has-text("${name}")`).first()
    .waitFor({ timeout: 10000 });
}

// Screenshot cosmetics: a wider side bar, and the file list folded so that the
// Outline gets the height.  Failures here only make the picture less pretty.
async function tidySideBar(page) {
  try {
    const box = await page.locator('#workbench\\.parts\\.sidebar').boundingBox();
    if (box && box.width < 360) {
      const x = box.x + box.width + 1;
      const y = box.y + box.height / 2;
      await page.mouse.move(x, y);
      await page.mouse.down();
      await page.mouse.move(x + 60, y, { steps: 5 });
      await page.mouse.move(box.x + 370, y, { steps: 5 });
      await page.mouse.up();
    }
    const folders = page.locator('.pane-header[aria-label^="Explorer Section"][aria-expanded="true"]').first();
    if (await folders.count()) await folders.click();
    for (const name of ['Timeline']) {
      const h = page.locator(`.pane-header[aria-expanded="true"]:has-text("${name}")`).first();
      if (await h.count()) await h.click();
    }
    await sleep(300);
  } catch (e) {
    console.log(`[ui] (side bar layout not adjusted: ${String(e).split('\n')[0]})`);
  }
}

async function statusBarText(page) {
  return norm(await page.locator('#workbench\\.parts\\.statusbar').innerText().catch(() => ''));
}

async function pollFor(fn, timeoutMs, everyMs = 250) {
  const end = Date.now() + timeoutMs;
  let last;
  for (;;) {
    last = await fn().catch((e) => ({ error: String(e) }));
    if ((last && !last.error && last.ok !== false) || Date.now() > end) return last;
    await sleep(everyMs);
  }
}

// ---------------------------------------------------------------- main
let page;

async function main() {
  const letterText = fs.readFileSync(env.E2E_LETTER, 'utf8');
  const expected = expectedItems(letterText);
  check(`fixture letter has disputed items to look for (${expected.length})`, expected.length > 0);

  const browser = await chromium.launch({
    executablePath: env.E2E_CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic',
      '--disable-features=Translate,MediaRouter,OptimizationHints'],
  });
  const consoleLog = fs.createWriteStream(path.join(TMP, 'browser-console.log'));
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
    // The browser must never leave 127.0.0.1: record what VS Code asks to open
    // (window.open) instead of opening it, and refuse any other request.
    await context.addInitScript(() => {
      window.__imrOpened = [];
      window.open = (u) => { window.__imrOpened.push(String(u)); return null; };
    });
    await context.route((u) => u.hostname !== '127.0.0.1', (route) => route.abort());
    page = await context.newPage();
    page.on('console', (m) => consoleLog.write(`[${m.type()}] ${m.text()}\n`));
    page.on('pageerror', (e) => consoleLog.write(`[pageerror] ${e}\n`));
    const fileUri = `vscode-remote://127.0.0.1:${PORT}${WS}/letter.imr`;
    const url = `http://127.0.0.1:${PORT}/?folder=${encodeURIComponent(WS)}` +
      `&payload=${encodeURIComponent(JSON.stringify([['openFile', fileUri]]))}`;
    console.log(`[ui ${secs()}s] opening ${url}`);
    await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60000 });
    const wb = await page.locator('.monaco-workbench').waitFor({ timeout: 60000 }).then(() => true, (e) => e);
    if (!check('UI: the VS Code workbench loads', wb === true, wb)) return;

    // --- API checks, run inside VS Code by the harness extension
    const results = await waitForResults(path.join(WS, '.e2e', 'results.json'), 180000);
    console.log(`[ui ${secs()}s] harness results: ${results ? (results.done ? 'done' : 'incomplete') : 'none'}`);
    if (fs.existsSync(path.join(WS, '.e2e', 'results.json'))) {
      fs.copyFileSync(path.join(WS, '.e2e', 'results.json'), path.join(TMP, 'results.json'));
    }
    if (!check('API: the harness extension ran and finished (.e2e/results.json)', results && results.done && !results.fatal,
      results ? `done=${results.done} fatal=${results.fatal || ''} steps=${Object.keys(results.steps || {}).join(',')}` : 'no results file within 180 s')) {
      if (results && results.steps) judgeApi(results, expected);
      await page.screenshot({ path: path.join(TMP, 'failure.png') });
      return;
    }
    const { hoverPos, fallbackHoverPos, letterProblems } = judgeApi(results, expected);

    // --- status bar (the API can't read it)
    const ups = expected.filter((e) => e.decision === 'Upheld').length;
    const plural = (k, w) => `${k} ${w}${k === 1 ? '' : 's'}`;
    const want = [plural(expected.length, 'item'), `${ups} upheld`, `${expected.length - ups} overturned`,
      plural(letterProblems, 'problem')].join(' · ');
    const sb = await pollFor(async () => {
      const t = await statusBarText(page);
      return { ok: t.includes(want), text: t };
    }, 20000);
    const item = await page.locator('[id$="imr.status"]').first().innerText({ timeout: 2000 }).catch(() => null);
    check(`UI: status bar shows "${want}" for letter.imr`, sb.ok,
      `status bar text: "${sb.text}"; element [id$="imr.status"]: ${item === null ? 'not found' : `"${norm(item)}"`}`);

    // --- code lens shown in the editor above the letter (the API can't see the rendering)
    const lensUi = await pollFor(async () => {
      const t = norm((await page.locator('.monaco-editor .codelens-decoration').allInnerTexts()).join(' | '));
      return { ok: t.includes(want), text: t };
    }, 15000);
    check(`UI: the editor shows the code lens "${want}" above letter.imr`, lensUi.ok, `code lens text: "${lensUi.text}"`);

    // --- outline + hover screenshot
    await runCommand(page, 'Explorer: Focus on Outline View');
    await tidySideBar(page);
    const outline = await pollFor(async () => {
      const t = norm(await page.locator('.outline-pane').first().innerText());
      return { ok: expected.every((e) => t.includes(e.name)), text: t };
    }, 15000);
    check('UI: Outline view lists every disputed item', outline.ok, `outline text: "${(outline.text || '').slice(0, 600)}"`);

    // the citation hover found through the API; failing that (the check fails), the
    // hover on the first item's title, so that the screenshot still shows a hover
    const shownPos = hoverPos || fallbackHoverPos;
    let hover = { ok: false, text: 'no hover position from the API step' };
    if (shownPos) {
      await page.keyboard.press('Escape');
      await page.keyboard.press('Control+G');
      const input = await quickInput(page);
      await input.fill(`:${shownPos.line + 1}:${shownPos.character + 1}`);
      await page.keyboard.press('Enter');
      await sleep(300);
      await runCommand(page, 'Show or Focus Hover');
      hover = await pollFor(async () => {
        const h = page.locator('.monaco-hover:not(.hidden)').filter({ hasText: /\S/ }).first();
        const html = await h.innerHTML({ timeout: 1000 });
        return { ok: /#page=|https:\/\//.test(html), text: norm(await h.innerText()) };
      }, hoverPos ? 10000 : 3000);
      if (!hoverPos) hover = { ok: false, text: `no citation hover from the API step; showed the item title's hover instead: ${hover.text || hover.error}` };
    }
    // let transient status bar messages (e.g. "IMR: wrapped to the first item") go
    await pollFor(async () => ({ ok: !/IMR: wrapped/.test(await statusBarText(page)) }), 5000);
    check('UI: hover over a citation is shown with a guideline link', hover.ok, `hover: "${(hover.text || hover.error || '').slice(0, 400)}"`);
    fs.mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: path.join(SHOTS, 'vscode-outline-hover.png') });
    console.log(`[ui ${secs()}s] screenshot ${path.join(SHOTS, 'vscode-outline-hover.png')}`);

    // --- following the citation's link from the hover: the guideline opens at its page
    if (hoverPos && hover.ok) {
      const link = page.locator('.monaco-hover:not(.hidden) a', { hasText: /page|open/i }).first();
      const followed = await pollFor(async () => {
        if (await page.locator('.monaco-hover:not(.hidden)').count() === 0) {
          await runCommand(page, 'Show or Focus Hover');
        }
        await link.click({ timeout: 2000 });
        // link protection: "Do you want Code to open the external website?" → Open
        const dialog = page.locator('.monaco-dialog-box');
        await dialog.waitFor({ timeout: 2000 }).catch(() => {});
        if (await dialog.count()) {
          await dialog.locator('.monaco-button', { hasText: /^Open$/ }).first().click({ timeout: 2000 });
        }
        const urls = await page.evaluate(() => window.__imrOpened);
        return { ok: urls.length > 0, urls };
      }, 8000, 1000);
      const hoverUrl = (followed.urls || []).find((u) => /#page=\d+$/.test(u));
      check(`UI: clicking the hover's guideline link opens the guideline at its page (${hoverUrl || '#page=N'})`,
        hoverUrl, `URLs VS Code asked the browser to open: ${short(followed.urls || followed.error)}`);
      await page.keyboard.press('Escape');

      // the document link under the cursor (what Ctrl+click follows): "Open Link"
      await page.evaluate(() => { window.__imrOpened.length = 0; });
      const viaLink = await pollFor(async () => {
        await runCommand(page, 'Open Link');
        const dialog = page.locator('.monaco-dialog-box');
        await dialog.waitFor({ timeout: 2000 }).catch(() => {});
        if (await dialog.count()) await dialog.locator('.monaco-button', { hasText: /^Open$/ }).first().click({ timeout: 2000 });
        const urls = await page.evaluate(() => window.__imrOpened);
        return { ok: urls.length > 0, urls };
      }, 6000, 1000);
      const docUrl = (viaLink.urls || [])[0];
      check(`UI: "Open Link" on the citation (its document link) opens ${docUrl || 'a guideline URL'}`,
        docUrl && /^https:\/\//.test(docUrl), `URLs VS Code asked the browser to open: ${short(viaLink.urls || viaLink.error)}`);
      await page.keyboard.press('Escape');
    }

    // --- problems panel screenshot
    await page.keyboard.press('Escape');
    await openFile(page, 'broken-draft.imr');
    await runCommand(page, 'Problems: Focus on Problems View');
    const probs = await pollFor(async () => {
      const t = norm(await page.locator('.markers-panel').first().innerText());
      return { ok: CODES.every((c) => t.includes(c)), text: t };
    }, 15000);
    check(`UI: Problems panel lists the draft's ${CODES.join(', ')}`, probs.ok, `problems panel: "${(probs.text || probs.error || '').slice(0, 800)}"`);
    check('UI: Problems panel also lists the letter that was never opened (unopened-draft.imr)',
      (probs.text || '').includes('unopened-draft.imr'), `problems panel: "${(probs.text || probs.error || '').slice(0, 800)}"`);
    await page.screenshot({ path: path.join(SHOTS, 'vscode-problems.png') });
    console.log(`[ui ${secs()}s] screenshot ${path.join(SHOTS, 'vscode-problems.png')}`);
  } catch (e) {
    if (page) await page.screenshot({ path: path.join(TMP, 'failure.png') }).catch(() => {});
    throw e;
  } finally {
    consoleLog.end();
    await browser.close().catch(() => {});
  }
}

try {
  await main();
} catch (e) {
  check('UI driver ran without an exception', false, e && e.stack || e);
}
writeCounts();
process.exit(failed ? 1 : 0);
