// Whether the browser offers to save passwords (`privacy.services.passwordSavingEnabled`), and
// turning that off on a shared computer when the person asks.
//
// We turn it off with `set({ value: false })` and give it back with `clear({})`, not with
// `set({ value: previous })`: clearing releases the extension's hold, so the browser's own
// setting (the value before our change) is in force again and the person can change it in the
// browser's settings. `storage.local` `changedByUs.passwordSaving` remembers the value before our
// change; it is recorded only in shared-computer mode, and given back when the mode is switched off.
import { isPlainObject, serially } from './common.js';

export const CHANGED_BY_US_KEY = 'changedByUs';

/** The ChromeSetting, or null where the browser has none. */
const setting = () => globalThis.rg.privacy?.services?.passwordSavingEnabled ?? null;

/** Why the extension cannot change the setting, from its levelOfControl; null when it can. */
function blockedBy(levelOfControl) {
  if (levelOfControl === 'not_controllable') return 'controlled-by-policy';
  if (levelOfControl === 'controlled_by_other_extensions') return 'controlled-by-other-extension';
  return null;
}

// Changes and give-backs run one at a time (each reads and writes `changedByUs`).
const inOrder = serially('password saving');

let cached;

/** `true` / `false`, or null where the browser does not say (cached until it changes). */
export function passwordSaving() {
  const api = setting();
  if (!api) return Promise.resolve(null);
  cached ??= api.get({}).then(
    (details) => (typeof details?.value === 'boolean' ? details.value : null),
    () => {
      cached = undefined;
      return null;
    },
  );
  return cached;
}

/** Register `listener` for changes of the setting (where the browser has it). */
export function onPasswordSavingChange(listener) {
  setting()?.onChange.addListener(() => {
    cached = undefined;
    listener();
  });
}

async function changedByUs() {
  const { [CHANGED_BY_US_KEY]: value } = await globalThis.rg.storage.local.get(CHANGED_BY_US_KEY);
  return isPlainObject(value) ? value : {};
}

async function rememberChange(field, previous) {
  const current = await changedByUs();
  if (field in current) return; // keep the value from before our first change
  await globalThis.rg.storage.local.set({ [CHANGED_BY_US_KEY]: { ...current, [field]: previous } });
}

async function forgetChange(field) {
  const current = await changedByUs();
  if (!(field in current)) return;
  const { [field]: _, ...rest } = current;
  const local = globalThis.rg.storage.local;
  await (Object.keys(rest).length > 0 ? local.set({ [CHANGED_BY_US_KEY]: rest }) : local.remove(CHANGED_BY_US_KEY));
}

async function giveBack() {
  const api = setting();
  const { levelOfControl } = await api.get({});
  // 'controllable_by_this_extension': we no longer hold it (cleared elsewhere); nothing to undo.
  // Otherwise our value is in force, or lies under another extension's or a policy's: clear it
  // so it never comes back.
  if (levelOfControl !== 'controllable_by_this_extension') {
    await api.clear({}).catch((error) => console.warn('Records Guard: could not give back password saving', error));
  }
}

/**
 * The `password-saving` message: `allow: false` turns password saving off; `allow: true` undoes
 * Records Guard's change (the browser's own setting returns).
 * @returns {Promise<{ ok: boolean, value: boolean | null, reason?: string }>}
 */
export const setPasswordSaving = (message, settings) => inOrder(() => changeSetting(message, settings));

async function changeSetting({ allow }, { sharedComputer }) {
  const api = setting();
  if (!api) return { ok: false, value: null, reason: 'unsupported' };
  const before = await api.get({});
  const reason = blockedBy(before.levelOfControl);
  if (reason) return { ok: false, value: before.value, reason };
  if (!allow) {
    if (before.value !== false) {
      if (sharedComputer) await rememberChange('passwordSaving', before.value);
      await api.set({ value: false });
    }
  } else {
    if (before.levelOfControl === 'controlled_by_this_extension') await api.clear({});
    await forgetChange('passwordSaving');
  }
  const after = await api.get({});
  return { ok: true, value: after.value };
}

/** When shared-computer mode is off, give back what the mode changed. */
export function restoreWhenModeOff({ sharedComputer }) {
  if (sharedComputer || !setting()) return Promise.resolve();
  return inOrder(async () => {
    if (!('passwordSaving' in (await changedByUs()))) return;
    await giveBack();
    await forgetChange('passwordSaving');
  });
}
