// What this browser lets Records Guard do, found by feature checks (never by the user agent): the
// background takes the browser's own way where Chromium and Firefox differ, and the popup tells
// the person what this browser cannot do. An ES module for the background and the extension
// pages; it reads the shim `globalThis.rg` (browser.js), so call it after that has run.

const rg = () => globalThis.rg;

/**
 * Chromium's browsingData filters by `origins` and has Cache API and file-system types (with
 * `removeCacheStorage`); Firefox's has neither and filters by `hostnames` instead.
 */
const browsingDataByOrigin = () => typeof rg().browsingData?.removeCacheStorage === 'function';

/**
 * @returns {{
 *   browser: 'firefox' | 'chromium',
 *   passwordSaving: boolean,
 *   cleanUp: 'origins' | 'hostnames' | null,
 *   history: boolean,
 *   notifications: boolean,
 * }}
 * - `browser`: whose settings pages to point the person to (only Firefox has
 *   `runtime.getBrowserInfo`).
 * - `passwordSaving`: the browser's offer to save passwords can be read and switched off
 *   (`privacy.services.passwordSavingEnabled`; both browsers).
 * - `cleanUp`: how "Finished? Clean up" removes a portal's site data: `origins` (Chromium: cookies
 *   of the registrable domain, site storage including Cache API and file systems, and cache, of
 *   exactly those origins); `hostnames` (Firefox: cookies, local storage, IndexedDB, service
 *   workers and cache of those host names, and cookies of their parent domains; Cache API storage
 *   and host-only cookies of sibling subdomains are left); null: not at all.
 * - `history`: history entries can be removed one by one (clean-up).
 * - `notifications`: log-out reminders can be shown.
 */
export function capabilities() {
  const api = rg();
  return {
    browser: typeof api.runtime?.getBrowserInfo === 'function' ? 'firefox' : 'chromium',
    passwordSaving: Boolean(api.privacy?.services?.passwordSavingEnabled),
    cleanUp: api.browsingData ? (browsingDataByOrigin() ? 'origins' : 'hostnames') : null,
    history: typeof api.history?.deleteUrl === 'function',
    notifications: typeof api.notifications?.create === 'function',
  };
}

/**
 * Whether the person has let Records Guard run in private windows. Both browsers leave extensions
 * out of private windows until the person allows them (Firefox: Add-ons and themes → Records
 * Guard → "Run in Private Windows"; Chromium: Extensions → Details → "Allow in Incognito"); until
 * then nothing is checked there.
 * @returns {Promise<boolean>}
 */
export async function privateWindows() {
  try {
    return (await rg().extension?.isAllowedIncognitoAccess?.()) === true;
  } catch {
    return false;
  }
}

/** Chromium: every site-data type `browsingData.remove` accepts with an `origins` filter. */
const SITE_DATA_BY_ORIGIN = Object.freeze({
  cookies: true,
  localStorage: true,
  indexedDB: true,
  cacheStorage: true,
  serviceWorkers: true,
  fileSystems: true,
  cache: true,
});

/** Firefox: the types that honour a `hostnames` filter (others would clear every site). */
const SITE_DATA_BY_HOSTNAME = Object.freeze({
  cookies: true,
  localStorage: true,
  indexedDB: true,
  serviceWorkers: true,
  cache: true,
});

/** `a.b.example.org` → `b.example.org`, `example.org` (never a single label). */
function parentDomains(host) {
  const labels = host.split('.');
  return labels.slice(1, -1).map((_, i) => labels.slice(i + 1).join('.'));
}

/**
 * The `browsingData.remove(options, dataToRemove)` calls that remove the site data of `origins`
 * (`https://host[:port]`) in this browser, as `[options, dataToRemove]` pairs.
 * @param {string[]} origins
 * @returns {[object, object][]}
 */
export function siteDataRemovals(origins) {
  if (browsingDataByOrigin()) return [[{ origins }, SITE_DATA_BY_ORIGIN]];
  const hosts = [...new Set(origins.map((origin) => new URL(origin).hostname))];
  // Firefox matches a cookie's host exactly: a cookie set for `.example.org` by `www.example.org`
  // is under `example.org`. Cookies cannot be set on a public suffix, so no parent is too wide.
  const parents = [...new Set(hosts.flatMap(parentDomains))].filter((host) => !hosts.includes(host));
  return [
    [{ hostnames: hosts }, SITE_DATA_BY_HOSTNAME],
    ...(parents.length > 0 ? [[{ hostnames: parents }, { cookies: true }]] : []),
  ];
}
