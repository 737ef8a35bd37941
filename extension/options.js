// The options page: shared-computer mode and the person's own record providers.
// Every write merges field by field (settings.js), so nothing set elsewhere is lost. What counts
// as a provider's host is the core's decision (providerHost), as for the service worker.
import init, { providerHost } from './pkg/records_guard.js';
import { t, localisePage } from './i18n.js';
import { MAX_PROVIDERS, SETTINGS_KEY, loadStoredSettings, updateSettings, viewSettings } from './settings.js';

const rg = globalThis.rg;
const $ = (id) => document.getElementById(id);
const errorText = (code) => t(globalThis.RG_MESSAGES.localeKey('provider_error', code));

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

function providerItem(host) {
  const item = document.createElement('li');
  const name = document.createElement('span');
  name.className = 'host';
  name.textContent = host;
  const remove = document.createElement('button');
  remove.type = 'button';
  remove.textContent = t('options_provider_remove');
  remove.setAttribute('aria-label', t('options_provider_remove_label', [host]));
  remove.addEventListener('click', () => removeProvider(host));
  item.append(name, remove);
  return item;
}

function show(stored) {
  const { sharedComputer, providers } = viewSettings(stored);
  $('shared').checked = sharedComputer;
  $('providers').replaceChildren(...providers.map(providerItem));
  $('providers').hidden = providers.length === 0;
  $('providers-empty').hidden = providers.length > 0;
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
  const prefix = document.createElement('span');
  prefix.className = 'visually-hidden';
  prefix.textContent = t('options_error_prefix');
  error.replaceChildren(prefix, ' ', errorText(code) || errorText('not-a-host'));
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
  $('add-provider').addEventListener('submit', (event) =>
    addProvider(event).catch((error) => {
      console.error('Records Guard options:', error);
      announce(t('options_save_failed'));
    }),
  );
  // Changes made in another window show here too.
  rg.storage.onChanged.addListener((changes, area) => {
    if (area === 'local' && SETTINGS_KEY in changes) show(changes[SETTINGS_KEY].newValue);
  });
  show(await loadStoredSettings());
}

main().catch((error) => {
  console.error('Records Guard options:', error);
  announce(t('options_load_failed'));
});
