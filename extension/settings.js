// Settings helpers shared by the service worker and the extension pages.
// `storage.local` key `settings`: writes merge field by field and keep fields this version does
// not know, so a change made in one window never wipes another window's or a later version's.

export const SETTINGS_KEY = 'settings';
export const MAX_PROVIDERS = 100;

const isPlainObject = (value) =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** The stored value as it is (anything, or undefined). The core's readSettings fills defaults. */
export async function loadStoredSettings() {
  const stored = await globalThis.rg.storage.local.get(SETTINGS_KEY);
  return stored[SETTINGS_KEY];
}

/**
 * The fields the pages show, read leniently: a field of the wrong type reads as its default.
 * (The service worker uses the core's readSettings instead.)
 */
export function viewSettings(stored) {
  const value = isPlainObject(stored) ? stored : {};
  return {
    sharedComputer: value.sharedComputer === true,
    providers: Array.isArray(value.providers)
      ? value.providers.filter((host) => typeof host === 'string')
      : [],
  };
}

/** The Web Lock name for writing `settings`. */
const SETTINGS_LOCK = 'records-guard-settings';

/**
 * Read, set the changed fields, write. `patch` is an object of fields, or a function from the
 * current stored object to such a patch. Returns the object written.
 */
export async function updateSettings(patch) {
  const write = async () => {
    const stored = await loadStoredSettings();
    const current = isPlainObject(stored) ? stored : {};
    const changes = typeof patch === 'function' ? patch(current) : patch;
    const next = { ...current, ...changes };
    await globalThis.rg.storage.local.set({ [SETTINGS_KEY]: next });
    return next;
  };
  // One read-modify-write at a time across the popup, options pages and the worker (they share
  // the extension's origin, so one Web Lock covers them all): two pages writing at once never
  // drop each other's fields.
  const locks = globalThis.navigator?.locks;
  return locks ? locks.request(SETTINGS_LOCK, write) : write();
}

// ---- policy (`storage.managed`, set by an organisation, e.g. for library or surgery computers)

/** The settings fields a policy may set (extension/managed-schema.json). */
export const POLICY_FIELDS = Object.freeze(['sharedComputer', 'providers']);

/**
 * The effective settings: `local` with each valid policy field taking its place. Pure.
 * `managedValue` is what `storage.managed` holds; `managedRead` is the core's
 * `readSettings(managedValue)` (`{ settings, invalid }`). A field the policy sets with a value the
 * core names in `invalid` is ignored on its own (the local value stays) and listed as invalid.
 * @returns {{ settings: object, policy: { applied: string[], invalid: string[] } }}
 */
export function applyPolicy(local, managedValue, managedRead) {
  const value = isPlainObject(managedValue) ? managedValue : {};
  const invalidNames = Array.isArray(managedRead?.invalid) ? managedRead.invalid : [];
  const set = POLICY_FIELDS.filter((field) => value[field] !== undefined && value[field] !== null);
  const invalid = set.filter((field) => invalidNames.includes(field));
  const applied = set.filter((field) => !invalid.includes(field) && managedRead?.settings?.[field] !== undefined);
  const settings = { ...local };
  for (const field of applied) settings[field] = managedRead.settings[field];
  return { settings, policy: { applied, invalid } };
}
