// Shared or public computers (issue 4): the browser's side of a tab (private window, password
// saving) reaches the core, the `password-saving` and `clean-up` messages from the extension's
// pages, and the log-out reminder. Private windows need the extension allowed in incognito, which
// needs developer mode: the profile starts in it (launchBrowser's `developerMode`), and incognito
// access is switched on through chrome.developerPrivate on chrome://extensions (that reloads the
// extension, so the suite then talks to the new service worker).

import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import { currentWorker, delay, launchBrowser, poll, tabIdOf, waitForFindings } from '../harness.mjs';

const PORTAL = 'https://access.login.nhs.uk/'; // NHS login, known from its address
const SURGERY = 'https://records.mysurgery.test/'; // a sign-in form recognised from the page
const SURGERY_ACCOUNT = 'https://records.mysurgery.test/account/'; // after signing in: no password box
const ARTICLE = 'http://www.example-news.test/2025/11/library-extends-opening-hours/';

let browser;
let sw; // the live service worker (replaced when the extension reloads)
let extensionPage; // an extension page, to send messages as the popup and options page do

const codes = (verdict) => verdict.findings.map((f) => f.code).sort();

/** Evaluate in the service worker, following it if the browser restarted it. */
async function inWorker(fn, arg) {
  try {
    return await sw.evaluate(fn, arg);
  } catch (error) {
    const live = currentWorker(browser.context, browser.extensionId);
    if (!live || live === sw) throw error;
    sw = live;
    return sw.evaluate(fn, arg);
  }
}

const setSharedComputer = (on) =>
  inWorker(async (on) => {
    const { settings } = await chrome.storage.local.get('settings');
    await chrome.storage.local.set({ settings: { ...settings, sharedComputer: on } });
  }, on);

/** The tab's sign-in state (`storage.session` `signin:<tabId>`), or null. */
const signinOf = (tabId) =>
  inWorker(async (key) => (await chrome.storage.session.get(key))[key] ?? null, `signin:${tabId}`);

const privacySetting = () => inWorker(() => chrome.privacy.services.passwordSavingEnabled.get({}));

/** Send a message as an extension page does; returns the reply. */
const sendFromPage = (message) => extensionPage.evaluate((m) => chrome.runtime.sendMessage(m), message);

before(async () => {
  browser = await launchBrowser({ developerMode: true });
  const extensions = await browser.context.newPage();
  await extensions.goto('chrome://extensions/');
  await extensions.evaluate(
    (extensionId) => chrome.developerPrivate.updateExtensionConfiguration({ extensionId, incognitoAccess: true }),
    browser.extensionId,
  );
  await extensions.close();
  // Allowing incognito reloads the extension: wait for a worker that says it is allowed there.
  sw = await poll(
    async () => {
      const live = currentWorker(browser.context, browser.extensionId);
      return (await live?.evaluate(() => chrome.extension.isAllowedIncognitoAccess())) ? live : null;
    },
    (live) => live !== null,
    { timeout: 15_000, what: 'the reloaded service worker, allowed in incognito' },
  );
  extensionPage = await browser.context.newPage();
  await extensionPage.goto(`chrome-extension://${browser.extensionId}/popup.html`);
});

after(async () => {
  await browser?.close();
});

beforeEach(async () => {
  await setSharedComputer(false);
  await poll(privacySetting, (s) => s.levelOfControl === 'controllable_by_this_extension', {
    what: 'password saving back in the browser’s hands',
  });
  await inWorker(() => chrome.notifications.getAll().then((all) => Promise.all(Object.keys(all).map((id) => chrome.notifications.clear(id)))));
});

test('shared mode: not-private and password-saving in a normal window; neither is found when the mode is off', async () => {
  const page = await browser.context.newPage();
  await page.goto(PORTAL);
  const tabId = await tabIdOf(sw, PORTAL);
  const off = await waitForFindings(sw, tabId, (v) => v.url === PORTAL && v.status === 'safe');
  assert.deepEqual(codes(off), []);

  assert.equal((await privacySetting()).value, true, 'a fresh profile offers to save passwords');
  await setSharedComputer(true);
  const on = await waitForFindings(sw, tabId, (v) => codes(v).includes('not-private'));
  assert.deepEqual(codes(on), ['not-private', 'password-saving']);
  assert.equal(on.status, 'warning');
  await page.close();
});

test('shared mode: a private window gets no not-private finding', async () => {
  await setSharedComputer(true);
  const window = await inWorker((url) => chrome.windows.create({ incognito: true, url }), PORTAL);
  try {
    assert.equal(window.incognito, true);
    const tabId = window.tabs[0].id;
    const verdict = await waitForFindings(sw, tabId, (v) => v.url === PORTAL && v.portal !== null);
    assert.equal(verdict.portal.id, 'nhs-login');
    assert.ok(!codes(verdict).includes('not-private'), `findings in a private window: ${codes(verdict)}`);
    // The browser still offers to save passwords there (they go to the normal profile's store).
    assert.deepEqual(codes(verdict), ['password-saving']);
  } finally {
    await inWorker((id) => chrome.windows.remove(id), window.id);
  }
});

test('password-saving: turned off from an extension page, given back when shared mode is switched off', async () => {
  await setSharedComputer(true);
  const page = await browser.context.newPage();
  await page.goto(PORTAL);
  const tabId = await tabIdOf(sw, PORTAL);
  await waitForFindings(sw, tabId, (v) => codes(v).includes('password-saving'));

  const reply = await sendFromPage({ type: 'password-saving', allow: false });
  assert.deepEqual(reply, { ok: true, value: false });
  assert.deepEqual(await privacySetting(), { levelOfControl: 'controlled_by_this_extension', value: false });
  assert.deepEqual(await inWorker(() => chrome.storage.local.get('changedByUs')), {
    changedByUs: { passwordSaving: true },
  });
  const after = await waitForFindings(sw, tabId, (v) => !codes(v).includes('password-saving'));
  assert.deepEqual(codes(after), ['not-private']);

  // Asking again changes nothing and keeps the value from before the first change.
  assert.deepEqual(await sendFromPage({ type: 'password-saving', allow: false }), { ok: true, value: false });
  assert.deepEqual((await inWorker(() => chrome.storage.local.get('changedByUs'))).changedByUs, { passwordSaving: true });

  await setSharedComputer(false);
  const restored = await poll(privacySetting, (s) => s.levelOfControl === 'controllable_by_this_extension', {
    what: 'password saving given back',
  });
  assert.equal(restored.value, true);
  // The worker gives the setting back first and forgets its note of the change after (a stop in
  // between gives it back again): wait for the note to go, not just for the setting.
  const left = await poll(() => inWorker(() => chrome.storage.local.get('changedByUs')), (v) => Object.keys(v).length === 0, {
    what: 'the note of our change forgotten',
  });
  assert.deepEqual(left, {});
  await page.close();
});

test('password-saving: allow undoes our change; malformed messages get no reply and are counted', async () => {
  await setSharedComputer(true);
  assert.deepEqual(await sendFromPage({ type: 'password-saving', allow: false }), { ok: true, value: false });
  assert.deepEqual(await sendFromPage({ type: 'password-saving', allow: true }), { ok: true, value: true });
  assert.equal((await privacySetting()).levelOfControl, 'controllable_by_this_extension');
  assert.deepEqual(await inWorker(() => chrome.storage.local.get('changedByUs')), {});

  const dropped = async () => (await inWorker(() => chrome.storage.session.get('dropped'))).dropped ?? 0;
  const before = await dropped();
  assert.equal(await sendFromPage({ type: 'password-saving', allow: 'no' }), undefined);
  assert.equal(await sendFromPage({ type: 'clean-up', tabId: 'all' }), undefined);
  await poll(dropped, (n) => n === before + 2, { what: 'two more dropped messages' });
  assert.equal((await privacySetting()).value, true);
});

test('a signed-in portal tab that closes brings a log-out reminder', async () => {
  await setSharedComputer(true);
  const page = await browser.context.newPage();
  await page.goto(SURGERY);
  const tabId = await tabIdOf(sw, SURGERY);
  await waitForFindings(sw, tabId, (v) => v.portal?.kind === 'detected');
  await page.goto(SURGERY_ACCOUNT);
  const state = await poll(
    () => signinOf(tabId),
    (s) => s?.signedIn === true,
    { what: 'the tab to seem signed in' },
  );
  assert.equal(state.portal.id, 'mysurgery.test');
  assert.deepEqual(await inWorker(() => chrome.notifications.getAll()), {});

  await page.close();
  const notifications = await poll(() => inWorker(() => chrome.notifications.getAll()), (n) => Object.keys(n).length > 0, {
    what: 'a reminder notification',
  });
  assert.deepEqual(notifications, { [`logout:${tabId}`]: true });
  assert.equal(await signinOf(tabId), null);
});

test('leaving a signed-in portal for another site brings a reminder; an unrecognised portal outside shared mode does not', async () => {
  // Outside shared mode: a portal recognised only from its page never brings one.
  let page = await browser.context.newPage();
  await page.goto(SURGERY);
  let tabId = await tabIdOf(sw, SURGERY);
  await waitForFindings(sw, tabId, (v) => v.portal?.kind === 'detected');
  await page.goto(SURGERY_ACCOUNT);
  await poll(() => signinOf(tabId), (s) => s?.signedIn === true, { what: 'the tab to seem signed in' });
  await page.goto(ARTICLE);
  await waitForFindings(sw, tabId, (v) => v.url === ARTICLE);
  await poll(() => signinOf(tabId), (s) => s === null, { what: 'the tab no longer followed' });
  await delay(300); // a reminder would follow the state's removal within milliseconds
  assert.deepEqual(await inWorker(() => chrome.notifications.getAll()), {});
  await page.close();

  await setSharedComputer(true);
  page = await browser.context.newPage();
  await page.goto(SURGERY);
  tabId = await tabIdOf(sw, SURGERY);
  await waitForFindings(sw, tabId, (v) => v.portal?.kind === 'detected');
  await page.goto(SURGERY_ACCOUNT);
  await waitForFindings(sw, tabId, (v) => v.url === SURGERY_ACCOUNT);
  await page.goto(ARTICLE);
  const notifications = await poll(() => inWorker(() => chrome.notifications.getAll()), (n) => Object.keys(n).length > 0, {
    what: 'a reminder notification',
  });
  assert.deepEqual(notifications, { [`logout:${tabId}`]: true });
  await page.close();
});

test('clean-up removes the portal’s cookies, storage and history', async () => {
  const page = await browser.context.newPage();
  await page.goto(SURGERY);
  const tabId = await tabIdOf(sw, SURGERY);
  await waitForFindings(sw, tabId, (v) => v.portal?.kind === 'detected');
  await page.goto(SURGERY_ACCOUNT);
  await waitForFindings(sw, tabId, (v) => v.url === SURGERY_ACCOUNT);
  assert.match(await page.evaluate(() => document.cookie), /rg_session=signed-in/);
  assert.equal(await page.evaluate(() => localStorage.getItem('rg_record')), 'seen');
  const history = () =>
    inWorker(async () => (await chrome.history.search({ text: 'records.mysurgery.test', startTime: 0 })).map((i) => i.url));
  assert.ok((await history()).length > 0, 'the visits are in the history');

  const reply = await sendFromPage({ type: 'clean-up', tabId });
  assert.deepEqual(reply, { ok: true, origins: ['https://records.mysurgery.test'] });

  assert.deepEqual(await history(), []);
  // A fresh look at the site, without the account page setting its cookie again.
  await page.goto(SURGERY);
  assert.equal(await page.evaluate(() => document.cookie), '');
  assert.equal(await page.evaluate(() => localStorage.getItem('rg_record')), null);
  await page.close();
});

test('clean-up of a tab that is not on a records portal does nothing', async () => {
  const page = await browser.context.newPage();
  await page.goto(ARTICLE);
  const tabId = await tabIdOf(sw, ARTICLE);
  await waitForFindings(sw, tabId, (v) => v.url === ARTICLE);
  assert.deepEqual(await sendFromPage({ type: 'clean-up', tabId }), { ok: false, origins: [], reason: 'not-a-portal' });
  await page.close();
});

test('turning shared-computer mode on keeps a records site recognised from its page: the re-check reads the page again, not just its address', async () => {
  const page = await browser.context.newPage();
  try {
    await page.goto(SURGERY);
    const tabId = await tabIdOf(sw, SURGERY);
    const key = `findings:${tabId}`;
    await poll(() => inWorker(async (k) => (await chrome.storage.session.get(k))[k] ?? null, key), (v) => v?.portal?.kind === 'detected', {
      what: 'the site recognised from its page',
    });
    // Every verdict stored for the tab from now on: what the popup would show, one after another.
    await inWorker((k) => {
      globalThis.__rgStored = [];
      chrome.storage.session.onChanged.addListener((changes) => {
        if (k in changes) globalThis.__rgStored.push(changes[k].newValue ?? null);
      });
    }, key);
    await setSharedComputer(true);
    const stored = await poll(() => inWorker(() => globalThis.__rgStored), (list) => list.some((v) => codes(v ?? { findings: [] }).includes('not-private')), {
      what: 'the shared-computer verdict',
    });
    await delay(500); // and whatever follows it
    const all = await inWorker(() => globalThis.__rgStored);
    assert.deepEqual(all.map((v) => v?.portal?.kind ?? null).filter((kind) => kind !== 'detected'), [], `portal in each stored verdict: ${JSON.stringify(all.map((v) => v?.portal?.kind ?? null))}`);
    assert.ok(stored.length > 0);
  } finally {
    await page.close();
  }
});
