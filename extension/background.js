// The service worker: runs the Rust core on URLs and page snapshots, keeps each tab's findings in
// storage.session, sets the badge and tells the tab's content script what to show.
// The browser may stop this worker at any moment: nothing here lives only in memory except caches
// (the wasm instance, the parsed settings, the per-tab work queues).
import './browser.js';
import './messages.js';
import init, { checkUrl, analysePage, readSettings } from './pkg/records_guard.js';
import { SETTINGS_KEY, loadStoredSettings } from './settings.js';

const { SNAPSHOT, RENDER, MAX_MESSAGE_BYTES, caps } = globalThis.RG_MESSAGES;
const rg = globalThis.rg;

const FINDINGS_PREFIX = 'findings:';
const DROPPED_KEY = 'dropped';
const NO_RECEIVER = /receiving end does not exist|could not establish connection|message port closed/i;

const BADGE = {
  safe: { text: '✓', color: '#00703c' },
  warning: { text: '!', color: '#b45309' },
  danger: { text: '!', color: '#b91c1c' },
  none: { text: '', color: '#00703c' },
};

const findingsKey = (tabId) => `${FINDINGS_PREFIX}${tabId}`;
const isWebUrl = (url) => typeof url === 'string' && /^https?:\/\//i.test(url);
const isPlainObject = (value) =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

// ---- the core, started lazily (static import only: workers cannot import() or await at top level)

let coreReady;
function core() {
  coreReady ??= init({ module_or_path: rg.runtime.getURL('pkg/records_guard_bg.wasm') }).catch(
    (error) => {
      coreReady = undefined; // try again on the next event
      throw error;
    },
  );
  return coreReady;
}

// ---- settings: the stored value through the core's readSettings, cached until it changes

let settingsCache;
function currentSettings() {
  if (settingsCache) return settingsCache;
  const loading = Promise.all([loadStoredSettings(), core()]).then(([stored]) => {
    const { settings, invalid } = readSettings(stored ?? {});
    if (invalid.length > 0) console.warn('Records Guard: stored settings ignored:', invalid);
    return settings;
  });
  loading.catch(() => settingsCache === loading && (settingsCache = undefined));
  settingsCache = loading;
  return loading;
}

// ---- per-tab work runs in arrival order, so a URL check never overwrites a later page check

const queues = new Map();
function enqueue(tabId, job) {
  const run = (queues.get(tabId) ?? Promise.resolve()).then(job).catch((error) => {
    console.error('Records Guard: check failed for tab', tabId, error);
  });
  queues.set(tabId, run);
  run.then(() => queues.get(tabId) === run && queues.delete(tabId));
}

// ---- storing findings and telling the person

async function publish(tabId, verdict, source) {
  const key = findingsKey(tabId);
  const { [key]: previous } = await rg.storage.session.get(key);
  await rg.storage.session.set({ [key]: verdict });
  // Most pages are neither records sites nor have findings: their content script is told
  // nothing, so it costs them nothing. A page that sent a snapshot always hears back.
  const tellPage = source === 'page' || concernsPage(verdict) || concernsPage(previous);
  await Promise.all([setBadge(tabId, verdict.status), tellPage && pushRender(tabId, verdict, source)]);
}

const concernsPage = (verdict) =>
  isPlainObject(verdict) && (verdict.portal != null || verdict.findings?.length > 0);

async function setBadge(tabId, status) {
  const badge = BADGE[status] ?? BADGE.none;
  const title = rg.i18n.getMessage('action_title_status', [
    rg.i18n.getMessage(`status_${status in BADGE ? status : 'none'}`),
  ]);
  await Promise.all([
    rg.action.setBadgeText({ tabId, text: badge.text }),
    rg.action.setBadgeBackgroundColor({ tabId, color: badge.color }),
    rg.action.setTitle({ tabId, title }),
  ]).catch(() => {}); // the tab has gone
}

async function clearTab(tabId) {
  await rg.storage.session.remove(findingsKey(tabId));
  await Promise.all([
    rg.action.setBadgeText({ tabId, text: '' }),
    rg.action.setTitle({ tabId, title: rg.i18n.getMessage('action_title') }),
  ]).catch(() => {});
}

// `source` tells the content script whether this verdict saw its page ("page") or only the URL
// ("url"); after a URL-only check a page with a login form sends a fresh snapshot.
async function pushRender(tabId, verdict, source) {
  try {
    await rg.tabs.sendMessage(tabId, { type: RENDER, verdict, source }, { frameId: 0 });
  } catch (error) {
    if (!NO_RECEIVER.test(String(error?.message))) throw error;
  }
}

// ---- the checks

function checkTabUrl(tabId) {
  enqueue(tabId, async () => {
    const tab = await rg.tabs.get(tabId).catch(() => null);
    if (!tab) return;
    if (!isWebUrl(tab.url)) return clearTab(tabId);
    const settings = await currentSettings();
    await publish(tabId, checkUrl(tab.url, settings), 'url');
  });
}

function checkSnapshot(tabId, snapshot) {
  enqueue(tabId, async () => {
    const tab = await rg.tabs.get(tabId).catch(() => null);
    if (!tab || !isWebUrl(tab.url) || snapshot.url !== tab.url.slice(0, caps.URL_CHARS)) return; // stale
    const settings = await currentSettings();
    let verdict;
    try {
      verdict = analysePage(snapshot, settings);
    } catch (error) {
      return countDropped(`snapshot rejected by the core: ${error?.message}`);
    }
    await publish(tabId, verdict, 'page');
  });
}

async function checkAllTabs() {
  for (const tab of await rg.tabs.query({})) {
    if (isWebUrl(tab.url)) checkTabUrl(tab.id);
  }
}

// ---- messages: one dispatcher, allow-listed types, checked senders, bounded size

const HANDLERS = {
  [SNAPSHOT](message, sender) {
    const tabId = sender.tab?.id;
    // A content script: in a tab's top frame, on a web page (extension pages have tabs too).
    if (!Number.isInteger(tabId) || sender.frameId !== 0) return 'not from a top frame';
    if (!isWebUrl(sender.url)) return 'not from a content script';
    const { snapshot } = message;
    if (!isPlainObject(snapshot) || typeof snapshot.url !== 'string') return 'malformed snapshot';
    if (!isWebUrl(snapshot.url)) return 'not a web page';
    checkSnapshot(tabId, snapshot);
  },
};

let warnedAboutDrops = false;
let dropWrites = Promise.resolve();
function countDropped(reason) {
  if (!warnedAboutDrops) {
    warnedAboutDrops = true;
    console.warn('Records Guard: dropped a message:', reason);
  }
  dropWrites = dropWrites
    .then(async () => {
      const { [DROPPED_KEY]: dropped } = await rg.storage.session.get(DROPPED_KEY);
      const count = Number.isSafeInteger(dropped) ? dropped : 0;
      await rg.storage.session.set({ [DROPPED_KEY]: count + 1 });
    })
    .catch(() => {});
  return dropWrites;
}

function messageBytes(message) {
  const json = JSON.stringify(message);
  if (json === undefined) return Infinity;
  // Three bytes per UTF-16 unit is an upper bound; encode only when that bound is too big.
  return json.length * 3 <= MAX_MESSAGE_BYTES ? json.length : new TextEncoder().encode(json).length;
}

function rejection(message, sender) {
  if (sender?.id !== rg.runtime.id) return 'from another extension';
  if (!isPlainObject(message) || typeof message.type !== 'string') return 'malformed';
  if (!Object.hasOwn(HANDLERS, message.type)) return 'unknown type';
  if (messageBytes(message) > MAX_MESSAGE_BYTES) return 'too large';
  return HANDLERS[message.type](message, sender);
}

rg.runtime.onMessage.addListener((message, sender) => {
  try {
    const reason = rejection(message, sender);
    if (reason) countDropped(reason);
  } catch (error) {
    countDropped(`unreadable: ${error?.message}`);
  }
  return false; // never a reply
});

// ---- tab and storage events (registered at the top level so they wake the worker)

rg.tabs.onUpdated.addListener((tabId, change, tab) => {
  if (!change.url && change.status !== 'loading') return;
  if (isWebUrl(tab.url)) checkTabUrl(tabId);
  else enqueue(tabId, () => clearTab(tabId));
});

rg.tabs.onRemoved.addListener((tabId) => {
  enqueue(tabId, () => rg.storage.session.remove(findingsKey(tabId)));
});

rg.storage.onChanged.addListener((changes, area) => {
  if (area !== 'local' || !(SETTINGS_KEY in changes)) return;
  settingsCache = undefined;
  checkAllTabs().catch((error) => console.error('Records Guard: re-check failed', error));
});

function onStart() {
  // The default already, made explicit: content scripts never read storage.session.
  // Skipped where the browser has no setAccessLevel.
  Promise.resolve()
    .then(() => rg.storage.session.setAccessLevel?.({ accessLevel: 'TRUSTED_CONTEXTS' }))
    .catch(() => {});
}

rg.runtime.onStartup.addListener(onStart);
rg.runtime.onInstalled.addListener(() => {
  onStart();
  // Tabs opened before an install or update have no findings yet: check them from their URLs.
  checkAllTabs().catch((error) => console.error('Records Guard: first check failed', error));
});
