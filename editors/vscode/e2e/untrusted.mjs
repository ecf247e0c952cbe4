// The untrusted-folder part of the imr-lsp e2e test (run by run.sh after the main part): a
// fresh code-server with workspace trust on opens a folder it has never trusted, so VS Code is
// in Restricted Mode. The folder asks for a server of its own (`imr.server.path`, a script that
// leaves a marker file) and holds an organisation catalog (`.imr/guidelines.toml`) whose links
// go to a marker host. In Restricted Mode: outline and diagnostics work, the script is not run,
// the catalog's links are not used. Then trust is granted in the UI: the extension restarts the
// server, which now reads the catalog (and the folder's server path applies).
// Prints one PASS/FAIL line per check and writes "passed failed" to $E2E_COUNTS.
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';

const env = process.env;
const WS = env.E2E_WS;
const MARKER = env.E2E_MARKER;
const require = createRequire(path.join(env.E2E_TOOLS, 'package.json'));
const { chromium } = require('playwright-core');
const request = JSON.parse(fs.readFileSync(path.join(WS, '.e2e', 'request.json'), 'utf8'));

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
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const short = (v) => { const s = JSON.stringify(v); return s && s.length > 1200 ? s.slice(0, 1200) + '…' : s; };

async function results(until, timeoutMs) {
  const end = Date.now() + timeoutMs;
  let last = null;
  while (Date.now() < end) {
    try {
      last = JSON.parse(fs.readFileSync(path.join(WS, '.e2e', 'results.json'), 'utf8'));
      if (until(last)) return last;
    } catch { /* not written yet */ }
    await sleep(500);
  }
  return last;
}

function judge(step, label) {
  const s = step || {};
  const items = [];
  const walk = (ss) => (ss || []).forEach((x) => { if (x.kindName === 'Class') items.push(x.name); walk(x.children); });
  walk(s.symbols);
  check(`${label}: the outline lists the letter's items`, items.length > 0, short(s));
  const codes = new Set((s.draft || []).filter((d) => d.source === 'imr').map((d) => d.code));
  check(`${label}: the broken draft has its diagnostics (${request.expectDraftCodes.join(', ')})`,
    request.expectDraftCodes.every((c) => codes.has(c)), short([...codes]));
  return s.links || [];
}

async function grantTrust(page) {
  await page.keyboard.press('Escape');
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input').first();
  await input.waitFor({ state: 'visible', timeout: 10000 });
  await input.fill('>Manage Workspace Trust');
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: 'Manage Workspace Trust' }).first();
  await row.waitFor({ state: 'visible', timeout: 10000 });
  await row.click();
  const button = page.locator('.workspace-trust-editor .monaco-button', { hasText: /^Trust/ }).first();
  await button.waitFor({ state: 'visible', timeout: 15000 });
  await button.click();
}

async function main() {
  const browser = await chromium.launch({
    executablePath: env.E2E_CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await context.route((u) => u.hostname !== '127.0.0.1', (route) => route.abort());
    const page = await context.newPage();
    await page.goto(`http://127.0.0.1:${env.E2E_PORT}/?folder=${encodeURIComponent(WS)}`,
      { waitUntil: 'domcontentloaded', timeout: 60000 });
    const wb = await page.locator('.monaco-workbench').waitFor({ timeout: 60000 }).then(() => true, (e) => e);
    if (!check('untrusted: the VS Code workbench loads', wb === true, wb)) return;

    const r1 = await results((r) => r.restrictedDone, 180000);
    const s1 = ((r1 || {}).steps || {}).restricted;
    if (!check('untrusted: the harness ran in Restricted Mode (workspace.isTrusted false)',
      s1 && s1.isTrusted === false && !s1.error, short(r1))) {
      await page.screenshot({ path: path.join(env.E2E_TMP, 'untrusted-failure.png') });
      return;
    }
    const links = judge(s1, 'Restricted Mode');
    check('Restricted Mode: document links come from the built-in catalog only, none from the folder\'s .imr/guidelines.toml',
      links.length > 0 && !links.some((l) => (l || '').includes(request.overlayHost)), short(links));
    check('Restricted Mode: the folder\'s imr.server.path (a marker script) was not run',
      !fs.existsSync(MARKER), `marker file ${MARKER} exists`);

    let granted;
    try {
      await grantTrust(page);
      granted = true;
    } catch (e) {
      granted = e;
    }
    if (!check('untrusted: trust granted through "Manage Workspace Trust"', granted === true, granted)) {
      await page.screenshot({ path: path.join(env.E2E_TMP, 'untrusted-failure.png') });
      return;
    }
    const r2 = await results((r) => r.done, 120000);
    const s2 = ((r2 || {}).steps || {}).trusted;
    check('trusted: the harness saw the trust (workspace.isTrusted true)', s2 && s2.isTrusted === true, short(r2));
    const links2 = judge(s2, 'after trust');
    check('after trust: the extension restarted the server, which uses the folder\'s .imr/guidelines.toml links',
      links2.some((l) => (l || '').includes(request.overlayHost)), short(links2));
    check('after trust: the folder\'s imr.server.path applies (the marker script ran)', fs.existsSync(MARKER),
      `no marker file ${MARKER}`);
  } finally {
    await browser.close();
  }
}

try {
  await main();
} catch (e) {
  check('untrusted: the driver finished without an exception', false, e && e.stack || e);
}
fs.writeFileSync(env.E2E_COUNTS, `${passed} ${failed}\n`);
