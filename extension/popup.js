// The popup: what Records Guard found on the current tab, read from storage.session.
import { t, localisePage, findingText } from './i18n.js';
import { loadStoredSettings, viewSettings } from './settings.js';

const rg = globalThis.rg;
const SEVERITIES = ['danger', 'warning', 'info']; // most serious first
const SYMBOLS = { danger: '!', warning: '!', info: 'i', safe: '✓' };

const $ = (id) => document.getElementById(id);
const isWebUrl = (url) => typeof url === 'string' && /^https?:\/\//i.test(url);

function setLine(el, text, symbol, className = '') {
  el.className = `${el.id} ${className}`.trim();
  el.replaceChildren();
  if (symbol) {
    const mark = document.createElement('span');
    mark.className = 'symbol';
    mark.setAttribute('aria-hidden', 'true');
    mark.textContent = symbol;
    el.append(mark);
  }
  el.append(text);
}

// Which service this is. On a lookalike page the portal's name is left out: the finding explains.
function serviceText(verdict) {
  const portal = verdict.portal;
  if (verdict.findings.some((finding) => finding.code === 'lookalike-domain')) return '';
  if (!portal) return t('status_none');
  return t(`popup_service_${portal.kind}`, [portal.name]) || t('popup_service_known', [portal.name]);
}

function findingItem(finding) {
  const item = document.createElement('li');
  item.className = finding.severity;
  const heading = document.createElement('p');
  heading.className = 'finding-title';
  const word = document.createElement('span');
  word.className = 'severity';
  word.textContent = t(`popup_severity_${finding.severity}`);
  const title = document.createElement('strong');
  title.textContent = findingText('finding', finding.code, 'title') || t('finding_unknown_title');
  heading.append(word, ' ', title);
  const advice = document.createElement('p');
  advice.textContent = findingText('finding', finding.code, 'advice') || t('finding_unknown_advice');
  item.append(heading, advice);
  return item;
}

function showVerdict(verdict) {
  const findings = (Array.isArray(verdict.findings) ? verdict.findings : [])
    .filter((finding) => SEVERITIES.includes(finding?.severity))
    .sort((a, b) => SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity));
  const worst = findings[0]?.severity;
  const service = serviceText({ ...verdict, findings });
  $('service').hidden = service === '';
  $('service').textContent = service;
  if (worst === 'danger' || worst === 'warning') {
    setLine($('summary'), t(`status_${worst}`), SYMBOLS[worst], worst);
  } else {
    setLine($('summary'), t('status_safe'), SYMBOLS.safe, 'safe');
  }
  $('findings').replaceChildren(...findings.map(findingItem));
  $('findings').hidden = findings.length === 0;
  $('notes').hidden = !verdict.truncated;
  $('notes').textContent = verdict.truncated ? t('popup_truncated') : '';
}

function showMessage(key) {
  $('service').hidden = false;
  $('service').textContent = t(key);
  $('summary').replaceChildren();
  $('findings').replaceChildren();
  $('findings').hidden = true;
  $('notes').hidden = true;
}

async function showTab(tab) {
  if (!tab || !isWebUrl(tab.url)) return showMessage('popup_not_web');
  const key = `findings:${tab.id}`;
  const { [key]: verdict } = await rg.storage.session.get(key);
  if (verdict && typeof verdict === 'object') showVerdict(verdict);
  else showMessage('popup_not_checked');
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
  $('open-options').addEventListener('click', async () => {
    await rg.runtime.openOptionsPage();
    window.close();
  });

  const [tab, stored] = await Promise.all([tabToShow(), loadStoredSettings()]);
  $('shared').hidden = !viewSettings(stored).sharedComputer;
  await showTab(tab);

  // Keep up while the popup is open (the page may still be loading).
  rg.storage.onChanged.addListener((changes, area) => {
    if (area === 'session' && tab && `findings:${tab.id}` in changes) showTab(tab);
  });
}

main().catch((error) => {
  console.error('Records Guard popup:', error);
  showMessage('popup_error');
});
