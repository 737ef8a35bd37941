// The advice page: the guide's advice in plain words (all from _locales), "I think someone has
// seen my records" with a link to the service's account settings where Records Guard knows it
// (`?portal=<id>`, from the popup), the person's own record providers, and the helplines.
import { t, localisePage, el } from './i18n.js';
import { loadStoredSettings, viewSettings } from './settings.js';
import { ACCOUNT_PAGES, HELPLINES, WEBSITES, telHref } from './guide.js';

const rg = globalThis.rg;
const $ = (id) => document.getElementById(id);

function showAccountLink() {
  const id = new URLSearchParams(location.search).get('portal');
  const page = id && Object.hasOwn(ACCOUNT_PAGES, id) ? ACCOUNT_PAGES[id] : null;
  if (!page) return;
  const link = $('change-link');
  link.href = page.url;
  link.textContent = t('advice_seen_change_link', [page.name]);
  link.hidden = false;
  $('change-how').hidden = true;
}

async function showProviders() {
  const { providers } = viewSettings(await loadStoredSettings());
  $('my-providers').textContent = providers.length > 0
    ? t('advice_my_providers', [providers.join(', ')])
    : t('advice_no_providers');
}

function showHelp() {
  const items = [
    ...HELPLINES.map(({ key, tel }) =>
      el('li', {}, t(key), ' ', el('a', { href: telHref(tel), 'aria-label': t('help_call', [tel]) }, tel))),
    ...WEBSITES.map(({ key, url, text }) =>
      el('li', {}, t(key), ' ', el('a', { href: url, target: '_blank', rel: 'noopener noreferrer' }, text))),
  ];
  $('helplines').replaceChildren(...items);
}

async function main() {
  localisePage();
  showAccountLink();
  showHelp();
  $('settings-link').addEventListener('click', (event) => {
    event.preventDefault();
    rg.runtime.openOptionsPage();
  });
  await showProviders();
  // The page is filled in after it loaded: go to the section asked for (#seen, #sharing, ...).
  if (location.hash) document.getElementById(location.hash.slice(1))?.scrollIntoView();
  document.body.dataset.ready = 'true';
}

main().catch((error) => console.error('Records Guard advice:', error));
