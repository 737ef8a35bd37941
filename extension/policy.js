// What the person's organisation set (chrome.storage.managed, e.g. on library computers), as the
// extension pages show it. The service worker writes storage.session `policy` =
// `{ applied: [fields], invalid: [fields] }`; the pages read it and show the settings in force:
// the person's own, with the organisation's value for each field it says was applied.
import { loadStoredSettings, viewSettings } from './settings.js';

export const POLICY_KEY = 'policy';

const isPlainObject = (value) => value !== null && typeof value === 'object' && !Array.isArray(value);
const fields = (value) => (Array.isArray(value) ? value.filter((field) => typeof field === 'string') : []);

/** `{ applied, invalid }` from a stored `policy` value (anything). */
export const readPolicy = (stored) => ({ applied: fields(stored?.applied), invalid: fields(stored?.invalid) });

/** The stored policy. */
export async function loadPolicy() {
  const { [POLICY_KEY]: stored } = await globalThis.rg.storage.session.get(POLICY_KEY);
  return readPolicy(stored);
}

/** The managed values, where the browser has any; `{}` when there are none or on error. */
export async function loadManaged() {
  try {
    const managed = await globalThis.rg.storage.managed?.get(null);
    return isPlainObject(managed) ? managed : {};
  } catch {
    return {};
  }
}

/**
 * What the pages show: `settings` in force (viewSettings of the stored value, each applied
 * policy field in its place), `own` (the person's own, as stored), `managed` and `policy`.
 */
export async function loadEffectiveSettings() {
  const [stored, policy, managed] = await Promise.all([loadStoredSettings(), loadPolicy(), loadManaged()]);
  const own = viewSettings(stored);
  const fromPolicy = viewSettings(managed);
  const settings = { ...own };
  for (const field of policy.applied) if (field in fromPolicy) settings[field] = fromPolicy[field];
  return { settings, own, stored, managed, policy };
}
