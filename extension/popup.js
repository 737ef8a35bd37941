// The popup: what Records Guard found on the current tab (read from storage.session, never a
// second opinion), what the person can do about it here, a tip from the guide, and help links.
import init, { providerHost, readSettings } from './pkg/records_guard.js';
import { t, localisePage, findingText, el } from './i18n.js';
import { SETTINGS_KEY, loadStoredSettings, updateSettings, viewSettings } from './settings.js';
import { POLICY_KEY, loadEffectiveSettings } from './policy.js';
import { TIPS, TIP_KEY } from './guide.js';
import { capabilities, privateWindows } from './capabilities.js';

const rg = globalThis.rg;
const { CLEAN_UP, PASSWORD_SAVING } = globalThis.RG_MESSAGES;
const REPLY_TIMEOUT_MS = 10_000;

const SEVERITIES = ['danger', 'warning', 'info']; // most serious first
const ROW_ORDER = ['danger', 'warning', 'info', 'ok'];
const ICONS = { danger: '!', warning: '!', info: 'i', ok: '✓' };
const STATE_WORDS = {
  danger: 'popup_severity_danger',
  warning: 'popup_severity_warning',
  info: 'popup_severity_info',
  ok: 'popup_state_ok',
};

const $ = (id) => document.getElementById(id);
const isWebUrl = (url) => typeof url === 'string' && /^https?:\/\//i.test(url);
const has = (verdict, code) => verdict.findings.some((finding) => finding.code === code);

let core;
const loadCore = () => (core ??= init({ module_or_path: rg.runtime.getURL('pkg/records_guard_bg.wasm') }));

// ---- what the popup knows (all of it read from storage)

const state = {
  tab: undefined,
  verdict: undefined, // findings:<tabId>, with the findings sorted and filtered
  settings: viewSettings(undefined), // in force: the person's, with the organisation's on top
  policy: { applied: [], invalid: [] }, // fields the organisation set (or tried to)
  savingTurnedOff: false, // the background confirmed password saving is off
};

function readVerdict(stored) {
  if (!stored || typeof stored !== 'object') return undefined;
  const findings = (Array.isArray(stored.findings) ? stored.findings : [])
    .filter((finding) => SEVERITIES.includes(finding?.severity) && typeof finding.code === 'string')
    .sort((a, b) => SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity));
  const portal = stored.portal && typeof stored.portal.name === 'string' ? stored.portal : null;
  return { ...stored, portal, findings };
}

// ---- the checks: one row per finding, then the checks that passed and apply to this page

/** A finding's row: its own words, with details where the core gives them. */
function findingRow(finding) {
  let title = findingText('finding', finding.code, 'title');
  let text = findingText('finding', finding.code, 'advice');
  if (finding.code === 'remember-me' && finding.checked === true) {
    title = t('finding_remember_me_ticked_title');
    text = t('finding_remember_me_ticked_advice');
  }
  const imitated = finding.imitates;
  if (finding.code === 'lookalike-domain' && typeof imitated?.name === 'string' && typeof imitated?.home === 'string') {
    text = t('finding_lookalike_domain_named_advice', [imitated.name, imitated.home]);
  }
  return {
    id: finding.code,
    state: finding.severity,
    title: title || t('finding_unknown_title'),
    text: text || t('finding_unknown_advice'),
  };
}

/** Checks that passed. Only on a records site, and only what the findings can vouch for. */
function passedRows(verdict, settings) {
  const portal = verdict.portal;
  if (!portal) return [];
  const rows = [];
  if (!has(verdict, 'insecure-connection') && !has(verdict, 'insecure-form')) {
    rows.push({ id: 'connection', state: 'ok', title: t('check_connection_ok_title'), text: t('check_connection_ok_text') });
  }
  if (portal.kind === 'known') {
    rows.push({ id: 'real-site', state: 'ok', title: t('check_real_site_known_title'), text: t('check_real_site_known_text', [portal.name]) });
  } else if (portal.kind === 'provider') {
    rows.push({ id: 'real-site', state: 'ok', title: t('check_real_site_provider_title'), text: t('check_real_site_provider_text') });
  } else {
    rows.push({ id: 'real-site', state: 'info', title: t('check_real_site_detected_title'), text: t('check_real_site_detected_text') });
  }
  // The core reports `not-private` for every records page in a normal window in shared-computer
  // mode, so its absence there means a private window.
  if (settings.sharedComputer && !has(verdict, 'not-private')) {
    rows.push({ id: 'private-window', state: 'ok', title: t('check_private_ok_title'), text: t('check_private_ok_text') });
  }
  // "Remember me", password saving and password reuse are rows only when a finding says so: their
  // absence may only mean the page has not been read yet, or the browser did not say.
  return rows;
}

function checkItem(row) {
  const title = el('p', { className: 'check-title' },
    el('span', { className: 'state' }, t(STATE_WORDS[row.state])), ' ', el('strong', {}, row.title));
  const item = el('li', { className: `check ${row.state}` },
    el('span', { className: 'icon', 'aria-hidden': 'true' }, ICONS[row.state]),
    el('div', { className: 'check-body' }, title, el('p', { className: 'check-text' }, row.text)));
  item.dataset.check = row.id;
  return item;
}

function serviceText(verdict) {
  if (has(verdict, 'lookalike-domain')) return ''; // the finding says what it imitates
  const portal = verdict.portal;
  if (!portal) return t('status_none');
  return t(`popup_service_${portal.kind}`, [portal.name]) || t('popup_service_known', [portal.name]);
}

function showSummary(status) {
  const summary = $('summary');
  summary.className = `summary ${status}`;
  summary.replaceChildren(
    el('span', { className: 'icon', 'aria-hidden': 'true' }, ICONS[status === 'safe' ? 'ok' : status]),
    el('span', { className: 'summary-text' }, t(`status_${status}`)),
  );
}

function clearSummary() {
  $('summary').replaceChildren();
  $('summary').className = 'summary';
}

function showVerdict(verdict) {
  const worst = verdict.findings[0]?.severity;
  const service = serviceText(verdict);
  $('service').hidden = service === '';
  $('service').textContent = service;
  if (worst === 'danger' || worst === 'warning') showSummary(worst);
  else if (verdict.portal) showSummary('safe');
  else clearSummary(); // not a records site: no tick that could read as "safe to type here"
  const rows = [...verdict.findings.map(findingRow), ...passedRows(verdict, state.settings)]
    .sort((a, b) => ROW_ORDER.indexOf(a.state) - ROW_ORDER.indexOf(b.state)); // stable: problems first
  $('checks').replaceChildren(...rows.map(checkItem));
  $('checks').hidden = rows.length === 0;
  $('notes').hidden = !verdict.truncated;
  $('notes').textContent = verdict.truncated ? t('popup_truncated') : '';
}

function showMessage(key) {
  $('service').hidden = false;
  $('service').textContent = t(key);
  clearSummary();
  $('checks').replaceChildren();
  $('checks').hidden = true;
  $('notes').hidden = true;
}

// ---- what the person can do here

/** The host to offer as "my record provider", or null: a web page that is not a records site we know. */
async function offeredHost() {
  const { tab, verdict } = state;
  if (!verdict || !isWebUrl(tab?.url)) return null;
  if (has(verdict, 'lookalike-domain')) return null; // never offer to trust an imitation
  if (verdict.portal && verdict.portal.kind !== 'detected') return null;
  try {
    await loadCore();
    const host = providerHost(tab.url);
    return state.settings.providers.includes(host) ? null : host;
  } catch {
    return null; // an address on this computer, or a number: not a provider's site
  }
}

async function showActions() {
  const { verdict } = state;
  const host = await offeredHost();
  $('provider-offer').hidden = host === null;
  $('add-provider').dataset.host = host ?? '';

  $('stop-saving').hidden = !verdict || state.savingTurnedOff || !has(verdict, 'password-saving');

  const cleanable = Boolean(verdict?.portal) && capabilities().cleanUp !== null;
  $('clean-up').hidden = !cleanable;
  if (!cleanable) closeConfirm(false);
}

function say(text) {
  $('result').textContent = text;
}

async function addProvider() {
  const host = $('add-provider').dataset.host;
  if (!host) return;
  try {
    await updateSettings((current) => ({
      providers: [...viewSettings(current).providers.filter((h) => h !== host), host],
    }));
    say(t('popup_provider_added', [host]));
  } catch (error) {
    console.error('Records Guard popup:', error);
    say(t('options_save_failed'));
  }
}

/** Send a message to the background; the reply, or undefined if none came. */
async function ask(message) {
  let timer;
  const timeout = new Promise((resolve) => {
    timer = setTimeout(resolve, REPLY_TIMEOUT_MS);
  });
  try {
    return await Promise.race([rg.runtime.sendMessage(message), timeout]);
  } catch (error) {
    console.warn('Records Guard popup: no answer to', message.type, error?.message);
    return undefined;
  } finally {
    clearTimeout(timer);
  }
}

async function stopSaving() {
  const button = $('stop-saving');
  button.disabled = true;
  const reply = await ask({ type: PASSWORD_SAVING, allow: false });
  if (reply?.ok === true && reply.value === false) {
    state.savingTurnedOff = true;
    button.hidden = true;
    say(t('popup_password_saving_done'));
  } else {
    say(t('popup_password_saving_failed'));
  }
  button.disabled = false;
}

function openConfirm() {
  const portal = state.verdict?.portal;
  $('confirm-heading').textContent = portal
    ? t('popup_clean_up_confirm', [portal.name])
    : t('popup_clean_up_confirm_site');
  $('confirm').hidden = false;
  $('clean-up').setAttribute('aria-expanded', 'true');
  $('confirm-heading').focus();
}

function closeConfirm(returnFocus = true) {
  if ($('confirm').hidden) return;
  $('confirm').hidden = true;
  $('clean-up').setAttribute('aria-expanded', 'false');
  if (returnFocus && !$('clean-up').hidden) $('clean-up').focus();
}

const hostOf = (origin) => {
  try {
    return new URL(origin).host || String(origin);
  } catch {
    return String(origin);
  }
};

async function cleanUp() {
  const buttons = [$('confirm-yes'), $('confirm-no')];
  for (const button of buttons) button.disabled = true;
  say(t('popup_clean_up_working'));
  const reply = await ask({ type: CLEAN_UP, tabId: state.tab?.id });
  for (const button of buttons) button.disabled = false;
  closeConfirm();
  if (reply?.ok !== true) return say(t('popup_clean_up_failed'));
  const sites = [...new Set((Array.isArray(reply.origins) ? reply.origins : []).map(hostOf))];
  say(sites.length > 0 ? t('popup_clean_up_done', [sites.join(', ')]) : t('popup_clean_up_nothing'));
}

// ---- shared-computer switch

function showSwitch() {
  const locked = state.policy.applied.includes('sharedComputer');
  const on = state.settings.sharedComputer;
  const button = $('shared');
  button.setAttribute('aria-checked', String(on));
  button.disabled = locked;
  $('shared-state').textContent = t(on ? 'popup_switch_on' : 'popup_switch_off');
  $('shared-policy').hidden = !locked && !state.policy.invalid.includes('sharedComputer');
  $('shared-policy').textContent = t(locked ? 'policy_applied' : 'policy_invalid');
  showPrivateNote(on);
}

/** In shared-computer mode, say so when Records Guard is not allowed in private windows. */
async function showPrivateNote(on) {
  const note = $('private-note');
  const allowed = on ? await privateWindows().catch(() => true) : true;
  note.hidden = allowed;
  if (!allowed) note.textContent = t(`popup_private_not_allowed_${capabilities().browser}`);
}

let settingsGeneration = 0;

async function toggleShared() {
  const on = !state.settings.sharedComputer;
  settingsGeneration += 1; // whatever was being read before this change is out of date
  state.settings = { ...state.settings, sharedComputer: on };
  showSwitch(); // screen readers say the switch's new state; nothing else to announce
  try {
    await updateSettings({ sharedComputer: on });
  } catch (error) {
    console.error('Records Guard popup:', error);
    say(t('options_save_failed'));
    refreshSettings();
  }
}

// Settings and policy can change while the popup is open (here, in the settings page, by the
// organisation). Reads overlap, so only the latest one counts.
async function refreshSettings() {
  const generation = (settingsGeneration += 1);
  const { settings, policy } = await loadEffectiveSettings();
  if (generation !== settingsGeneration) return;
  Object.assign(state, { settings, policy });
  showSwitch();
  await showTab();
}

// ---- stored settings that could not be read: said once (until they break differently)

const NOTICE_KEY = 'settingsNotice'; // storage.local: the broken fields last told about

async function showSettingsNotice() {
  await loadCore();
  const { invalid } = readSettings((await loadStoredSettings()) ?? {});
  const broken = [...invalid].sort().join(',');
  const { [NOTICE_KEY]: told } = await rg.storage.local.get(NOTICE_KEY);
  if (broken === '') {
    if (told !== undefined) await rg.storage.local.remove(NOTICE_KEY);
    return;
  }
  if (told === broken) return;
  $('settings-notice').hidden = false;
  await rg.storage.local.set({ [NOTICE_KEY]: broken });
}

// ---- a tip from the guide, a different one each time

async function showTip() {
  const { [TIP_KEY]: stored } = await rg.storage.session.get(TIP_KEY);
  const index = Number.isSafeInteger(stored) && stored >= 0 ? stored % TIPS.length : 0;
  const tip = TIPS[index];
  $('tip').textContent = t(tip.key);
  $('tip').dataset.tip = tip.key;
  $('tip-more').href = `advice.html#${tip.section}`;
  await rg.storage.session.set({ [TIP_KEY]: (index + 1) % TIPS.length });
}

// ---- help links that depend on the page

function showLinks() {
  const portal = state.verdict?.portal;
  const imitated = state.verdict?.findings.find((f) => f.code === 'lookalike-domain')?.imitates;
  const id = portal?.kind === 'known' ? portal.id : imitated?.id;
  $('link-seen').href = id ? `advice.html?portal=${encodeURIComponent(id)}#seen` : 'advice.html#seen';
}

// ---- putting it together

let tabGeneration = 0;

async function showTab() {
  const generation = (tabGeneration += 1); // reads overlap: only the latest is shown
  const { tab } = state;
  if (!tab || !isWebUrl(tab.url)) {
    state.verdict = undefined;
    showMessage('popup_not_web');
  } else {
    const key = `findings:${tab.id}`;
    const { [key]: stored } = await rg.storage.session.get(key);
    if (generation !== tabGeneration) return;
    state.verdict = readVerdict(stored);
    if (state.verdict) showVerdict(state.verdict);
    else showMessage('popup_not_checked');
  }
  showLinks();
  await showActions();
  if (generation === tabGeneration) document.body.dataset.ready = 'true';
}

// The tab to show: the active one, or `?tabId=<id>` (the e2e tests open the popup as a page).
async function tabToShow() {
  const asked = Number(new URLSearchParams(location.search).get('tabId'));
  if (Number.isInteger(asked) && asked > 0) return rg.tabs.get(asked).catch(() => undefined);
  const [active] = await rg.tabs.query({ active: true, currentWindow: true });
  return active;
}

async function main() {
  localisePage();
  $('add-provider').addEventListener('click', addProvider);
  $('stop-saving').addEventListener('click', stopSaving);
  $('clean-up').addEventListener('click', () => ($('confirm').hidden ? openConfirm() : closeConfirm()));
  $('confirm-yes').addEventListener('click', cleanUp);
  $('confirm-no').addEventListener('click', () => closeConfirm());
  $('confirm').addEventListener('keydown', (event) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      closeConfirm();
    }
  });
  $('shared').addEventListener('click', toggleShared);
  for (const link of [$('open-options'), $('notice-options')]) {
    link.addEventListener('click', (event) => {
      event.preventDefault();
      rg.runtime.openOptionsPage();
    });
  }

  const [tab, { settings, policy }] = await Promise.all([tabToShow(), loadEffectiveSettings()]);
  Object.assign(state, { tab, settings, policy });
  showSwitch();
  await Promise.all([
    showTab(),
    showTip().catch((error) => console.warn('Records Guard popup: tip', error)),
    showSettingsNotice().catch((error) => console.warn('Records Guard popup: settings notice', error)),
  ]);

  // Keep up while the popup is open: the page may still be loading, and settings may change.
  rg.storage.onChanged.addListener((changes, area) => {
    if ((area === 'local' && SETTINGS_KEY in changes) || (area === 'session' && POLICY_KEY in changes)) {
      refreshSettings().catch((error) => console.error('Records Guard popup:', error));
    }
    if (area === 'session' && state.tab && `findings:${state.tab.id}` in changes) {
      rg.tabs.get(state.tab.id).then((fresh) => (state.tab = fresh), () => {}).finally(showTab);
    }
  });
}

main().catch((error) => {
  console.error('Records Guard popup:', error);
  showMessage('popup_error');
});
