// Generates each case's snapshot.json from its page.html with the real extractor
// (extension/snapshot.js), so the "one fixture, three layers" chain starts from the page:
//
//   node make-snapshots.mjs            regenerate every tests/cases/*/ and tests/cases-pending/*/
//   node make-snapshots.mjs --check    exit 1 if any snapshot.json is not what page.html gives
//   node make-snapshots.mjs NAME...    only the named cases
//
// A case's URL is its page's `<link rel="canonical" href="...">` (so a new case needs no
// snapshot.json to start from), else the `url` of its existing snapshot.json. Pages are served
// exactly as the e2e suite serves them (same bytes, `page.html.headers.json` headers such as a
// strict CSP, same window size, same browser); anything else they load (e.g. /style.css) comes
// from the test server (server.mjs). The extractor is evaluated in the page through the DevTools
// protocol, as a content script would see it, with the caps in extension/messages.js.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startServer, CASES_DIR } from './server.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '..', '..');
export const PENDING_DIR = path.join(REPO, 'tests', 'cases-pending');
const EXTRACTOR = ['messages.js', 'snapshot.js'].map((f) => path.join(REPO, 'extension', f));
/** The e2e suite's window (harness.mjs); visibility and layout depend on it. */
export const VIEWPORT = { width: 1100, height: 800 };
const CHROMIUM = process.env.RG_CHROMIUM ?? '/usr/bin/chromium';

/** Every case folder (with a page.html) under tests/cases and tests/cases-pending, by name. */
export function caseDirs() {
  const dirs = [];
  for (const root of [CASES_DIR, PENDING_DIR]) {
    if (!fs.existsSync(root)) continue;
    for (const d of fs.readdirSync(root, { withFileTypes: true })) {
      const dir = path.join(root, d.name);
      if (d.isDirectory() && fs.existsSync(path.join(dir, 'page.html'))) dirs.push(dir);
    }
  }
  return dirs.sort((a, b) => path.basename(a).localeCompare(path.basename(b)));
}

/** A case's URL: the page's canonical link, else its snapshot.json's url. */
export function caseUrl(dir) {
  const html = fs.readFileSync(path.join(dir, 'page.html'), 'utf8');
  const canonical = /<link\s+rel="canonical"\s+href="([^"]+)"/i.exec(html)?.[1];
  if (canonical) return new URL(canonical).href;
  const file = path.join(dir, 'snapshot.json');
  if (fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, 'utf8')).url;
  throw new Error(`${path.basename(dir)}: page.html has no <link rel="canonical" href="..."> and there is no snapshot.json`);
}

/** Serve case pages from their folders (by exact URL); everything else from the test server. */
export async function routeCases(context, dirs) {
  const pages = new Map(dirs.map((dir) => [caseUrl(dir), dir]));
  await context.route('**/*', (route) => {
    const dir = pages.get(route.request().url());
    if (!dir) return route.continue();
    const extra = path.join(dir, 'page.html.headers.json');
    const headers = fs.existsSync(extra) ? JSON.parse(fs.readFileSync(extra, 'utf8')) : {};
    return route.fulfill({
      status: 200,
      headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', ...headers },
      body: fs.readFileSync(path.join(dir, 'page.html')),
    });
  });
}

/** Run the extractor in `page` (already showing the case) and return its snapshot. */
export async function extract(page) {
  for (const file of EXTRACTOR) await page.evaluate(fs.readFileSync(file, 'utf8'));
  return page.evaluate(() => globalThis.rgSnapshot.build(document, globalThis.RG_MESSAGES.caps).snapshot);
}

/** Chromium as the e2e suite runs it (without the extension), every host mapped to `port`. */
export async function launch(port) {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      `--host-resolver-rules=MAP * 127.0.0.1:${port}, EXCLUDE localhost`,
      '--ignore-certificate-errors',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-features=HttpsUpgrades,HttpsFirstBalancedModeAutoEnable',
    ],
  });
  const context = await browser.newContext({ viewport: VIEWPORT, ignoreHTTPSErrors: true });
  return { browser, context };
}

const json = (value) => `${JSON.stringify(value, null, 2)}\n`;

async function main(argv) {
  const check = argv.includes('--check');
  const names = argv.filter((a) => !a.startsWith('--'));
  const dirs = caseDirs().filter((dir) => names.length === 0 || names.includes(path.basename(dir)));
  const unknown = names.filter((n) => !dirs.some((dir) => path.basename(dir) === n));
  if (unknown.length > 0) throw new Error(`no such case: ${unknown.join(', ')}`);
  const server = await startServer();
  const { browser, context } = await launch(server.port);
  const stale = [];
  try {
    await routeCases(context, dirs);
    const page = await context.newPage();
    for (const dir of dirs) {
      const name = path.basename(dir);
      const url = caseUrl(dir);
      const response = await page.goto(url, { waitUntil: 'load' });
      if (response?.status() !== 200) throw new Error(`${name}: ${url} answered ${response?.status()}`);
      const snapshot = await extract(page);
      const file = path.join(dir, 'snapshot.json');
      const old = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : null;
      let same = true;
      try {
        assert.deepStrictEqual(snapshot, old);
      } catch {
        same = false;
      }
      if (same) continue;
      stale.push(name);
      if (check) console.error(`stale: ${path.relative(REPO, file)}`);
      else {
        fs.writeFileSync(file, json(snapshot));
        console.log(`wrote ${path.relative(REPO, file)}`);
      }
    }
  } finally {
    await browser.close();
    await server.close();
  }
  if (check && stale.length > 0) {
    console.error(`${stale.length} snapshot.json file(s) are not what page.html gives; run: node make-snapshots.mjs`);
    process.exitCode = 1;
  } else {
    console.log(`${dirs.length} case(s) ${check ? 'checked' : 'read'}, ${check ? 0 : stale.length} written`);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main(process.argv.slice(2)).catch((error) => {
    console.error(error.message);
    process.exitCode = 2;
  });
}
