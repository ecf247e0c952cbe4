// Drives the report page in headless Chromium; exits 1 with FAIL lines when a check fails.
//   node page.mjs REPORT.html SCREENSHOT.png   (playwright-core from $NODE_PATH)
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const require = createRequire(path.join(process.env.NODE_PATH || '.', 'x.js'));
const { chromium } = require('playwright-core');
const [html, shot] = process.argv.slice(2);
const pageUrl = pathToFileURL(path.resolve(html)).href;

let failed = 0;
function check(what, ok, detail) {
  console.log(`${ok ? 'PASS' : 'FAIL'}: ${what}${ok || detail === undefined ? '' : ` (${detail})`}`);
  if (!ok) failed++;
}

const browser = await chromium.launch({
  executablePath: process.env.E2E_CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run'],
});
try {
  const context = await browser.newContext({ viewport: { width: 1200, height: 1500 }, deviceScaleFactor: 1 });
  const requests = [];
  const problems = [];
  // Every request but the page itself is recorded and refused: the page must need none.
  await context.route('**/*', (route) => {
    const u = route.request().url();
    if (u === pageUrl) return route.continue();
    requests.push(u);
    return route.abort();
  });
  const page = await context.newPage();
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e}`));
  page.on('requestfailed', (r) => { if (r.url() !== pageUrl) requests.push(r.url()); });
  await page.goto(pageUrl, { waitUntil: 'load' });
  await page.waitForTimeout(300);

  check('the page loads with no console error or warning', problems.length === 0, problems.join(' | '));
  check('the page makes no request besides itself', requests.length === 0, requests.join(', '));

  const charts = await page.$$eval('#charts svg', (svgs) => svgs.map((s) => ({
    rects: s.querySelectorAll('rect').length,
    texts: s.querySelectorAll('text').length,
    w: s.getBoundingClientRect().width,
    h: s.getBoundingClientRect().height,
  })));
  check(`six charts are drawn as SVG (found ${charts.length})`, charts.length === 6, JSON.stringify(charts));
  check('every chart has bars and labels and takes space on the page',
    charts.length > 0 && charts.every((c) => c.rects > 1 && c.texts > 2 && c.w > 200 && c.h > 100), JSON.stringify(charts));

  const total = await page.$$eval('#letters tbody tr', (r) => r.length);
  check(`the letters table has rows (${total})`, total > 0);
  // Sort by items, descending: the first row holds the most items.
  const itemsHeader = page.locator('#letters thead th', { hasText: /^items$/ });
  await itemsHeader.click();
  await itemsHeader.click();
  const items = await page.$$eval('#letters tbody tr', (rows) => rows.map((r) => Number(r.cells[3].textContent)));
  check('clicking "items" twice sorts the table by items, most first',
    items.length > 1 && items.every((v, i) => i === 0 || items[i - 1] >= v), items.slice(0, 5).join(','));
  // Filter by the first row's case number.
  const firstCase = await page.$eval('#letters tbody tr td', (td) => td.textContent);
  await page.fill('#filter', firstCase);
  const visible = await page.$$eval('#letters tbody tr', (rows) => rows.filter((r) => !r.hidden).length);
  const shown = await page.$eval('#shown', (s) => s.textContent);
  check(`filtering by "${firstCase}" leaves its letter (${visible} shown)`, visible >= 1 && visible < total && String(visible) === shown);
  await page.fill('#filter', '');
  await page.check('#only-problems');
  const withProblems = await page.$$eval('#letters tbody tr', (rows) => rows.filter((r) => !r.hidden).map((r) => Number(r.dataset.problems)));
  check('"only letters with problems" hides the clean ones', withProblems.every((n) => n > 0) && withProblems.length < total,
    withProblems.join(','));
  await page.uncheck('#only-problems');
  await itemsHeader.click(); await itemsHeader.click();  // leave it as it opened, for the picture
  const fresh = await context.newPage();
  fresh.on('console', (m) => { if (m.type() === 'error') problems.push(`error: ${m.text()}`); });
  await fresh.goto(pageUrl, { waitUntil: 'load' });
  await fresh.screenshot({ path: shot, fullPage: false });
  console.log(`screenshot: ${shot}`);
  check('still no console error after interacting', problems.length === 0, problems.join(' | '));
} finally {
  await browser.close();
}
console.log(failed ? `${failed} failed` : 'all passed');
process.exit(failed ? 1 : 0);
