// Checking tabs: the core on a tab's URL or its page snapshot, with the browser's side of the tab
// (private window? password saving?), then findings → storage.session, badge, and the content
// script told what to show.
import { checkUrl, analysePage } from '../pkg/records_guard.js';
import { enqueue, findingsKey, isPlainObject, isWebUrl, originOf, storedVerdict } from './common.js';
import { recordPortalOrigin } from './cleanup.js';
import { currentSettings } from './managed.js';
import { passwordSaving } from './privacy.js';
import { followTab, tabClosed } from './reminders.js';
import { forgetTyped, joinTyped, warmStrength } from './passwords.js';
import { addFrameScripts, addPageScripts, addSensor, forgetSensor, readFirstSnapshot, tellPage } from './page-scripts.js';

const { caps } = globalThis.RG_MESSAGES;
const rg = globalThis.rg;

const BADGE = {
  safe: { text: '✓', color: '#00703c' },
  warning: { text: '!', color: '#b45309' },
  danger: { text: '!', color: '#b91c1c' },
  none: { text: '', color: '#00703c' },
};

// ---- storing findings and telling the person

async function publish(tabId, fresh, source) {
  const key = findingsKey(tabId);
  const previous = await storedVerdict(tabId);
  if (previous?.url !== fresh.url) await forgetTyped(tabId);
  const verdict = await joinTyped(tabId, fresh);
  await rg.storage.session.set({ [key]: verdict });
  warmStrength(verdict);
  // Most pages are neither records sites nor have findings: their content script is told
  // nothing, so it costs them nothing. A page that sent a snapshot always hears back.
  const tellPage = source === 'page' || concernsPage(verdict) || concernsPage(previous);
  await Promise.all([setBadge(tabId, verdict.status), tellPage && pushRender(tabId, verdict, source)]);
}

/** Store and show a tab's verdict again, with its typed-password findings as they are now. */
export function publishAgain(tabId) {
  return enqueue(tabId, async () => {
    const verdict = await storedVerdict(tabId);
    if (verdict) await publish(tabId, verdict, 'page');
  });
}

/**
 * The tab finished loading: tell its page the stored verdict again (the first one was sent when
 * the tab started loading, often before the page could hear it), or, when there is nothing to
 * tell, add the sensor, which watches for a login field.
 */
export function resendVerdict(tabId) {
  return enqueue(tabId, async () => {
    const verdict = await storedVerdict(tabId);
    if (concernsPage(verdict)) await pushRender(tabId, verdict, 'url');
    else await sensorAndPageScripts(tabId);
  });
}

/** A page still loading: add the sensor now (unless the page scripts are coming anyway). */
export function addSensorWhileLoading(tabId) {
  return enqueue(tabId, async () => {
    const tab = await rg.tabs.get(tabId).catch(() => null); // the tab has gone
    if (tab?.status !== 'loading' || !isWebUrl(tab.url)) return;
    if (!concernsPage(await storedVerdict(tabId))) await sensorAndPageScripts(tabId);
  });
}

/**
 * Adds the sensor; if its first look found a login field, the page scripts too, at once (its
 * 'login' also says that they are not there yet: the sensor stays quiet on a page that has them).
 */
async function sensorAndPageScripts(tabId) {
  const sensor = await addSensor(tabId);
  if (sensor?.login) await addPageScriptsAndRead(tabId, sensor.documentId, { absent: true });
}

/** Adds the page scripts; new ones are asked for their first snapshot. Resolves whether they are there. */
async function addPageScriptsAndRead(tabId, documentId, options) {
  const added = await addPageScripts(tabId, documentId, options);
  if (added === 'added') readFirstSnapshot(tabId, documentId);
  return added !== null;
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
// ("url"); after a URL-only check a page with a login form sends a fresh snapshot. A page without
// the page scripts gets them first (most pages have only the sensor), and is then asked for its
// first snapshot (after the verdict, so that it knows whether it is on a records site).
async function pushRender(tabId, verdict, source) {
  if ((await tellPage(tabId, verdict, source)) !== 'absent') return;
  const added = await addPageScripts(tabId);
  if (added === null) return;
  await tellPage(tabId, verdict, source);
  if (added === 'added') readFirstSnapshot(tabId);
}

/** The sensor saw a login field appear: add the page scripts and read their first snapshot. */
export function wakePage(tabId, documentId) {
  return enqueue(tabId, () => addPageScriptsAndRead(tabId, documentId));
}

const framesAsked = new Set(); // tabs whose frame scripts are queued

/**
 * The person went into a frame, or a frame loaded after that (the sensor's `frames`): the tab's
 * frames get the frame scripts. Reports that come while one is queued are one.
 */
export function watchFrames(tabId) {
  if (framesAsked.has(tabId)) return Promise.resolve();
  framesAsked.add(tabId);
  return enqueue(tabId, async () => {
    framesAsked.delete(tabId);
    await addFrameScripts(tabId);
  });
}

// ---- the checks

/** The browser's side of the tab, for the core: `{ incognito, passwordSaving }`. */
async function contextOf(tab) {
  return { incognito: tab.incognito === true, passwordSaving: await passwordSaving() };
}

/** Follow the tab's sign-in (reminders) and remember its portal's origin (clean-up). */
async function follow(tab, verdict, snapshot, settings) {
  const portal = await followTab(tab, verdict, snapshot, settings);
  if (portal) await recordPortalOrigin(portal, originOf(verdict.url));
}

// The last snapshot the core accepted for each tab's page, so that a re-check after a settings
// change reads the page again instead of only its address (which cannot tell a records site
// recognised from its page: the popup would lose it until the page sent a new snapshot). Memory
// only: a stopped worker forgets them and re-checks from the address, as a new page is.
const lastSnapshots = new Map(); // tabId → snapshot, the most recently checked last
const KEPT_SNAPSHOTS = 20; // tabs; the others re-check from their URL

function keepSnapshot(tabId, snapshot) {
  lastSnapshots.delete(tabId);
  lastSnapshots.set(tabId, snapshot);
  for (const oldest of lastSnapshots.keys()) {
    if (lastSnapshots.size <= KEPT_SNAPSHOTS) break;
    lastSnapshots.delete(oldest);
  }
}

/** Whether `snapshot` was read from the page `tab` shows now (snapshots carry the URL cut to its cap). */
const isSnapshotOf = (snapshot, tab) => snapshot?.url === tab.url.slice(0, caps.URL_CHARS);

/** The core's verdict on a snapshot it accepted before, or null if it no longer does. */
function pageVerdict(snapshot, settings, context) {
  try {
    return analysePage(snapshot, settings, context);
  } catch {
    return null;
  }
}

/**
 * Check a tab from its URL (or clear it when it shows no web page). `again`: re-check the page it
 * shows (settings or the browser's side changed), from its last snapshot when there is one.
 */
export function checkTabUrl(tabId, { again = false } = {}) {
  enqueue(tabId, async () => {
    const tab = await rg.tabs.get(tabId).catch(() => null);
    if (!tab) return;
    const settings = await currentSettings();
    const snapshot = lastSnapshots.get(tabId);
    lastSnapshots.delete(tabId);
    if (!isWebUrl(tab.url)) {
      await clearTab(tabId);
      return followTab(tab, null, undefined, settings);
    }
    const context = await contextOf(tab);
    const reread = again && isSnapshotOf(snapshot, tab) ? pageVerdict(snapshot, settings, context) : null;
    if (reread) {
      keepSnapshot(tabId, snapshot);
      // Told to the page as a URL check: it answers with a fresh snapshot, whose verdict carries
      // the actions (unticking a box) for the elements it has now.
      await publish(tabId, reread, 'url');
      return follow(tab, reread, snapshot, settings);
    }
    const verdict = checkUrl(tab.url, settings, context);
    await publish(tabId, verdict, 'url');
    await follow(tab, verdict, undefined, settings);
  });
}

/**
 * Check a tab from its page snapshot; `onRejected(reason)` when the core refuses the snapshot
 * (the dispatcher counts it as a dropped message).
 */
export function checkSnapshot(tabId, snapshot, onRejected) {
  enqueue(tabId, async () => {
    const tab = await rg.tabs.get(tabId).catch(() => null);
    if (!tab || !isWebUrl(tab.url) || !isSnapshotOf(snapshot, tab)) return; // stale
    const settings = await currentSettings();
    let verdict;
    try {
      verdict = analysePage(snapshot, settings, await contextOf(tab));
    } catch (error) {
      return onRejected(`snapshot rejected by the core: ${error?.message}`);
    }
    keepSnapshot(tabId, snapshot);
    await publish(tabId, verdict, 'page');
    await follow(tab, verdict, snapshot, settings);
  });
}

/** Re-check every tab showing a web page from its URL (settings or the browser's side changed). */
export async function checkAllTabs() {
  for (const tab of await rg.tabs.query({})) {
    if (isWebUrl(tab.url)) checkTabUrl(tab.id, { again: true });
  }
}

/**
 * Pages open when the extension was installed or updated get their sensor now, loaded or not: the
 * worker heard none of their events, so a page still loading would wait for its load event, and
 * one whose load event came before the worker was listening would never be checked. (The sensor
 * looks once the page has been parsed.)
 */
export async function addSensorsToOpenTabs() {
  for (const tab of await rg.tabs.query({})) {
    if (isWebUrl(tab.url)) resendVerdict(tab.id);
  }
}

/** A tab has closed: forget its findings; remind the person to log out where due. */
export function closeTab(tabId) {
  lastSnapshots.delete(tabId);
  forgetSensor(tabId);
  enqueue(tabId, async () => {
    await rg.storage.session.remove(findingsKey(tabId));
    await forgetTyped(tabId);
    await tabClosed(tabId, await currentSettings());
  });
}
