// The settings in force: the person's (`storage.local` `settings`) with the organisation's policy
// (`storage.managed`, schema in managed-schema.json) taking precedence field by field. Both go
// through the core's readSettings; a policy field with an invalid value is ignored on its own.
// What was applied or ignored is kept in `storage.session` `policy` for the options page.
//
// Chromium answers the first `storage.managed.get` of a browser session only after about two
// seconds (measured: 1.7–2.1 s; later calls take under a millisecond). Checks do not wait that
// long: after MANAGED_WAIT_MS they go ahead without the policy, and when a policy then arrives,
// `onLatePolicy`'s listener re-checks every tab with it.
import { readSettings } from '../pkg/records_guard.js';
import { applyPolicy, loadStoredSettings } from '../settings.js';
import { isPlainObject } from './common.js';
import { core } from './core.js';

/** `storage.session` key: `{ applied: [fields], invalid: [fields] }` of the policy in force. */
export const POLICY_KEY = 'policy';
const MANAGED_WAIT_MS = 250;

/** The policy's value; `{}` where there is none (Firefox without a managed manifest throws). */
async function loadManaged() {
  try {
    const value = await globalThis.rg.storage.managed?.get(null);
    return isPlainObject(value) ? value : {};
  } catch {
    return {};
  }
}

let managedReading; // the policy's value, read once per worker and again when it changes
let wentAhead = false; // a check used `{}` because the reading was slow
let lateListener = () => {};

function readManaged() {
  wentAhead = false;
  const reading = loadManaged();
  reading.then((value) => {
    if (!wentAhead || reading !== managedReading || Object.keys(value).length === 0) return;
    cached = undefined;
    lateListener();
  });
  return reading;
}

/** The policy's value, or `{}` if it takes longer than MANAGED_WAIT_MS (see above). */
async function managedSoon() {
  const reading = (managedReading ??= readManaged());
  let timer;
  const late = new Promise((resolve) => {
    timer = setTimeout(resolve, MANAGED_WAIT_MS, null);
  });
  const value = await Promise.race([reading, late]);
  clearTimeout(timer);
  if (value !== null) return value;
  wentAhead = true;
  return {};
}

const sameList = (a, b) => Array.isArray(a) && a.length === b.length && a.every((x, i) => x === b[i]);

async function recordPolicy(policy) {
  const session = globalThis.rg.storage.session;
  const { [POLICY_KEY]: stored } = await session.get(POLICY_KEY);
  if (sameList(stored?.applied, policy.applied) && sameList(stored?.invalid, policy.invalid)) return;
  if (policy.invalid.length > 0) console.warn('Records Guard: policy values ignored:', policy.invalid);
  await session.set({ [POLICY_KEY]: policy });
}

async function load() {
  const [stored, managedValue] = await Promise.all([loadStoredSettings(), managedSoon(), core()]);
  const local = readSettings(stored ?? {});
  if (local.invalid.length > 0) console.warn('Records Guard: stored settings ignored:', local.invalid);
  const { settings, policy } = applyPolicy(local.settings, managedValue, readSettings(managedValue));
  await recordPolicy(policy);
  return settings;
}

let cached;

/** The effective settings (cached until they change). */
export function currentSettings() {
  if (cached) return cached;
  const loading = load();
  loading.catch(() => cached === loading && (cached = undefined));
  cached = loading;
  return loading;
}

/**
 * Call when `storage.local` settings change (`managed`: or `storage.managed`).
 * @param {{ managed?: boolean }} [what]
 */
export function forgetSettings({ managed = false } = {}) {
  cached = undefined;
  if (managed) managedReading = undefined;
}

/** `listener()` runs when a policy arrived after checks went ahead without it. */
export function onLatePolicy(listener) {
  lateListener = listener;
}
