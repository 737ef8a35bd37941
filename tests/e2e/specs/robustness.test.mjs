// Robustness and policy: the service worker stopped as Chromium stops it when idle, the browser
// restarted on the same profile, settings written by extension pages (unknown fields kept), corrupt
// stored settings; a page shown again from the back/forward cache; no network request leaves the
// extension; the extension pages' CSP allows only 'self' and 'wasm-unsafe-eval' scripts, and every
// permission is explained in the README.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  countInjections,
  delay,
  findingsOf,
  inContentScript,
  injectionsCounted,
  launchBrowser,
  panelOf,
  poll,
  REPO,
  snapshotsSent,
  tabIdOf,
  tapSnapshots,
  waitForFindings,
  withDelayedInjections,
} from '../harness.mjs';
import { caseUrl } from '../make-snapshots.mjs';
import { reloadExtension, runningWorker, stopWorker, workerTargets } from '../worker.mjs';

let browser;

before(async () => {
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
});

/**
 * Records each request `b`'s pages and workers make, with where it came from: `worker:<url>` or the
 * page's URL. (Playwright follows the worker it found at launch, so this is for a browser whose
 * worker is never stopped.)
 */
function watchRequests(b, requests) {
  b.context.on('request', (request) => {
    let from;
    try {
      from = request.serviceWorker() ? `worker:${request.serviceWorker().url()}` : request.frame().page().url();
    } catch {
      from = 'unknown';
    }
    requests.push({ url: request.url(), from });
  });
}

const worker = () => runningWorker(browser.context, browser.extensionId);

/** Opens `url` in a new tab; returns the page and its tab id. */
async function open(url) {
  const page = await browser.context.newPage();
  await page.goto(url);
  return { page, tabId: await tabIdOf(await worker(), url) };
}

/** An extension page with the extension's APIs and settings.js, and no script of its own running. */
async function extensionPage(b = browser) {
  const page = await b.context.newPage();
  await page.goto(`chrome-extension://${b.extensionId}/messages.js`);
  await page.evaluate(async () => {
    await import('/browser.js'); // the browser shim: globalThis.rg, which settings.js uses
    globalThis.settingsModule = await import('/settings.js');
  });
  return page;
}

const storedSettings = async (page) => page.evaluate(async () => (await chrome.storage.local.get('settings')).settings);
const setStored = (page, value) => page.evaluate((v) => chrome.storage.local.set({ settings: v }), value);
const clearStored = (page) => page.evaluate(() => chrome.storage.local.remove(['settings', 'settingsNotice']));

describe('the service worker stopped and started again', () => {
  test('findings in storage.session survive, and a new page is still checked', async () => {
    const first = await open('http://access.login.nhs.uk/?test=survive');
    // The page's own verdict (after its snapshot), not the first one from the URL alone.
    const before = await waitForFindings(browser.sw, first.tabId, (v) => v.status === 'danger' && v.passwordFields?.length > 0);
    await (await worker()).evaluate(() => { globalThis.rgTestMarker = 'before the stop'; });

    await stopWorker(browser.context, browser.extensionId);
    const second = await browser.context.newPage();
    await second.goto('https://access.login.nhs.uk/?test=survive'); // tabs.onUpdated wakes the worker
    const restarted = await worker();
    assert.equal(await restarted.evaluate(() => globalThis.rgTestMarker ?? 'gone'), 'gone', 'the worker really restarted');

    assert.deepEqual(await findingsOf(restarted, first.tabId), before, 'the first tab keeps its findings');
    const secondTab = await tabIdOf(restarted, 'https://access.login.nhs.uk/?test=survive');
    const verdict = await waitForFindings(restarted, secondTab, (v) => v.url === 'https://access.login.nhs.uk/?test=survive');
    assert.equal(verdict.status, 'safe');
    assert.equal(verdict.portal?.id, 'nhs-login');
    await first.page.close();
    await second.close();
  });

  test("a snapshot wakes a stopped worker and is answered", async () => {
    const url = 'http://www.example-news.test/?test=wake';
    const { page, tabId } = await open(url);
    await waitForFindings(browser.sw, tabId, (v) => v.url === url && v.status === 'none');
    // The URL's verdict can come before the worker has added the sensor; a worker stopped before
    // that leaves no sensor to send the snapshot that wakes it.
    await poll(() => inContentScript(page, () => globalThis.rgSensor === true), (there) => there, { what: 'the sensor' });
    await stopWorker(browser.context, browser.extensionId);
    // The page grows a password field: the content script sends a snapshot to the stopped worker.
    await page.evaluate(() => {
      const form = document.createElement('form');
      form.innerHTML = '<label>Password <input type="password" name="password"></label>';
      document.body.append(form);
    });
    const restarted = await worker();
    const verdict = await waitForFindings(restarted, tabId, (v) => v.findings.some((f) => f.code === 'insecure-connection'));
    assert.equal(verdict.findings.find((f) => f.code === 'insecure-connection').reason, 'password-field');
    await page.close();
  });
});

describe('settings', () => {
  let page;
  before(async () => {
    page = await extensionPage();
  });
  after(async () => {
    await clearStored(page);
    await page.close();
  });

  test('a write from an extension page keeps the fields it does not know', async () => {
    await setStored(page, { sharedComputer: false, providers: [], fromANewerVersion: { nested: [1, 2] }, theme: 'dark' });
    await page.evaluate(() => globalThis.settingsModule.updateSettings({ sharedComputer: true }));
    assert.deepEqual(await storedSettings(page), {
      sharedComputer: true,
      providers: [],
      fromANewerVersion: { nested: [1, 2] },
      theme: 'dark',
    });
  });

  test('writes from two pages at once lose no field', async () => {
    const other = await extensionPage();
    await setStored(page, {});
    await Promise.all([
      page.evaluate(() => globalThis.settingsModule.updateSettings({ sharedComputer: true })),
      other.evaluate(() => globalThis.settingsModule.updateSettings({ providers: ['records.mysurgery.test'] })),
    ]);
    await other.close();
    assert.deepEqual(await storedSettings(page), { sharedComputer: true, providers: ['records.mysurgery.test'] });
  });

  test('the restarted worker applies the stored settings', async () => {
    await setStored(page, { sharedComputer: false, providers: ['records.mysurgery.test'] });
    await stopWorker(browser.context, browser.extensionId);
    const { page: site, tabId } = await open('http://records.mysurgery.test/?test=restarted');
    const verdict = await waitForFindings(await worker(), tabId, (v) => v.portal !== null);
    assert.deepEqual(verdict.portal, { id: 'records.mysurgery.test', name: 'records.mysurgery.test', kind: 'provider' });
    await site.close();
  });
});

describe('settings survive a browser restart', () => {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'rg-restart-'));
  after(() => fs.rmSync(profile, { recursive: true, force: true }));

  test('the same profile, started again, has the settings (unknown fields too) and uses them', async () => {
    const stored = { sharedComputer: true, providers: ['records.mysurgery.test'], fromANewerVersion: 7 };
    const first = await launchBrowser({ userDataDir: profile });
    try {
      const page = await extensionPage(first);
      await setStored(page, stored);
    } finally {
      await first.close();
    }
    const second = await launchBrowser({ userDataDir: profile });
    try {
      assert.equal(second.extensionId, first.extensionId, 'the same extension');
      const page = await extensionPage(second);
      assert.deepEqual(await storedSettings(page), stored);
      const site = await second.context.newPage();
      await site.goto('http://records.mysurgery.test/');
      const sw = await runningWorker(second.context, second.extensionId);
      const tabId = await tabIdOf(sw, 'http://records.mysurgery.test/');
      const verdict = await waitForFindings(sw, tabId, (v) => v.portal !== null && v.findings.some((f) => f.code === 'not-private'));
      assert.equal(verdict.portal.kind, 'provider', 'providers applied');
    } finally {
      await second.close();
    }
  });
});

describe('corrupt stored settings', () => {
  let page;
  before(async () => {
    page = await extensionPage();
  });
  after(async () => {
    await clearStored(page);
    await page.close();
  });

  for (const [name, corrupt] of Object.entries({
    string: 'garbage',
    number: 42,
    list: [1, 2, 3],
    'wrong types': { sharedComputer: 'yes', providers: 'records.mysurgery.test' },
  })) {
    test(`settings: ${JSON.stringify(corrupt)} → defaults, pages still checked, even after a restart`, async () => {
      const url = `http://access.login.nhs.uk/?corrupt=${encodeURIComponent(name)}`;
      await clearStored(page);
      await setStored(page, corrupt);
      const { page: site, tabId } = await open(url);
      try {
        const verdict = await waitForFindings(await worker(), tabId, (v) => v.url === url && v.passwordFields?.length > 0);
        assert.deepEqual(verdict.findings.map((f) => f.code), ['insecure-connection'], 'defaults: no shared-computer findings');
        // The restarted worker reads the corrupt value afresh and still checks the page.
        await page.evaluate((key) => chrome.storage.session.remove(key), `findings:${tabId}`);
        await stopWorker(browser.context, browser.extensionId);
        await site.reload();
        const again = await waitForFindings(await worker(), tabId, (v) => v.url === url);
        assert.equal(again.status, 'danger', 'the restarted worker checks pages with the corrupt value stored');
      } finally {
        await site.close();
      }
    });
  }

  test('valid fields are kept beside a broken one', async () => {
    await clearStored(page);
    await setStored(page, { sharedComputer: 'yes', providers: ['records.mysurgery.test'] });
    const { page: site, tabId } = await open('http://records.mysurgery.test/?test=partial');
    const verdict = await waitForFindings(await worker(), tabId, (v) => v.portal !== null);
    assert.equal(verdict.portal.kind, 'provider', 'providers still apply');
    assert.ok(!verdict.findings.some((f) => f.code === 'not-private'), 'sharedComputer took its default (off)');
    await site.close();
  });

  test('the popup says so once', async () => {
    await clearStored(page);
    await setStored(page, 'garbage');
    const popup = () => browser.context.newPage().then(async (p) => {
      await p.goto(`chrome-extension://${browser.extensionId}/popup.html`);
      await p.waitForSelector('body[data-ready="true"]', { state: 'attached' });
      return p;
    });
    const first = await popup();
    await first.locator('#settings-notice').waitFor({ state: 'visible', timeout: 5_000 });
    await first.close();
    const second = await popup();
    await delay(1_000);
    assert.equal(await second.locator('#settings-notice').isVisible(), false, 'the next popup does not repeat it');
    await second.close();
  });
});

describe('when the sensor comes', () => {
  // No content script is declared: the browser would set up its world while every page loads.
  test('a page without a login field gets only the sensor, and only after its load event', async () => {
    const url = 'https://www.example-news.test/';
    const page = await browser.context.newPage();
    const cdp = await browser.context.newCDPSession(page);
    const events = [];
    cdp.on('Page.frameNavigated', ({ frame }) => frame.parentId === undefined && frame.url === url && events.push('navigated'));
    cdp.on('Page.loadEventFired', () => events.push('load'));
    cdp.on('Runtime.executionContextCreated', ({ context }) => {
      if (context.auxData?.type === 'isolated' && !context.name.startsWith('__playwright')) events.push('our world');
    });
    try {
      await cdp.send('Page.enable');
      await cdp.send('Runtime.enable');
      await page.goto(url, { waitUntil: 'load' });
      const after = () => events.slice(events.lastIndexOf('navigated'));
      await poll(after, (list) => list.includes('our world'), { what: 'the sensor added to the page' });
      const order = after().filter((e, i, list) => list.indexOf(e) === i);
      assert.deepEqual(order, ['navigated', 'load', 'our world'], 'our script world is made after the load event');
      const present = await inContentScript(page, () => ({
        sensor: globalThis.rgSensor === true,
        pageScripts: globalThis.rgPage !== undefined || globalThis.rgSnapshot !== undefined,
      }));
      assert.deepEqual(present, { sensor: true, pageScripts: false });
    } finally {
      await cdp.detach().catch(() => {});
      await page.close();
    }
  });

  // A page that is not a web page (about:blank, the browser's own pages) can take no script: the
  // browser refuses them. The worker was still trying to add the sensor to each as it finished
  // loading, one call more into a tab for nothing.
  test("a new tab's blank page is not given the sensor: only the web page it goes on to", async () => {
    const url = 'https://www.example-news.test/';
    const sw = await worker();
    await countInjections(sw);
    const page = await browser.context.newPage();
    try {
      // The blank page has finished loading (the worker has had its event) before the tab goes on.
      const blankTabs = () => sw.evaluate(async () => (await chrome.tabs.query({})).filter((t) => t.url === 'about:blank'));
      await poll(blankTabs, (tabs) => tabs.length > 0 && tabs.every((t) => t.status === 'complete'), { what: 'the blank page loaded' });
      await page.goto(url, { waitUntil: 'load' });
      const tabId = await tabIdOf(sw, url);
      // The tab's events are handled in order: the blank page's before its next page's.
      await poll(() => injectionsCounted(sw, tabId), (counted) => counted['messages.js+sensor.js'] >= 1, {
        what: 'the sensor added to the page',
      });
      assert.deepEqual(await injectionsCounted(sw, tabId), { 'messages.js+sensor.js': 1 });
    } finally {
      await page.close();
    }
  });

  test('a sign-in page still loading after a second is read before its load event', async () => {
    const url = 'https://shop.example.test/slow-sign-in/'; // its picture takes 8 s
    const page = await browser.context.newPage();
    try {
      // A worker that has been running a while: one stopped during the first second loses the
      // timer, and the page gets its sensor at the load event instead.
      await page.goto('https://shop.example.test/', { waitUntil: 'load' });
      await runningWorker(browser.context, browser.extensionId);
      await delay(1500);
      await page.goto(url, { waitUntil: 'domcontentloaded' });
      const tabId = await tabIdOf(browser.sw, url);
      const verdict = await waitForFindings(browser.sw, tabId, (v) => v?.url === url && v.passwordFields?.length > 0);
      assert.equal(verdict.passwordFields[0].purpose, 'sign-in');
      assert.equal(await page.evaluate(() => document.readyState), 'interactive', 'the page is still loading');
    } finally {
      await page.close();
    }
  });

  // On a busy machine (CI's) the worker's read of the first snapshot came more than 200 ms after the
  // page scripts took it, and the page sent it as a message: an extension API in a loading page.
  test("a worker slow to read the first snapshot (a busy machine) still reads it: the page sends no message", async () => {
    const url = caseUrl(path.join(REPO, 'tests', 'cases', 'remember-lookalike-nhs-login'));
    const sw = await worker();
    await tapSnapshots(sw);
    await withDelayedInjections(sw, 'firstSnapshot', 500, async () => {
      const page = await browser.context.newPage();
      try {
        await page.goto(url);
        const tabId = await tabIdOf(sw, url);
        await waitForFindings(sw, tabId, (v) => v?.url === url && v.passwordFields?.length > 0);
        const sent = await snapshotsSent(sw, tabId);
        assert.equal(sent.find((m) => m.snapshot.url === url)?.via, 'read');
      } finally {
        await page.close();
      }
    });
  });

  // An update (here a reload, which is what an update does) starts a new worker with none of the old
  // one's timers, and none of the events of pages that started loading before it: a page still
  // loading then would wait for its load event, or, when that event came before the new worker was
  // listening (an install while a page loads), never be checked.
  test('a sign-in page still loading when the extension is updated is read before its load event', async () => {
    const b = await launchBrowser({ developerMode: true }); // for the update (harness.mjs)
    try {
      const url = 'https://shop.example.test/slow-sign-in/'; // its picture takes 8 s
      const page = await b.context.newPage();
      await page.goto(url, { waitUntil: 'domcontentloaded' });
      await reloadExtension(b.context, b.extensionId, b.sw);
      // The updated worker starts at once, or with the next event: another tab's page.
      await (await b.context.newPage()).goto('https://www.example-news.test/');
      const updated = await runningWorker(b.context, b.extensionId);
      const tabId = await tabIdOf(updated, url);
      const verdict = await waitForFindings(updated, tabId, (v) => v?.url === url && v.passwordFields?.length > 0);
      assert.equal(verdict.passwordFields[0].purpose, 'sign-in');
      assert.equal(await page.evaluate(() => document.readyState), 'interactive', 'the page is still loading');
    } finally {
      await b.close();
    }
  });
});

describe('the extension updated, or turned off and on again, while a warning shows', () => {
  // An update (here a reload, which is what an update does) and turning the extension back on
  // start a new worker with an empty storage.session and new page scripts; the old page scripts
  // stay in the page, cut off, with their panel.
  const url = caseUrl(path.join(REPO, 'tests', 'cases', 'remember-nhsuk-checkboxes'));
  const hosts = (page) => page.evaluate(() => document.querySelectorAll('[data-records-guard]').length);
  let b;
  let page;

  before(async () => {
    b = await launchBrowser({ developerMode: true }); // for the update (harness.mjs)
    page = await b.context.newPage();
    await page.goto(url);
    const tabId = await tabIdOf(b.sw, url);
    await waitForFindings(b.sw, tabId, (v) => v.url === url && v.findings.some((f) => f.code === 'remember-me'));
    await poll(() => hosts(page), (n) => n === 1, { what: 'the panel' });
  });

  after(async () => {
    await b?.close();
  });

  /** The new worker's verdict on the page, once it has read it, and the page's panel hosts. */
  async function afterRestart() {
    // The new worker starts with the next event, if nothing started it: another tab's page.
    const other = await b.context.newPage();
    await other.goto('https://www.example-news.test/');
    const worker = await runningWorker(b.context, b.extensionId);
    const tabId = await tabIdOf(worker, url);
    const verdict = await waitForFindings(worker, tabId, (v) => v.url === url && v.findings.some((f) => f.code === 'remember-me'));
    await other.close();
    await delay(500); // the render that follows the verdict
    return { verdict, hosts: await hosts(page), panel: await panelOf(page) };
  }

  test('updated: the open page is read again, and shows one panel, not two', async () => {
    await reloadExtension(b.context, b.extensionId, b.sw);
    const after = await afterRestart();
    assert.equal(after.hosts, 1, 'one panel host in the page');
    assert.ok(after.panel.visible, 'the panel shows');
  });

  test('turned off and on again: the open page is read again, and shows one panel, not two', async () => {
    const extensions = await b.context.newPage();
    await extensions.goto('chrome://extensions/');
    await extensions.evaluate((id) => chrome.management.setEnabled(id, false), b.extensionId);
    await poll(() => workerTargets(b.context, b.extensionId), (list) => list.length === 0, { what: 'the worker to go' });
    await extensions.evaluate((id) => chrome.management.setEnabled(id, true), b.extensionId);
    await extensions.close();
    const after = await afterRestart();
    assert.equal(after.hosts, 1, 'one panel host in the page');
    assert.ok(after.panel.visible, 'the panel shows');
  });

  // Nothing tells the page scripts that the extension was turned off: the person's next press or
  // key on the page finds out, and the warning of an extension that is off goes.
  test("turned off: the warning goes at the person's next press on the page", async () => {
    const extensions = await b.context.newPage();
    await extensions.goto('chrome://extensions/');
    await extensions.evaluate((id) => chrome.management.setEnabled(id, false), b.extensionId);
    await poll(() => workerTargets(b.context, b.extensionId), (list) => list.length === 0, { what: 'the worker to go' });
    await page.bringToFront();
    assert.equal(await hosts(page), 1, 'the panel is still there until the person comes back');
    await page.mouse.click(5, 5);
    await poll(() => hosts(page), (n) => n === 0, { what: 'the panel to go' });
    await extensions.evaluate((id) => chrome.management.setEnabled(id, true), b.extensionId);
    await extensions.close();
  });
});

describe('no network requests from the extension', () => {
  let b;
  const requests = [];
  before(async () => {
    b = await launchBrowser();
    watchRequests(b, requests);
  });
  after(() => b?.close());

  test('neither the worker nor the extension pages fetched anything but their own files', async () => {
    // Give every part of the extension something to do first: pages checked, the popup opened.
    for (const url of ['http://access.login.nhs.uk/', 'https://access.login.nhs.uk/', 'http://www.example-news.test/']) {
      const site = await b.context.newPage();
      await site.goto(url);
      const tabId = await tabIdOf(b.sw, url);
      await waitForFindings(b.sw, tabId, (v) => v.url === url);
      const popup = await b.context.newPage();
      await popup.goto(`chrome-extension://${b.extensionId}/popup.html?tabId=${tabId}`);
      await popup.waitForSelector('body[data-ready="true"]', { state: 'attached' });
      await popup.close();
      await site.close();
    }
    const own = `chrome-extension://${b.extensionId}/`;
    const fromExtension = requests.filter((r) => r.from.startsWith(`worker:${own}`) || r.from.startsWith(own));
    assert.ok(fromExtension.length > 0, 'the extension pages loaded their own files (the watch works)');
    const leaving = fromExtension.filter((r) => !r.url.startsWith(own));
    assert.deepEqual(leaving, [], 'requests from the extension to anywhere but its own files');
    const log = b.server.log.filter((e) => [e.headers.origin, e.headers.referer].some((h) => h?.startsWith('chrome-extension://')));
    assert.deepEqual(log, [], 'requests at the test server with an extension origin or referrer');
  });

  test("the watch sees the worker's requests, and the worker's CSP stops any to a site (control)", async () => {
    const seenBefore = requests.length;
    const own = `chrome-extension://${b.extensionId}/manifest.json`;
    assert.equal(await b.sw.evaluate((url) => fetch(url).then((r) => r.status), own), 200);
    await poll(() => requests.slice(seenBefore), (list) => list.some((r) => r.url === own && r.from.startsWith('worker:')), {
      what: "the worker's own fetch in Playwright's network events",
    });
    // connect-src 'self': a request to a site fails in the worker before it leaves the browser.
    const outcome = await b.sw.evaluate(() => fetch('http://canary.test/from-the-worker').then(() => 'sent', (e) => e.name));
    assert.equal(outcome, 'TypeError', 'the fetch is refused');
    await delay(500);
    assert.ok(!requests.some((r) => r.url.startsWith('http://canary.test/')), 'no network event for it');
    assert.ok(!b.server.log.some((e) => e.host === 'canary.test'), 'the server never saw it');
  });
});

describe('manifest and Content Security Policy', () => {
  const dist = path.resolve(process.env.RG_DIST ?? path.join(REPO, 'dist', 'chromium'));
  const manifest = JSON.parse(fs.readFileSync(path.join(dist, 'manifest.json'), 'utf8'));

  /** `"a b; c d"` → `{ a: ['b'], c: ['d'] }`. */
  const directives = (csp) =>
    Object.fromEntries(csp.split(';').map((d) => d.trim().split(/\s+/)).filter((d) => d[0]).map(([name, ...values]) => [name, values]));

  test("extension pages may run only the extension's own scripts and compile wasm", () => {
    const csp = directives(manifest.content_security_policy?.extension_pages ?? '');
    assert.deepEqual([...(csp['script-src'] ?? [])].sort(), ["'self'", "'wasm-unsafe-eval'"], 'script-src');
    assert.deepEqual(csp['default-src'], ["'none'"], 'default-src');
    assert.deepEqual(csp['object-src'] ?? csp['default-src'], ["'none'"], 'object-src');
    for (const [name, values] of Object.entries(csp)) {
      for (const value of values) {
        assert.doesNotMatch(value, /^'unsafe-(eval|inline|hashes)'$|^(https?|wss?|data|blob):|\*/, `${name} allows ${value}`);
      }
    }
    assert.equal(manifest.content_security_policy?.sandbox, undefined, 'no sandbox pages');
  });

  test('the Firefox build has the same policy', () => {
    const firefox = path.join(dist, '..', 'firefox', 'manifest.json');
    if (!fs.existsSync(firefox)) return;
    const other = JSON.parse(fs.readFileSync(firefox, 'utf8'));
    assert.equal(other.content_security_policy?.extension_pages, manifest.content_security_policy.extension_pages);
  });

  test("no remote code: extension pages load only the extension's own files", () => {
    for (const file of fs.readdirSync(dist).filter((f) => f.endsWith('.html'))) {
      const html = fs.readFileSync(path.join(dist, file), 'utf8');
      for (const [, src] of html.matchAll(/<(?:script|link)\b[^>]*\b(?:src|href)="([^"]+)"/g)) {
        assert.ok(!/^[a-z][a-z0-9+.-]*:|^\/\//i.test(src), `${file} loads ${src}`);
        assert.ok(fs.existsSync(path.join(dist, src.split(/[?#]/)[0])), `${file} loads ${src}, which ships`);
      }
      assert.doesNotMatch(html, /<script\b(?![^>]*\bsrc=)[^>]*>\s*\S/, `${file} has an inline script`);
    }
  });

  test('host permissions for web pages only, no content script declared, not reachable from web pages, every permission explained in the README', () => {
    // scripting.executeScript needs them to add the sensor and the page scripts to web pages; a
    // declared content script would make the browser set up its world during every page load.
    assert.deepEqual(manifest.host_permissions, ['http://*/*', 'https://*/*'], 'host_permissions');
    assert.equal(manifest.content_scripts, undefined, 'content_scripts');
    assert.equal(manifest.optional_host_permissions, undefined, 'optional_host_permissions');
    assert.equal(manifest.externally_connectable, undefined, 'externally_connectable');
    assert.equal(manifest.web_accessible_resources, undefined, 'web_accessible_resources');
    const readme = fs.readFileSync(path.join(REPO, 'README.md'), 'utf8');
    const table = readme.slice(readme.indexOf('## Permissions'));
    assert.match(table, /^\| `host_permissions` /m, "README's permissions table explains host_permissions");
    for (const permission of [...(manifest.permissions ?? []), ...(manifest.optional_permissions ?? [])]) {
      assert.match(table, new RegExp(`^\\| \`${permission}\` \\|`, 'm'), `README's permissions table explains ${permission}`);
    }
  });
});

// A person's Chromium keeps a page they leave in its back/forward cache and shows it again, its
// scripts and all, when they go back: no load, no new page scripts. (Playwright turns the cache off;
// this browser has it on.) The worker checked the page they went to in between, so the tab's
// findings must come back with the page, and its panel must be there once, not twice.
describe('a page shown again from the back/forward cache', () => {
  test('a records sign-in page gone back to has its findings and one panel again', async () => {
    const b = await launchBrowser({ backForwardCache: true });
    try {
      const url = 'https://www.patientaccess.com/'; // cacheable: no `no-store` (index.html.headers.json)
      const page = await b.context.newPage();
      await page.goto(url);
      await page.evaluate(() => {
        window.rgTestVisit = 'first';
      });
      const tabId = await tabIdOf(b.sw, url);
      const remembered = (v) => v?.url === url && v.findings.some((f) => f.code === 'remember-me');
      await waitForFindings(b.sw, tabId, remembered);
      await poll(() => panelOf(page), (p) => p.visible, { what: 'the panel' });

      await page.click('#away');
      await waitForFindings(b.sw, tabId, (v) => v?.url === 'https://www.example-news.test/' && v.findings.length === 0);
      await page.goBack({ waitUntil: 'commit' }); // a page from the cache fires no load event

      assert.equal(await page.evaluate(() => window.rgTestVisit), 'first', 'the page came back from the cache');
      await waitForFindings(b.sw, tabId, remembered);
      await poll(() => panelOf(page), (p) => p.visible, { what: 'the panel, shown again' });
      const hosts = await page.evaluate(() => document.querySelectorAll('[data-records-guard]').length);
      assert.equal(hosts, 1, 'one panel');
    } finally {
      await b.close();
    }
  });
});
