// The options page: shared-computer mode, the person's own record providers, the password reuse
// check (the opt-in reverse check, forgetting the password codes), what is set by the person's
// organisation, and what is stored.
// Every write merges field by field (settings.js), so nothing set elsewhere is lost. What counts
// as a provider's host is the core's decision (providerHost), as for the service worker.
import init, { providerHost } from './pkg/records_guard.js';
import { t, localisePage, el } from './i18n.js';
import { MAX_PROVIDERS, SETTINGS_KEY, loadStoredSettings, updateSettings, viewSettings } from './settings.js';
import { POLICY_KEY, loadManaged, loadPolicy } from './policy.js';

const rg = globalThis.rg;
const $ = (id) => document.getElementById(id);
const errorText = (code) => t(globalThis.RG_MESSAGES.localeKey('provider_error', code));
const isPlainObject = (value) => value !== null && typeof value === 'object' && !Array.isArray(value);

let coreReady;
const core = () => (coreReady ??= init({ module_or_path: rg.runtime.getURL('pkg/records_guard_bg.wasm') }));

/** `{ host }`, or `{ error }` with the core's code (`empty`, `spaces`, `not-a-host`, ...). */
async function typedHost(text) {
  await core();
  try {
    return { host: providerHost(text) };
  } catch (error) {
    return { error: error.message };
  }
}

const announce = (text) => {
  $('status').textContent = text;
};

async function save(patch, doneText) {
  try {
    await updateSettings(patch);
    announce(doneText);
  } catch (error) {
    console.error('Records Guard options:', error);
    announce(t('options_save_failed'));
  }
}

// ---- what the page shows: the stored settings, the organisation's policy on top

const view = { stored: undefined, policy: { applied: [], invalid: [] }, managed: {} };

/** "Set by your organisation" (or "invalid value ignored") under a control; returns whether it is set. */
function showPolicy(field, noteId) {
  const applied = view.policy.applied.includes(field);
  const invalid = view.policy.invalid.includes(field);
  const note = $(noteId);
  note.hidden = !applied && !invalid;
  note.textContent = applied ? t('policy_applied') : invalid ? t('policy_invalid') : '';
  return applied;
}

function providerItem(host) {
  const remove = el('button', { type: 'button', 'aria-label': t('options_provider_remove_label', [host]) },
    t('options_provider_remove'));
  remove.addEventListener('click', () => removeProvider(host));
  return el('li', {}, el('span', { className: 'host' }, host), remove);
}

function managedItem(host) {
  return el('li', {}, el('span', { className: 'host' }, host), el('span', { className: 'policy' }, t('policy_applied')));
}

function show() {
  const { sharedComputer, providers } = viewSettings(view.stored);

  const sharedLocked = showPolicy('sharedComputer', 'shared-policy');
  const managedShared = view.managed.sharedComputer;
  $('shared').checked = sharedLocked && typeof managedShared === 'boolean' ? managedShared : sharedComputer;
  $('shared').disabled = sharedLocked;

  const providersSet = showPolicy('providers', 'providers-policy');
  const managedProviders = providersSet && Array.isArray(view.managed.providers)
    ? view.managed.providers.filter((host) => typeof host === 'string' && !providers.includes(host))
    : [];
  $('providers').replaceChildren(...managedProviders.map(managedItem), ...providers.map(providerItem));
  const none = providers.length + managedProviders.length === 0;
  $('providers').hidden = none;
  $('providers-empty').hidden = !none;

  // The reverse reuse check (opt-in): settings.reuseReverse.
  const stored = isPlainObject(view.stored) ? view.stored : {};
  $('reuse-reverse').checked = stored.reuseReverse === true;
}

/** "Forget all password codes": the service worker removes every fingerprint and the key. */
async function forgetFingerprints() {
  const button = $('forget');
  button.disabled = true;
  let reply;
  try {
    reply = await rg.runtime.sendMessage({ type: globalThis.RG_MESSAGES.FORGET_FINGERPRINTS });
  } catch (error) {
    console.warn('Records Guard options: forget-fingerprints', error?.message);
  }
  button.disabled = false;
  announce(reply?.ok === true ? t('options_forget_done') : t('options_forget_failed'));
}

function showError(code) {
  const input = $('provider-input');
  const error = $('provider-error');
  if (!code) {
    error.hidden = true;
    error.textContent = '';
    $('provider-group').classList.remove('has-error');
    input.removeAttribute('aria-invalid');
    input.setAttribute('aria-describedby', 'provider-hint');
    return;
  }
  error.replaceChildren(
    el('span', { className: 'visually-hidden' }, t('options_error_prefix')),
    ' ',
    errorText(code) || errorText('not-a-host'),
  );
  error.hidden = false;
  $('provider-group').classList.add('has-error');
  input.setAttribute('aria-invalid', 'true');
  input.setAttribute('aria-describedby', 'provider-hint provider-error');
  input.focus();
}

async function addProvider(event) {
  event.preventDefault();
  const { host, error } = await typedHost($('provider-input').value);
  if (error) return showError(error);

  const { providers } = viewSettings(await loadStoredSettings());
  if (providers.includes(host)) return showError('duplicate');
  if (providers.length >= MAX_PROVIDERS) return showError('too-many');

  showError(null);
  $('provider-input').value = '';
  await save(
    (current) => ({ providers: [...viewSettings(current).providers.filter((h) => h !== host), host] }),
    t('options_provider_added', [host]),
  );
}

async function removeProvider(host) {
  await save(
    (current) => ({ providers: viewSettings(current).providers.filter((h) => h !== host) }),
    t('options_provider_removed', [host]),
  );
  $('provider-input').focus();
}

async function main() {
  localisePage();
  $('shared').addEventListener('change', (event) =>
    save({ sharedComputer: event.target.checked }, t('options_saved')),
  );
  $('reuse-reverse').addEventListener('change', (event) =>
    save({ reuseReverse: event.target.checked }, t('options_saved')),
  );
  $('forget').addEventListener('click', forgetFingerprints);
  $('add-provider').addEventListener('submit', (event) =>
    addProvider(event).catch((error) => {
      console.error('Records Guard options:', error);
      announce(t('options_save_failed'));
    }),
  );
  // Changes made in another window, or a new policy, show here too.
  rg.storage.onChanged.addListener((changes, area) => {
    if (area === 'local' && SETTINGS_KEY in changes) {
      view.stored = changes[SETTINGS_KEY].newValue;
      show();
    }
    if (area === 'session' && POLICY_KEY in changes) {
      Promise.all([loadPolicy(), loadManaged()]).then(([policy, managed]) => {
        Object.assign(view, { policy, managed });
        show();
      });
    }
  });
  const [stored, policy, managed] = await Promise.all([loadStoredSettings(), loadPolicy(), loadManaged()]);
  Object.assign(view, { stored, policy, managed });
  show();
  document.body.dataset.ready = 'true';
}

main().catch((error) => {
  console.error('Records Guard options:', error);
  announce(t('options_load_failed'));
});
