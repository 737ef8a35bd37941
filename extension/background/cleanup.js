// "Finished? Clean up": after the person confirms in the popup, remove what this browser keeps
// for the records portal of a tab — cookies, cache, site storage and history — for every origin
// of that portal seen since the browser started (`storage.session` `portalOrigins`, by portal id)
// and every portal origin that tab itself went through (e.g. NHS login, then the NHS App).
//
// Site data goes with `browsingData.remove` the way this browser takes it (capabilities.js
// `siteDataRemovals`): Chromium filters by `origins` (only for site data and the cache, and clears
// cookies for the whole registrable domain); Firefox filters by `hostnames`. History entries have
// no origin filter, so they go one by one with `history.search` and `history.deleteUrl`. Both
// cover all time, not just this session: a shared computer should keep nothing of the portal.
import { siteDataRemovals } from '../capabilities.js';
import { findingsKey, isPlainObject, originOf, serially } from './common.js';
import { signinKey, signedOut } from './reminders.js';

const rg = globalThis.rg;

export const PORTAL_ORIGINS_KEY = 'portalOrigins';
const MAX_ORIGINS_PER_PORTAL = 20;
const MAX_PORTALS = 50;
const MAX_HISTORY_ITEMS = 10_000;

const recordInOrder = serially('recording a portal origin');
const recorded = new Set(); // `${portalId} ${origin}` already stored (lost when the worker stops)

/** Remember that `origin` served `portal` in this browser session. */
export function recordPortalOrigin(portal, origin) {
  const id = portal?.id;
  if (typeof id !== 'string' || !origin || recorded.has(`${id} ${origin}`)) return Promise.resolve();
  return recordInOrder(async () => {
    const { [PORTAL_ORIGINS_KEY]: stored } = await rg.storage.session.get(PORTAL_ORIGINS_KEY);
    const all = isPlainObject(stored) ? stored : {};
    const list = Array.isArray(all[id]) ? all[id] : [];
    recorded.add(`${id} ${origin}`);
    if (list.includes(origin) || list.length >= MAX_ORIGINS_PER_PORTAL) return;
    if (!(id in all) && Object.keys(all).length >= MAX_PORTALS) return;
    await rg.storage.session.set({ [PORTAL_ORIGINS_KEY]: { ...all, [id]: [...list, origin] } });
  });
}

/** The origins to clean for a tab: its portal's, and the portal origins the tab went through. */
async function originsFor(tabId) {
  const tab = await rg.tabs.get(tabId).catch(() => null);
  const keys = [findingsKey(tabId), signinKey(tabId), PORTAL_ORIGINS_KEY];
  const { [keys[0]]: verdict, [keys[1]]: state, [keys[2]]: byPortal } = await rg.storage.session.get(keys);
  const portals = [verdict?.portal?.id, state?.portal?.id].filter((id) => typeof id === 'string');
  const origins = [
    ...(verdict?.portal ? [originOf(tab?.url)] : []),
    ...(Array.isArray(state?.origins) ? state.origins : []),
    ...portals.flatMap((id) => (isPlainObject(byPortal) && Array.isArray(byPortal[id]) ? byPortal[id] : [])),
  ];
  return [...new Set(origins.filter((origin) => typeof origin === 'string' && originOf(origin) === origin))];
}

async function removeHistory(origins) {
  if (!rg.history) return;
  for (const origin of origins) {
    const items = await rg.history.search({ text: new URL(origin).host, startTime: 0, maxResults: MAX_HISTORY_ITEMS });
    for (const item of items) {
      if (originOf(item.url) === origin) await rg.history.deleteUrl({ url: item.url });
    }
  }
}

/**
 * The `clean-up` message.
 * @returns {Promise<{ ok: boolean, origins: string[], reason?: string }>} `reason`:
 *   `not-a-portal` (nothing to clean), `site-data` or `history` (that part failed).
 */
export async function cleanUp({ tabId }) {
  const origins = await originsFor(tabId);
  if (origins.length === 0) return { ok: false, origins, reason: 'not-a-portal' };
  const failed = [];
  const removals = siteDataRemovals(origins).map(([options, types]) => rg.browsingData.remove(options, types));
  await Promise.all(removals).catch((error) => {
    console.error('Records Guard: could not remove site data', error);
    failed.push('site-data');
  });
  await removeHistory(origins).catch((error) => {
    console.error('Records Guard: could not remove history', error);
    failed.push('history');
  });
  await signedOut(origins);
  return failed.length > 0 ? { ok: false, origins, reason: failed[0] } : { ok: true, origins };
}
