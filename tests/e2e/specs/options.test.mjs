// The settings page: shared-computer mode, the person's record providers (with the core's
// providerHost deciding, and an inline error for each problem), what the organisation set, the
// password reuse check (the opt-in reverse check, forgetting the codes), and what is stored.
// Also: the extension's pages fetch nothing from the network.

import assert from 'node:assert/strict';
import { after, afterEach, before, test } from 'node:test';
import { launchBrowser, poll, readLocale, squash } from '../harness.mjs';
import { openPage, popupFor, resetSettings, setSettings, storedSettings, textOf } from '../extension-pages.mjs';

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

const msg = (key) => squash(locale[key].message);
const withHost = (key, host) => msg(key).replace(/\$HOST\$/, host);

test('shared-computer mode is saved, merged into the settings without losing other fields', async () => {
  await setSettings(browser, { providers: ['records.mysurgery.test'], fromALaterVersion: { keep: true } });
  const options = await openPage(browser, 'options.html');
  assert.equal(await options.isChecked('#shared'), false);
  await options.check('#shared');
  const settings = await poll(() => storedSettings(browser), (s) => s?.sharedComputer === true, { what: 'sharedComputer saved' });
  assert.deepEqual(settings, { providers: ['records.mysurgery.test'], fromALaterVersion: { keep: true }, sharedComputer: true });
  assert.equal(await textOf(options, '#status'), msg('options_saved'));
});

test('providers: each typing problem gets its own inline error and the list is untouched', async () => {
  await setSettings(browser, { providers: ['records.mysurgery.test'] });
  const options = await openPage(browser, 'options.html');
  const cases = [
    ['', 'empty'],
    ['my surgery', 'spaces'],
    ['mysurgery.co.uk/login', 'not_a_host'],
    ['192.168.1.1', 'ip_address'],
    ['surgery', 'no_dot'],
    ['https://records.mysurgery.test/sign-in', 'duplicate'],
  ];
  for (const [typed, code] of cases) {
    await options.fill('#provider-input', typed);
    await options.click('#add-provider button[type=submit]');
    await options.waitForSelector('#provider-error:not([hidden])');
    const error = await textOf(options, '#provider-error');
    assert.equal(error, `${msg('options_error_prefix')} ${msg(`provider_error_${code}`)}`, `typed ${JSON.stringify(typed)}`);
    assert.equal(await options.getAttribute('#provider-input', 'aria-invalid'), 'true');
    assert.deepEqual((await storedSettings(browser)).providers, ['records.mysurgery.test'], 'the list is untouched');
  }
});

test('providers: a full address is stored as its host; added and removed with a spoken confirmation', async () => {
  const options = await openPage(browser, 'options.html');
  assert.equal(await options.locator('#providers-empty').isVisible(), true);
  await options.fill('#provider-input', 'https://Online.MySurgery.co.uk/login?next=1');
  await options.click('#add-provider button[type=submit]');
  await poll(() => storedSettings(browser), (s) => s?.providers?.length === 1, { what: 'the provider saved' });
  assert.deepEqual((await storedSettings(browser)).providers, ['online.mysurgery.co.uk']);
  assert.equal(await textOf(options, '#status'), withHost('options_provider_added', 'online.mysurgery.co.uk'));
  assert.equal(await options.inputValue('#provider-input'), '');
  assert.equal(await options.locator('#provider-error').isVisible(), false);
  assert.equal(await textOf(options, '#providers .host'), 'online.mysurgery.co.uk');
  assert.equal(await options.getAttribute('#providers button', 'aria-label'), withHost('options_provider_remove_label', 'online.mysurgery.co.uk'));

  await options.click('#providers button');
  await poll(() => storedSettings(browser), (s) => s?.providers?.length === 0, { what: 'the provider removed' });
  assert.equal(await textOf(options, '#status'), withHost('options_provider_removed', 'online.mysurgery.co.uk'));
  assert.equal(await options.locator('#providers-empty').isVisible(), true);
});

test('a provider added in the popup shows in an open settings page', async () => {
  const options = await openPage(browser, 'options.html');
  const { popup } = await popupFor(browser, 'https://records.mysurgery.test/', (v) => v.portal?.kind === 'detected');
  await popup.click('#add-provider');
  await poll(() => textOf(options, '#providers'), (t) => t.includes('records.mysurgery.test'), { what: 'the settings page to follow' });
});

test('"Set by your organisation": an applied field is locked, an invalid one is said to be ignored', async () => {
  const options = await openPage(browser, 'options.html');
  assert.equal(await options.locator('#shared-policy').isVisible(), false);
  assert.equal(await options.locator('#providers-policy').isVisible(), false);
  await browser.sw.evaluate(() =>
    chrome.storage.session.set({ policy: { applied: ['sharedComputer'], invalid: ['providers'] } }));
  await options.waitForSelector('#shared-policy:not([hidden])');
  assert.equal(await textOf(options, '#shared-policy'), msg('policy_applied'));
  assert.equal(await options.isDisabled('#shared'), true);
  assert.equal(await textOf(options, '#providers-policy'), msg('policy_invalid'));
  assert.equal(await options.isDisabled('#provider-input'), false, 'an ignored policy leaves the field to the person');
});

test('password reuse: the opt-in reverse check is saved; "Forget all password codes" empties the store', async () => {
  await browser.sw.evaluate(() => chrome.storage.local.set({ fingerprints: { test: true }, fingerprintKey: 'test' }));
  const options = await openPage(browser, 'options.html');
  assert.equal(await options.isChecked('#reuse-reverse'), false, 'off unless the person turns it on');
  await options.check('#reuse-reverse');
  await poll(() => storedSettings(browser), (s) => s?.reuseReverse === true, { what: 'reuseReverse saved' });
  await options.click('#forget');
  assert.equal(await poll(() => textOf(options, '#status'), (t) => t === msg('options_forget_done'), { what: 'the reply' }), msg('options_forget_done'));
  const left = await browser.sw.evaluate(() => chrome.storage.local.get(['fingerprints', 'fingerprintKey']));
  assert.deepEqual(left, {});
  assert.equal((await storedSettings(browser)).reuseReverse, true, 'settings are kept');
});

test('what is stored, and the independence line', async () => {
  const options = await openPage(browser, 'options.html');
  const text = squash(await options.locator('body').innerText());
  for (const key of ['independence_line', 'options_stores_settings', 'options_stores_passwords', 'options_stores_nothing_leaves']) {
    assert.ok(text.includes(msg(key)), key);
  }
  assert.match(msg('independence_line'), /not part of, or approved by, the NHS/);
});

test('the extension pages fetch nothing from the network', async () => {
  const requests = [];
  const watch = (page) => page.on('request', (r) => requests.push(r.url()));
  browser.context.on('page', watch);
  try {
    await popupFor(browser, 'https://access.login.nhs.uk/', (v) => v.status === 'safe');
    await openPage(browser, 'options.html');
    await openPage(browser, 'advice.html?portal=nhs-login');
  } finally {
    browser.context.off('page', watch);
  }
  const fromExtension = requests.filter((u) => !u.startsWith('https://access.login.nhs.uk/'));
  assert.ok(fromExtension.length > 0, 'the pages were watched');
  assert.deepEqual(fromExtension.filter((u) => !u.startsWith('chrome-extension://')), []);
});
