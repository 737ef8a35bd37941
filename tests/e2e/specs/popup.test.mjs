// The popup, opened as an ordinary extension page. A real popup reads the active tab; in a test the
// popup page is itself the active tab, so it is opened with `?tabId=<id>` naming the tab to show.
// Every state is saved as a screenshot in artifacts/ (popup-*.png) to look at.

import assert from 'node:assert/strict';
import { after, afterEach, before, test } from 'node:test';
import { delay, launchBrowser, messagePattern, poll, readLocale, screenshot, squash, tabIdOf } from '../harness.mjs';
import {
  checkRows,
  openPage,
  pageUrl,
  popupFor,
  resetSettings,
  setSettings,
  storedSettings,
  textOf,
  waitForRows,
} from '../extension-pages.mjs';

let browser;
let locale;

before(async () => {
  browser = await launchBrowser();
  locale = readLocale(browser.dist);
});

after(async () => {
  await browser?.close();
});

afterEach(async () => {
  for (const page of browser.context.pages()) await page.close().catch(() => {});
  await resetSettings(browser);
});

/** The locale's message with `$1`-style substitutions filled in, as the popup shows it. */
function message(key, substitutions = []) {
  const entry = locale[key];
  assert.ok(entry, `locale has ${key}`);
  return squash(entry.message.replace(/\$([A-Za-z0-9_]+)\$/g, (_, name) => {
    const content = entry.placeholders?.[name.toLowerCase()]?.content ?? '';
    const index = Number(content.replace('$', '')) - 1;
    return substitutions[index] ?? '';
  }));
}

const visible = (page, selector) => page.locator(selector).isVisible();
const codes = (verdict) => verdict.findings.map((f) => f.code);

test('a secure records portal: its name, a tick for the connection and for the real site', async () => {
  const { popup } = await popupFor(browser, 'https://access.login.nhs.uk/', (v) => v.status === 'safe');
  assert.equal(await textOf(popup, '#service'), message('popup_service_known', ['NHS login']));
  assert.equal(await textOf(popup, '#summary .summary-text'), message('status_safe'));
  const rows = await checkRows(popup);
  assert.deepEqual(rows.map((r) => [r.check, r.state]), [['connection', 'ok'], ['real-site', 'ok']]);
  // Each row says its state in words as well as with its icon and colour.
  assert.match(rows[0].text, new RegExp(`^✓ ${message('popup_state_ok')} ${message('check_connection_ok_title')}`));
  assert.ok(rows[1].text.includes(message('check_real_site_known_text', ['NHS login'])));
  assert.equal(await visible(popup, '#clean-up'), true, 'clean-up is offered on a portal');
  assert.equal(await visible(popup, '#provider-offer'), false, 'a known portal is not offered as "my provider"');
  assert.equal(await visible(popup, '#stop-saving'), false);
  await screenshot(popup, 'popup-secure-portal');
});

test('a lookalike address: a danger row naming the real service and where to go', async () => {
  const { popup, verdict } = await popupFor(browser, 'https://nhs-login-verify.com/', (v) => v.status === 'danger');
  assert.deepEqual(codes(verdict), ['lookalike-domain']);
  assert.equal(await visible(popup, '#service'), false, 'the imitation is not named as a service');
  assert.equal(await textOf(popup, '#summary .summary-text'), message('status_danger'));
  const rows = await checkRows(popup);
  assert.deepEqual(rows.map((r) => [r.check, r.state]), [['lookalike-domain', 'danger']]);
  assert.ok(rows[0].text.includes(message('popup_severity_danger')));
  assert.ok(rows[0].text.includes(message('finding_lookalike_domain_named_advice', ['NHS login', 'www.nhs.uk'])));
  assert.equal(await visible(popup, '#provider-offer'), false, 'never offer to trust an imitation');
  assert.equal(await visible(popup, '#clean-up'), false);
  assert.match(await popup.locator('#link-seen').getAttribute('href'), /portal=nhs-login#seen$/);
  await screenshot(popup, 'popup-lookalike');
});

test('an http portal: a danger row for the connection and no "secure connection" tick', async () => {
  const { popup } = await popupFor(browser, 'http://access.login.nhs.uk/', (v) => v.status === 'danger');
  const title = messagePattern(locale, 'finding_insecure_connection_title');
  const rows = await waitForRows(popup, (r) => r.some((row) => title.test(row.text)));
  assert.deepEqual(rows.map((r) => [r.check, r.state]), [['insecure-connection', 'danger'], ['real-site', 'ok']]);
  assert.equal(await textOf(popup, '#summary .summary-text'), message('status_danger'));
  await screenshot(popup, 'popup-http-portal-login');
});

test('a sign-in page with a "Remember me" box: a take-care row', async () => {
  const { popup, verdict } = await popupFor(browser, 'https://www.patientaccess.com/', (v) => codes(v).includes('remember-me'));
  assert.equal(verdict.findings.find((f) => f.code === 'remember-me').checked, false);
  assert.equal(await textOf(popup, '#service'), message('popup_service_known', ['Patient Access']));
  const rows = await waitForRows(popup, (r) => r.some((row) => row.check === 'remember-me'));
  assert.deepEqual(rows.map((r) => [r.check, r.state]), [['remember-me', 'warning'], ['connection', 'ok'], ['real-site', 'ok']]);
  assert.ok(rows[0].text.includes(message('popup_severity_warning')));
  assert.ok(rows[0].text.includes(message('finding_remember_me_title')));
  assert.ok(rows[0].text.includes(message('finding_remember_me_advice')));
  assert.equal(await textOf(popup, '#summary .summary-text'), message('status_warning'));
  await screenshot(popup, 'popup-remember-me');
});

test('a page that is not a records site: says so, with no rows', async () => {
  const { popup } = await popupFor(browser, 'http://www.example-news.test/2025/11/library-extends-opening-hours/', (v) => v.status === 'none');
  assert.equal(await textOf(popup, '#service'), message('status_none'));
  assert.equal((await checkRows(popup)).length, 0);
  assert.equal(await visible(popup, '#summary'), false, 'no tick that could read as "safe to type here"');
  assert.doesNotMatch(squash(await popup.locator('body').innerText()), messagePattern(locale, 'status_danger'));
  assert.equal(await visible(popup, '#clean-up'), false);
  await screenshot(popup, 'popup-http-plain-article');
});

test('"This is my record provider" adds the site, and the popup then names it as yours', async () => {
  const url = 'https://records.mysurgery.test/';
  const { popup } = await popupFor(browser, url, (v) => v.portal?.kind === 'detected');
  const rows = await checkRows(popup);
  assert.deepEqual(rows.find((r) => r.check === 'real-site')?.state, 'info', 'an unknown records site: check the address');
  await screenshot(popup, 'popup-detected-portal');

  await popup.locator('#add-provider').click();
  const settings = await poll(() => storedSettings(browser), (s) => s?.providers?.includes('records.mysurgery.test'), { what: 'the provider saved' });
  assert.deepEqual(settings.providers, ['records.mysurgery.test']);
  assert.equal(await textOf(popup, '#result'), message('popup_provider_added', ['records.mysurgery.test']));
  // The service worker re-checks the tab with the new settings; the popup follows.
  await poll(() => textOf(popup, '#service'), (t) => t === message('popup_service_provider', ['records.mysurgery.test']), { what: 'the popup to name the provider' });
  const after = await waitForRows(popup, (r) => r.some((row) => row.check === 'real-site' && row.state === 'ok'));
  assert.ok(after.find((r) => r.check === 'real-site').text.includes(message('check_real_site_provider_title')));
  assert.equal(await visible(popup, '#provider-offer'), false);
  await screenshot(popup, 'popup-my-provider');
});

test('"Finished? Clean up" asks first, can be cancelled, then says what was removed', async () => {
  const { popup } = await popupFor(browser, 'https://access.login.nhs.uk/', (v) => v.status === 'safe');
  const cleanUp = popup.locator('#clean-up');
  await cleanUp.click();
  assert.equal(await visible(popup, '#confirm'), true);
  assert.equal(await cleanUp.getAttribute('aria-expanded'), 'true');
  assert.equal(await popup.evaluate(() => document.activeElement.id), 'confirm-heading', 'focus moves to the question');
  assert.equal(await textOf(popup, '#confirm-heading'), message('popup_clean_up_confirm', ['NHS login']));
  await screenshot(popup, 'popup-clean-up-confirm');

  await popup.locator('#confirm-no').click();
  assert.equal(await visible(popup, '#confirm'), false);
  assert.equal(await popup.evaluate(() => document.activeElement.id), 'clean-up', 'focus returns to the button');
  assert.equal(await textOf(popup, '#result'), '', 'nothing was done');

  await cleanUp.click();
  await popup.locator('#confirm-yes').click();
  const done = message('popup_clean_up_done', ['access.login.nhs.uk']);
  const result = await poll(() => textOf(popup, '#result'), (t) => t !== '' && t !== message('popup_clean_up_working'), { what: 'the clean-up result' });
  assert.equal(result, done);
  assert.equal(await visible(popup, '#confirm'), false);
  await screenshot(popup, 'popup-clean-up-done');
});

test('the shared-computer switch: saved as settings.sharedComputer, then the shared-computer rows', async () => {
  const { popup } = await popupFor(browser, 'https://access.login.nhs.uk/', (v) => v.status === 'safe');
  const toggle = popup.locator('#shared');
  assert.equal(await toggle.getAttribute('aria-checked'), 'false');
  assert.equal(await textOf(popup, '#shared-state'), message('popup_switch_off'));
  await toggle.click();
  assert.equal(await toggle.getAttribute('aria-checked'), 'true');
  assert.equal(await textOf(popup, '#shared-state'), message('popup_switch_on'));
  const settings = await poll(() => storedSettings(browser), (s) => s?.sharedComputer === true, { what: 'sharedComputer saved' });
  assert.equal(settings.sharedComputer, true);

  // A normal (not private) window in shared-computer mode: the core's not-private finding.
  const rows = await waitForRows(popup, (r) => r.some((row) => row.check === 'not-private'));
  assert.equal(rows.find((r) => r.check === 'not-private').state, 'warning');
  const saving = rows.some((row) => row.check === 'password-saving');
  assert.equal(await visible(popup, '#stop-saving'), saving, '"Don\'t save passwords" only with the finding');
  await screenshot(popup, 'popup-shared-computer');

  if (saving) {
    await popup.locator('#stop-saving').click();
    assert.equal(
      await poll(() => textOf(popup, '#result'), (t) => t !== '', { what: 'the reply' }),
      message('popup_password_saving_done'),
    );
    assert.equal(await visible(popup, '#stop-saving'), false);
    await waitForRows(popup, (r) => !r.some((row) => row.check === 'password-saving'), 'the password-saving row to go');
    await screenshot(popup, 'popup-password-saving-off');
  }

  await toggle.click();
  await poll(() => storedSettings(browser), (s) => s?.sharedComputer === false, { what: 'sharedComputer off' });
  await waitForRows(popup, (r) => !r.some((row) => row.check === 'not-private'), 'the not-private row to go');
});

test('a different tip each time the popup opens, linking to its advice', async () => {
  const tips = [];
  for (let i = 0; i < 3; i += 1) {
    const popup = await openPage(browser, 'popup.html', { width: 360 });
    const key = await popup.locator('#tip').getAttribute('data-tip');
    assert.equal(await textOf(popup, '#tip'), message(key));
    assert.match(await popup.locator('#tip-more').getAttribute('href'), /^advice\.html#[a-z]+$/);
    tips.push(key);
    await popup.close();
  }
  assert.equal(new Set(tips).size, 3, `three openings, three tips: ${tips}`);
});

test('settings that cannot be read: a notice, once', async () => {
  await setSettings(browser, { sharedComputer: 'yes please', providers: ['records.mysurgery.test'] });
  const first = await openPage(browser, 'popup.html', { width: 360 });
  await first.waitForSelector('#settings-notice:not([hidden])');
  assert.ok((await textOf(first, '#settings-notice')).startsWith(message('popup_settings_notice')));
  await screenshot(first, 'popup-settings-notice');
  const second = await openPage(browser, 'popup.html', { width: 360 });
  await delay(300);
  assert.equal(await visible(second, '#settings-notice'), false, 'told once');
  assert.deepEqual((await storedSettings(browser)).providers, ['records.mysurgery.test'], 'nothing lost');
});

test('a browser page (not a website): nothing to check', async () => {
  const options = await openPage(browser, 'options.html');
  const tabId = await tabIdOf(browser.sw, pageUrl(browser, 'options.html'));
  const popup = await openPage(browser, `popup.html?tabId=${tabId}`, { width: 360 });
  assert.equal(await textOf(popup, '#service'), message('popup_not_web'));
  assert.equal((await checkRows(popup)).length, 0);
  assert.equal(await visible(popup, '#provider-offer'), false);
  await options.close();
});
