// Shared helpers of the end-to-end suite: start the test server, launch Debian Chromium with the
// unpacked extension through playwright-core, and read what the extension did (storage.session
// findings, the toolbar badge, the in-page warning inside its closed shadow root).
//
// Only playwright-core is used, with the system Chromium: `npx playwright install` needs a
// download host this machine cannot reach.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startServer, listCases } from './server.mjs';
import { delay, FINDINGS_TIMEOUT_MS, poll } from './poll.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const REPO = path.resolve(HERE, '..', '..');
export const ARTIFACTS = path.join(HERE, 'artifacts');
export const CHROMIUM = process.env.RG_CHROMIUM ?? '/usr/bin/chromium';

export { listCases };
export { delay, FINDINGS_TIMEOUT_MS, poll };

/** How long to wait for something the extension promises "within about one second". */

/**
 * Chromium honours only the last `--disable-features` switch, and Playwright passes its own list,
 * so ours repeats Playwright's entries that matter here as well as the two HTTPS-First features
 * (HTTPS-First must not upgrade the suite's http:// pages).
 */
const DISABLED_FEATURES = [
  'HttpsUpgrades',
  'HttpsFirstBalancedModeAutoEnable',
  // Playwright's own defaults (chromiumSwitches), kept:
  'AvoidUnnecessaryBeforeUnloadCheckSync',
  'DestroyProfileOnBrowserClose',
  'MediaRouter',
  'PaintHolding',
  'ThirdPartyStoragePartitioning',
  'OptimizationHints',
  'NetworkTimeServiceQuerying',
  'PreconnectToSearch',
  // Chromium's own background traffic also lands on the test server (MAP *); keep the log quiet.
  'AutofillServerCommunication',
];


/**
 * A new profile in developer mode, for the tests that need it: those that update the extension (out
 * of it, Chromium 148 disables an unpacked extension that reloads, `runtime.reload()` being the
 * tests' update, as an "unsupported developer extension"; Chromium 156 did not) and those that allow
 * it in private windows. Other tests run as a person's browser does, out of developer mode.
 */
function inDeveloperMode(userDataDir) {
  const preferences = path.join(userDataDir, 'Default', 'Preferences');
  if (fs.existsSync(preferences)) return; // a profile the browser has used: its own settings
  fs.mkdirSync(path.dirname(preferences), { recursive: true });
  fs.writeFileSync(preferences, JSON.stringify({ extensions: { ui: { developer_mode: true } } }));
}

/**
 * Start the test server and Chromium with the unpacked extension.
 * @param {{ dist?: string, headless?: boolean, port?: number, userDataDir?: string, developerMode?: boolean,
 *   backForwardCache?: boolean }} [options]
 * @returns {Promise<{ context: import('playwright-core').BrowserContext,
 *   sw: import('playwright-core').Worker, extensionId: string, dist: string,
 *   server: Awaited<ReturnType<typeof startServer>>, userDataDir: string, close(): Promise<void> }>}
 */
export async function launchBrowser({
  dist = process.env.RG_DIST ?? path.join(REPO, 'dist', 'chromium'),
  headless = true,
  port,
  userDataDir, // a profile to reuse, e.g. to restart the browser on it (kept on close)
  developerMode = false, // a new profile starts in developer mode (inDeveloperMode)
  // Playwright turns the back/forward cache off (`--disable-back-forward-cache`); a person's
  // Chromium has it on: a page left and gone back to is shown again as it was, its scripts and all.
  backForwardCache = false,
} = {}) {
  dist = path.resolve(dist);
  if (!fs.existsSync(path.join(dist, 'manifest.json'))) {
    throw new Error(`no unpacked extension at ${dist} (build it with \`cargo xtask dist\`, or set RG_DIST)`);
  }
  const server = await startServer(port === undefined ? {} : { port });
  const ownProfile = userDataDir === undefined;
  userDataDir ??= fs.mkdtempSync(path.join(os.tmpdir(), 'rg-profile-'));
  const removeProfile = () => ownProfile && fs.rmSync(userDataDir, { recursive: true, force: true });
  if (developerMode) inDeveloperMode(userDataDir);
  let context;
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless,
      // Playwright adds --disable-extensions by default; the extension under test must load.
      ignoreDefaultArgs: ['--disable-extensions', ...(backForwardCache ? ['--disable-back-forward-cache'] : [])],
      viewport: { width: 1100, height: 800 },
      args: [
        `--disable-extensions-except=${dist}`,
        `--load-extension=${dist}`,
        `--host-resolver-rules=MAP * 127.0.0.1:${server.port}, EXCLUDE localhost`,
        '--ignore-certificate-errors',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        `--disable-features=${DISABLED_FEATURES.join(',')}`,
      ],
    });
  } catch (e) {
    await server.close();
    removeProfile();
    throw e;
  }

  for (const page of context.pages()) closesReliably(page);
  context.on('page', closesReliably);

  const isExtensionWorker = (w) => w.url().startsWith('chrome-extension://');
  let sw = context.serviceWorkers().find(isExtensionWorker);
  try {
    sw ??= await context.waitForEvent('serviceworker', { predicate: isExtensionWorker, timeout: 15_000 });
  } catch (e) {
    await context.close().catch(() => {});
    await server.close();
    removeProfile();
    throw new Error(`the extension's service worker did not start (dist: ${dist}): ${e.message}`);
  }
  const extensionId = new URL(sw.url()).host;

  let closing = null;
  return {
    context,
    sw,
    extensionId,
    server,
    dist,
    userDataDir,
    close() {
      closing ??= (async () => {
        await context.close().catch(() => {});
        await server.close();
        removeProfile();
      })();
      return closing;
    },
  };
}

/** How long a page's close may take before it is asked again. */
const CLOSE_RETRY_MS = 1_000;
const CLOSE_ATTEMPTS = 10;

/**
 * Makes `page.close()` close the page even when Chromium drops the close: a `Target.closeTarget`
 * that races a navigation's commit is acknowledged and not carried out (crbug.com/536385539;
 * Playwright issues 41900 and 42366, not fixed in playwright-core 1.65), and Playwright then waits
 * for the page to go with no timeout. A test that closes a page right after submitting its form hung
 * the suite that way. The close is asked again through the page itself (CDP `Page.close`, which is
 * what `runBeforeUnload` sends; no fixture has a beforeunload handler), as often as it takes.
 * @param {import('playwright-core').Page} page
 */
function closesReliably(page) {
  const close = page.close.bind(page);
  const closed = new Promise((resolve) => page.once('close', resolve));
  page.close = async (options = {}) => {
    if (options.runBeforeUnload) return close(options);
    close(options).catch(() => {}); // when dropped, it never settles: the page's close event tells
    for (let attempt = 1; ; attempt++) {
      const done = await Promise.race([closed.then(() => true), delay(CLOSE_RETRY_MS).then(() => false)]);
      if (done) return;
      if (attempt === CLOSE_ATTEMPTS) throw new Error(`the page ${page.url()} did not close after ${attempt} attempts`);
      await close({ runBeforeUnload: true }).catch(() => {}); // gone meanwhile: `closed` says so
    }
  };
}

/**
 * The service worker currently running for the extension (Chromium may stop and restart it;
 * a stopped worker's handle throws on evaluate).
 */
export function currentWorker(context, extensionId) {
  return context.serviceWorkers().find((w) => new URL(w.url()).host === extensionId);
}

/**
 * The id of the tab showing `url` (exact match), polled until the tab reports that URL.
 * @param {import('playwright-core').Worker} sw
 * @param {string} url
 */
export async function tabIdOf(sw, url, timeout = FINDINGS_TIMEOUT_MS) {
  const tab = await poll(
    () => sw.evaluate(async (u) => (await chrome.tabs.query({})).find((t) => t.url === u) ?? null, url),
    (t) => t !== null,
    { timeout, what: `a tab with url ${url}` },
  );
  return tab.id;
}

/** The stored findings of a tab (`storage.session` key `findings:<tabId>`), or null. */
export async function findingsOf(sw, tabId) {
  return sw.evaluate(async (key) => (await chrome.storage.session.get(key))[key] ?? null, `findings:${tabId}`);
}

/**
 * Poll `findings:<tabId>` until `predicate(value)` holds; returns that value.
 * @param {(v: any) => boolean} [predicate] default: any stored value
 */
export async function waitForFindings(sw, tabId, predicate = (v) => v !== null, timeout = FINDINGS_TIMEOUT_MS) {
  return poll(() => findingsOf(sw, tabId), (v) => v !== null && predicate(v), {
    timeout,
    what: `findings:${tabId} to match`,
  });
}

/** `[r, g, b, a]` → `#rrggbb` (lower case). */
export function colourHex(rgba) {
  if (!Array.isArray(rgba)) return null;
  return '#' + rgba.slice(0, 3).map((n) => Number(n).toString(16).padStart(2, '0')).join('');
}

/** The toolbar badge of a tab: `{ text, colour: '#rrggbb', title }`. */
export async function badgeOf(sw, tabId) {
  const raw = await sw.evaluate(async (id) => ({
    text: await chrome.action.getBadgeText({ tabId: id }),
    colour: await chrome.action.getBadgeBackgroundColor({ tabId: id }),
    title: await chrome.action.getTitle({ tabId: id }),
  }), tabId);
  return { text: raw.text, colour: colourHex(raw.colour), title: raw.title };
}

// ---------------------------------------------------------------------------------------------
// The in-page warning. It lives in a CLOSED shadow root, so neither page scripts nor Playwright
// selectors can reach it; the DevTools protocol can (DOM.getDocument with pierce: true).

const ELEMENT_NODE = 1;
const TEXT_NODE = 3;
const NON_TEXT_TAGS = new Set(['STYLE', 'SCRIPT', 'TEMPLATE', 'NOSCRIPT']);

function attrsOf(node) {
  const out = {};
  const a = node.attributes ?? [];
  for (let i = 0; i + 1 < a.length; i += 2) out[a[i]] = a[i + 1];
  return out;
}

function childNodesOf(node) {
  return [
    ...(node.shadowRoots ?? []),
    ...(node.contentDocument ? [node.contentDocument] : []),
    ...(node.children ?? []),
  ];
}

/** Every node in document order with the innermost enclosing shadow root type. */
function* walk(node, shadowType = null) {
  yield { node, shadowType };
  for (const child of childNodesOf(node)) {
    yield* walk(child, child.shadowRootType ?? shadowType);
  }
}

function textOf(node) {
  if (node.nodeType === TEXT_NODE) return node.nodeValue ?? '';
  if (node.nodeType === ELEMENT_NODE && NON_TEXT_TAGS.has(node.nodeName)) return '';
  return (node.children ?? []).map(textOf).join(' ');
}

/** Collapse white space the way a reader sees it. */
export const squash = (s) => String(s ?? '').replace(/\s+/g, ' ').trim();

function panelNodes(root) {
  // Prefer an alert inside a shadow root (the extension's); note which kind of root it was.
  let alert = null;
  let alertShadow = null;
  for (const { node, shadowType } of walk(root)) {
    if (node.nodeType === ELEMENT_NODE && attrsOf(node).role === 'alert' && shadowType) {
      alert = node;
      alertShadow = shadowType;
      break;
    }
  }
  if (!alert) return null;
  const buttons = [];
  for (const { node } of walk(alert)) {
    if (node.nodeType === ELEMENT_NODE && (node.nodeName === 'BUTTON' || attrsOf(node).role === 'button')) {
      buttons.push(node);
    }
  }
  return { alert, shadowType: alertShadow, buttons };
}

const sessions = new WeakMap();
async function cdpFor(page) {
  let s = sessions.get(page);
  if (!s) {
    s = await page.context().newCDPSession(page);
    sessions.set(page, s);
  }
  return s;
}

/**
 * The extension's in-page warning panel of `page`.
 * @returns {Promise<{ found: boolean, text: string, shadowType: string|null, visible: boolean,
 *   buttons: { text: string, attributes: Record<string, string> }[] }>}
 *   `shadowType` is 'closed' for the real panel; `visible` means it has a layout box.
 */
export async function panelOf(page) {
  const cdp = await cdpFor(page);
  const { root } = await cdp.send('DOM.getDocument', { depth: -1, pierce: true });
  const p = panelNodes(root);
  if (!p) return { found: false, text: '', shadowType: null, visible: false, buttons: [] };
  let visible = true;
  try {
    const { model } = await cdp.send('DOM.getBoxModel', { nodeId: p.alert.nodeId });
    visible = model.width > 0 && model.height > 0;
  } catch {
    visible = false; // display: none, or detached
  }
  return {
    found: true,
    text: squash(textOf(p.alert)),
    shadowType: p.shadowType,
    visible,
    buttons: p.buttons.map((b) => ({ text: squash(textOf(b)), attributes: attrsOf(b) })),
  };
}

/**
 * The text of the extension's password strength meter (`role="status"` inside a closed shadow
 * root) on `page`, or null when there is none.
 */
export async function meterOf(page) {
  const cdp = await cdpFor(page);
  const { root } = await cdp.send('DOM.getDocument', { depth: -1, pierce: true });
  for (const { node, shadowType } of walk(root)) {
    if (node.nodeType === ELEMENT_NODE && shadowType === 'closed' && attrsOf(node).role === 'status') {
      return squash(textOf(node));
    }
  }
  return null;
}

/** Poll until the panel is shown (found and visible); returns it. */
export async function waitForPanel(page, timeout = FINDINGS_TIMEOUT_MS) {
  return poll(() => panelOf(page), (p) => p.found && p.visible, { timeout, what: 'the in-page warning panel' });
}

/** Poll until no panel is shown (absent or without a layout box). */
export async function waitForNoPanel(page, timeout = FINDINGS_TIMEOUT_MS) {
  return poll(() => panelOf(page), (p) => !p.found || !p.visible, { timeout, what: 'the in-page warning panel to go' });
}

/**
 * Which of the panel's buttons dismisses it: one marked `data-action="dismiss"`, else one whose
 * attributes say dismiss/close, else one whose text is `dismissText`, else the only button.
 */
function pickDismiss(buttons, dismissText) {
  const attrs = (b) => attrsOf(b);
  return (
    buttons.find((b) => attrs(b)['data-action'] === 'dismiss') ??
    buttons.find((b) => Object.entries(attrs(b)).some(([k, v]) => k !== 'style' && /dismiss|close/i.test(`${v}`))) ??
    (dismissText ? buttons.find((b) => squash(textOf(b)) === squash(dismissText)) : undefined) ??
    (buttons.length === 1 ? buttons[0] : undefined)
  );
}

/**
 * Give keyboard focus to the panel's dismiss button (DOM.focus through the closed shadow root).
 * @param {string} [dismissText] the button's expected visible text, if known
 */
export async function focusPanelDismiss(page, dismissText) {
  const cdp = await cdpFor(page);
  const { root } = await cdp.send('DOM.getDocument', { depth: -1, pierce: true });
  const p = panelNodes(root);
  if (!p) throw new Error('no in-page warning panel to focus');
  const button = pickDismiss(p.buttons, dismissText);
  if (!button) {
    throw new Error(`no dismiss button among the panel's buttons: ${JSON.stringify(p.buttons.map((b) => ({ text: squash(textOf(b)), attributes: attrsOf(b) })))}`);
  }
  const described = { text: squash(textOf(button)), attributes: attrsOf(button) };
  try {
    await cdp.send('DOM.focus', { nodeId: button.nodeId });
  } catch (e) {
    throw new Error(`the panel's dismiss button ${JSON.stringify(described)} cannot take keyboard focus: ${e.message}`);
  }
  return described;
}

/** Focus the panel's dismiss button and press `key` (e.g. 'Enter', 'Escape', 'Space'). */
export async function pressOnPanelDismiss(page, key, dismissText) {
  const button = await focusPanelDismiss(page, dismissText);
  await page.keyboard.press(key);
  return button;
}

// ---------------------------------------------------------------------------------------------

/**
 * The en_GB messages of the extension under test: `<dist>/_locales/en_GB/messages.json` (what
 * ships), else the source `extension/_locales/en_GB/messages.json`.
 */
export function readLocale(dist) {
  const candidates = [
    dist && path.join(dist, '_locales', 'en_GB', 'messages.json'),
    path.join(REPO, 'extension', '_locales', 'en_GB', 'messages.json'),
  ].filter(Boolean);
  const file = candidates.find((f) => fs.existsSync(f));
  if (!file) throw new Error(`no en_GB locale in ${candidates.join(' or ')}`);
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

/** The locale key for a finding's in-page title/body: `banner_<code with - → _>_<part>`. */
export const bannerKey = (code, part) => `banner_${code.replaceAll('-', '_')}_${part}`;

/**
 * A RegExp matching a localised message as shown: white space collapsed, `$NAME$` placeholders
 * and `$1`-style substitutions matching any text.
 */
export function messagePattern(locale, key) {
  const entry = locale?.[key];
  if (!entry) throw new Error(`locale has no message ${key}`);
  const parts = squash(entry.message).split(/\$[A-Za-z0-9_@]+\$|\$\d/);
  return new RegExp(parts.map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.+?'));
}

/** Save a screenshot of `page` as `artifacts/<name>.png`; returns its path. */
export async function screenshot(page, name) {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, `${name.replace(/[^A-Za-z0-9_.-]+/g, '_')}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** Load a case's expected.json and snapshot.json. */
export function readCase(c) {
  return {
    ...c,
    snapshot: JSON.parse(fs.readFileSync(path.join(c.dir, 'snapshot.json'), 'utf8')),
    expected: JSON.parse(fs.readFileSync(path.join(c.dir, 'expected.json'), 'utf8')),
  };
}

/**
 * Record every snapshot the page scripts hand the service worker: the `snapshot` messages they send
 * (one more `runtime.onMessage` listener, which only observes and never answers) and the first
 * snapshot, which the worker reads itself as the value (JSON text) of an `executeScript` call (its
 * `scripting.executeScript` is wrapped to see the values; they pass through unchanged). Each
 * entry says how it came: `via` 'message' or 'read'.
 * Idempotent; lost if Chromium restarts the worker.
 */
export async function tapSnapshots(sw) {
  await sw.evaluate(() => {
    if (globalThis.__rgTestTap) return;
    const tap = (globalThis.__rgTestTap = []);
    chrome.runtime.onMessage.addListener((message, sender) => {
      if (message && message.type === 'snapshot') {
        tap.push({ tabId: sender.tab?.id ?? null, frameId: sender.frameId, snapshot: message.snapshot, via: 'message' });
      }
    });
    const executeScript = chrome.scripting.executeScript.bind(chrome.scripting);
    chrome.scripting.executeScript = async (injection) => {
      const results = await executeScript(injection);
      // The first snapshot comes as JSON text (background/page-scripts.js readFirstSnapshot).
      const read = String(injection.func ?? '').includes('firstSnapshot');
      for (const { result, frameId } of results ?? []) {
        const message = read && typeof result === 'string' ? JSON.parse(result) : null;
        if (message?.type === 'snapshot') tap.push({ tabId: injection.target.tabId, frameId, snapshot: message.snapshot, via: 'read' });
      }
      return results;
    };
  });
}

/**
 * Runs `body` while the worker's `scripting.executeScript` waits `ms` before each injection whose
 * files include `match`, or whose function's source does: a busy machine, or a script on its way
 * while the person types. Resolves what `body` resolves; the worker injects at once again after.
 */
export async function withDelayedInjections(sw, match, ms, body) {
  await sw.evaluate(
    ([what, wait]) => {
      const executeScript = (globalThis.__rgExecuteScript ??= chrome.scripting.executeScript);
      chrome.scripting.executeScript = async (injection) => {
        if (injection.files?.includes(what) || String(injection.func ?? '').includes(what)) {
          await new Promise((resolve) => setTimeout(resolve, wait));
        }
        return executeScript.call(chrome.scripting, injection);
      };
    },
    [match, ms],
  );
  try {
    return await body();
  } finally {
    await sw.evaluate(() => {
      chrome.scripting.executeScript = globalThis.__rgExecuteScript;
      delete globalThis.__rgExecuteScript;
    });
  }
}

/**
 * Counts the worker's `scripting.executeScript` calls from now on, by tab and by what they add: the
 * files joined by '+', or 'func'. Read them with `injectionsCounted`.
 */
export async function countInjections(sw) {
  await sw.evaluate(() => {
    const counts = (globalThis.__rgInjections = {});
    const executeScript = chrome.scripting.executeScript;
    chrome.scripting.executeScript = (injection) => {
      const what = injection.files ? injection.files.join('+') : 'func';
      const tab = (counts[injection.target?.tabId] ??= {});
      tab[what] = (tab[what] ?? 0) + 1;
      return executeScript.call(chrome.scripting, injection);
    };
  });
}

/** The injections `countInjections` counted into `tabId`: `{ [files or 'func']: count }`. */
export function injectionsCounted(sw, tabId) {
  return sw.evaluate((id) => globalThis.__rgInjections?.[id] ?? {}, tabId);
}

/** The snapshots tapped so far for `tabId` (oldest first). */
export async function snapshotsSent(sw, tabId) {
  return sw.evaluate((id) => (globalThis.__rgTestTap ?? []).filter((m) => m.tabId === id), tabId);
}

/**
 * Waits until passwords.js is in `page`'s script world: it comes with the person's first press, key,
 * focus or input (content.js asks the worker for it). A person takes longer to type a password and
 * press "Sign in" than it takes to come; Playwright can be quicker.
 */
export function waitForPasswordsScript(page) {
  return poll(() => inContentScript(page, () => globalThis.rgPasswords === true), (here) => here, {
    what: 'passwords.js in the page',
  });
}

/** Host names the fixtures own: every case URL's host and every `sites/<host>/` folder. */
export function fixtureHosts() {
  const hosts = new Set(listCases().map((c) => c.url.hostname));
  for (const d of fs.readdirSync(path.join(HERE, 'sites'), { withFileTypes: true })) {
    if (d.isDirectory() && d.name !== '_default') hosts.add(d.name);
  }
  return hosts;
}

/**
 * Runs `fn(arg)` in the extension's content-script world of `page`'s top frame (its isolated world,
 * found through CDP), as the page scripts would: for sending messages exactly as they do.
 */
export async function inContentScript(page, fn, arg) {
  const cdp = await page.context().newCDPSession(page);
  try {
    const contexts = [];
    cdp.on('Runtime.executionContextCreated', ({ context }) => contexts.push(context));
    const { frameTree } = await cdp.send('Page.getFrameTree');
    await cdp.send('Runtime.enable');
    // Not a frame's: the page scripts reading into a same-origin frame give it one of that world.
    const world = await poll(
      () =>
        contexts.find(
          (c) => c.auxData?.type === 'isolated' && c.auxData.frameId === frameTree.frame.id && !c.name.startsWith('__playwright'),
        ),
      (c) => c !== undefined,
      { what: "the extension's content-script world" },
    );
    const { result, exceptionDetails } = await cdp.send('Runtime.evaluate', {
      contextId: world.id,
      expression: `(${fn})(${JSON.stringify(arg)})`,
      awaitPromise: true,
      returnByValue: true,
    });
    if (exceptionDetails) throw new Error(`in the content script: ${exceptionDetails.exception?.description ?? exceptionDetails.text}`);
    return result.value;
  } finally {
    await cdp.detach();
  }
}
