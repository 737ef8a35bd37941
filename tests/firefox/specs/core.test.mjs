// The core scenarios in Debian's firefox-esr, with the shipped zip installed as a temporary
// add-on: every shared case, an http portal, a lookalike, "remember me" (and what shared-computer
// mode does about it, including Firefox's password-saving setting), clean-up with Firefox's
// browsingData, password reuse, and no errors from the add-on in the browser console.

import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { By, Key } from 'selenium-webdriver';
import { launchFirefox, listCases, poll, words } from '../harness.mjs';

/** @type {import('../harness.mjs').Session} */
let ff;

before(async () => {
  ff = await launchFirefox();
});

after(async () => {
  await ff?.close();
});

const codesOf = (verdict) => verdict.findings.map((finding) => finding.code).sort();
const findingOf = (verdict, code) => verdict.findings.find((finding) => finding.code === code);

test('the add-on runs from the shipped zip with its Firefox manifest', async () => {
  const manifest = await ff.ext(() => browser.runtime.getManifest());
  assert.equal(manifest.manifest_version, 3);
  assert.deepEqual(manifest.background.scripts, [ff.extensionUrl('background.js')]); // as Firefox resolves it
  assert.equal(manifest.background.type, 'module');
  assert.deepEqual(manifest.browser_specific_settings.gecko.data_collection_permissions.required, ['none']);
  // The background page answers: storage.session holds findings for a page it checked.
  const tabId = await ff.open('https://access.login.nhs.uk/');
  const verdict = await ff.waitForFindings(tabId, (v) => v.portal?.id === 'nhs-login');
  assert.equal(verdict.status, 'safe');
});

test("the worker's reads of the page come back as the values of its executeScript, promises too", async () => {
  // The worker reads the sensor's first look and the page scripts' first snapshot this way, the
  // snapshot as a promise that resolves after the page's next frame (background/page-scripts.js).
  const tabId = await ff.open('https://access.login.nhs.uk/');
  const results = await ff.ext(async (id) => {
    const [first] = await browser.scripting.executeScript({
      target: { tabId: id, frameIds: [0] },
      func: () => new Promise((resolve) => setTimeout(() => resolve({ later: typeof globalThis.rgPage?.firstSnapshot }), 50)),
    });
    return first.result;
  }, tabId);
  assert.deepEqual(results, { later: 'function' });
});

describe('shared cases (tests/cases): the stored findings of the real tab', () => {
  for (const { name, dir, url } of listCases()) {
    const expected = JSON.parse(fs.readFileSync(path.join(dir, 'expected.json'), 'utf8'));
    test(name, async () => {
      const tabId = await ff.open(url.href);
      const matches = (v) =>
        v.status === expected.status &&
        JSON.stringify(codesOf(v)) === JSON.stringify([...expected.codes].sort());
      const verdict = await ff.waitForFindings(tabId, matches, `status ${expected.status}, codes ${expected.codes}`);
      assert.deepEqual(verdict.portal, expected.portal);
    });
  }
});

test('an http portal: insecure-connection, a red badge, the in-page warning and the popup', async () => {
  const tabId = await ff.open('http://access.login.nhs.uk/');
  const verdict = await ff.waitForFindings(tabId, (v) => findingOf(v, 'insecure-connection') !== undefined);
  assert.equal(verdict.status, 'danger');
  assert.equal(verdict.portal.id, 'nhs-login');
  assert.equal(findingOf(verdict, 'insecure-connection').reason, 'portal');

  const badge = await ff.badge(tabId);
  assert.equal(badge.text, '!');
  assert.equal(badge.colour, '#b91c1c');

  const panel = await ff.waitForPanel((text) => text?.includes(words('banner_insecure_connection_title')));
  assert.ok(panel.includes(words('banner_insecure_connection_body').slice(0, 40)), panel);

  const popup = await ff.popupText(tabId, words('finding_insecure_connection_title'));
  assert.ok(popup.includes('NHS login'), popup);
});

test("a page whose Content-Security-Policy allows no inline style: the warning keeps its own look", async () => {
  await ff.open('http://access.login.nhs.uk/strict-csp/');
  await ff.waitForPanel((text) => text?.includes(words('banner_insecure_connection_title')));
  // The panel's stylesheet (a <style> in its shadow root) places the host at the top right.
  const position = await ff.driver.executeScript(
    "const host = document.querySelector('[data-records-guard]'); return host && getComputedStyle(host).position;",
  );
  assert.equal(position, 'fixed');
});

test('a lookalike of NHS login: lookalike-domain, the warning names the real service', async () => {
  const tabId = await ff.open('https://nhs-login-verify.com/');
  const verdict = await ff.waitForFindings(tabId, (v) => findingOf(v, 'lookalike-domain') !== undefined);
  assert.equal(verdict.status, 'danger');
  assert.equal(verdict.portal, null);
  assert.equal(findingOf(verdict, 'lookalike-domain').imitates.id, 'nhs-login');
  assert.equal((await ff.badge(tabId)).text, '!');

  await ff.waitForPanel((text) => text?.includes(words('banner_lookalike_domain_title', ['NHS login'])));
  await ff.popupText(tabId, words('finding_lookalike_domain_title'));
});

describe('remember me on a surgery sign-in page', () => {
  const url = 'https://records.mysurgery.test/';

  test('found, and followed when the person ticks it', async () => {
    const tabId = await ff.open(url);
    const verdict = await ff.waitForFindings(tabId, (v) => findingOf(v, 'remember-me') !== undefined);
    assert.equal(verdict.portal?.kind, 'detected');
    assert.equal(verdict.status, 'warning');
    assert.equal(findingOf(verdict, 'remember-me').checked, false);
    await ff.waitForPanel((text) => text?.includes(words('banner_remember_me_title')));

    await ff.driver.findElement(By.id('remember')).click();
    await ff.waitForFindings(tabId, (v) => findingOf(v, 'remember-me')?.checked === true, 'remember-me ticked');
  });

  test('shared-computer mode unticks it and reports Firefox offering to save passwords', async () => {
    try {
      const tabId = await ff.open(url);
      await ff.waitForFindings(tabId, (v) => findingOf(v, 'remember-me') !== undefined);
      await ff.driver.findElement(By.id('remember')).click();
      assert.equal(await ff.driver.findElement(By.id('remember')).isSelected(), true);

      await ff.updateSettings({ sharedComputer: true });
      const box = ff.driver.findElement(By.id('remember'));
      await poll(() => box.isSelected(), (selected) => selected === false, { what: 'the box to be unticked' });
      // Firefox's "Ask to save passwords" is on in this profile: privacy.services.passwordSavingEnabled.
      const verdict = await ff.waitForFindings(tabId, (v) => findingOf(v, 'password-saving') !== undefined);
      assert.ok(codesOf(verdict).includes('not-private'), JSON.stringify(verdict));
    } finally {
      await ff.updateSettings({ sharedComputer: false });
    }
  });
});

test("password saving: the popup's message switches Firefox's setting off and gives it back", async () => {
  const saving = () => ff.ext(async () => (await browser.privacy.services.passwordSavingEnabled.get({})).value);
  const ask = (allow) => ff.ext((a) => browser.runtime.sendMessage({ type: 'password-saving', allow: a }), allow);
  assert.equal(await saving(), true);
  try {
    await ff.updateSettings({ sharedComputer: true });
    const tabId = await ff.open('https://records.mysurgery.test/');
    await ff.waitForFindings(tabId, (v) => findingOf(v, 'password-saving') !== undefined);

    assert.deepEqual(await ask(false), { ok: true, value: false });
    assert.equal(await saving(), false);
    await ff.waitForFindings(tabId, (v) => findingOf(v, 'password-saving') === undefined, 'no password-saving');

    assert.deepEqual(await ask(true), { ok: true, value: true });
    assert.equal(await saving(), true);
  } finally {
    await ff.updateSettings({ sharedComputer: false });
  }
});

test('clean-up removes the portal\'s cookie, local storage and history with Firefox\'s browsingData', async () => {
  const signIn = 'https://records.mysurgery.test/';
  const record = 'https://records.mysurgery.test/account/';
  const pageState = () =>
    ff.driver.executeScript('return { cookie: document.cookie, stored: localStorage.getItem("rg_record") }');

  const tabId = await ff.open(signIn);
  await ff.waitForFindings(tabId, (v) => v.portal?.kind === 'detected');
  await ff.open(record, { follow: true }); // sets the rg_session cookie and an item in local storage
  assert.deepEqual(await pageState(), { cookie: 'rg_session=signed-in', stored: 'seen' });
  const visited = () =>
    ff.ext(async () => (await browser.history.search({ text: 'records.mysurgery.test', startTime: 0 })).length);
  assert.ok((await visited()) > 0);

  const reply = await ff.ext((id) => browser.runtime.sendMessage({ type: 'clean-up', tabId: id }), tabId);
  assert.deepEqual(reply, { ok: true, origins: ['https://records.mysurgery.test'] });
  assert.equal(await visited(), 0);

  await ff.driver.get('about:blank');
  await ff.open(signIn); // a page of the same site that sets nothing
  assert.deepEqual(await pageState(), { cookie: '', stored: null });
});

test('a new password on a records site: weak-password, and the meter comes with the first rating', async () => {
  const register = 'https://access.login.nhs.uk/register/';
  const tabId = await ff.open(register);
  await ff.waitForFindings(tabId, (v) => v.passwordFields?.some((f) => f.purpose === 'new'), 'the new-password field');
  const meterState = () =>
    ff.ext(async (id) => {
      const [first] = await browser.scripting.executeScript({
        target: { tabId: id, frameIds: [0] },
        func: () => ({ script: globalThis.rgMeter !== undefined, shown: document.querySelector('[data-records-guard-meter]') !== null }),
      });
      return first.result;
    }, tabId);
  assert.deepEqual(await meterState(), { script: false, shown: false }, 'no meter before a new password is typed');
  await ff.driver.findElement(By.id('new-password')).sendKeys('qwerty12');
  await ff.waitForFindings(tabId, (v) => findingOf(v, 'weak-password') !== undefined, 'weak-password');
  await poll(meterState, (state) => state.script && state.shown, { what: 'the meter beside the field' });
});

describe('password reuse', () => {
  const RECORDS_PASSWORD = 'Purple-Kettle-Harbour-42';
  const OTHER_PASSWORD = 'Slug-Tractor-Mango-77';

  test('the records password typed on another site warns before the form is sent', async () => {
    // Sign in to NHS login: the add-on keeps a fingerprint of the password.
    const signIn = await ff.open('https://access.login.nhs.uk/');
    await ff.waitForFindings(signIn, (v) => v.passwordFields?.length > 0, 'the password field');
    await ff.driver.findElement(By.id('email')).sendKeys('margaret@example.test');
    await ff.driver.findElement(By.id('password')).sendKeys(RECORDS_PASSWORD);
    await ff.waitForPasswordsScript(signIn);
    await ff.driver.findElement(By.id('continue')).click();
    const prints = await poll(
      () => ff.ext(async () => (await browser.storage.local.get('fingerprints')).fingerprints ?? null),
      (value) => value?.portals?.length === 1,
      { what: 'a stored fingerprint' },
    );
    assert.equal(prints.portals[0].length, RECORDS_PASSWORD.length);

    // On a forum: the same password raises password-reuse while it is typed.
    const forum = 'https://forum.example.test/login/';
    const tabId = await ff.open(forum);
    await ff.waitForFindings(tabId, (v) => v.passwordFields?.length > 0, 'the password field');
    await ff.driver.findElement(By.id('user')).sendKeys('margaret');
    await ff.driver.findElement(By.id('pass')).sendKeys(RECORDS_PASSWORD);
    const verdict = await ff.waitForFindings(tabId, (v) => findingOf(v, 'password-reuse') !== undefined);
    assert.equal(verdict.status, 'danger');
    assert.equal(findingOf(verdict, 'password-reuse').service, 'NHS login');
    await ff.waitForPanel((text) => text?.includes(words('banner_password_reuse_title')));
    const posts = ff.server.log.filter((entry) => entry.host === 'forum.example.test' && entry.method === 'POST');
    assert.deepEqual(posts, [], 'warned before anything was sent');

    // A different password: the warning goes.
    await ff.driver.findElement(By.id('pass')).clear();
    await ff.driver.findElement(By.id('pass')).sendKeys(OTHER_PASSWORD);
    await ff.waitForFindings(tabId, (v) => findingOf(v, 'password-reuse') === undefined, 'no password-reuse');
  });

  test('on an http site too, with no WebCrypto there (the page is no secure context)', async () => {
    const forum = 'http://forum.example.test/login/';
    const tabId = await ff.open(forum);
    await ff.waitForFindings(tabId, (v) => v.passwordFields?.length > 0, 'the password field');
    assert.equal(await ff.driver.executeScript('return window.isSecureContext'), false);
    await ff.driver.findElement(By.id('pass')).sendKeys(RECORDS_PASSWORD);
    const verdict = await ff.waitForFindings(tabId, (v) => findingOf(v, 'password-reuse') !== undefined);
    assert.equal(findingOf(verdict, 'password-reuse').service, 'NHS login');
    await ff.driver.findElement(By.id('pass')).clear();
    await ff.driver.findElement(By.id('pass')).sendKeys(OTHER_PASSWORD);
    await ff.waitForFindings(tabId, (v) => findingOf(v, 'password-reuse') === undefined, 'no password-reuse');
  });

  test("in a web component's sign-in form (inside an open shadow root) too", async () => {
    const forum = 'https://forum.example.test/shadow/';
    const tabId = await ff.open(forum);
    const host = await ff.driver.findElement(By.css('forum-login'));
    const field = await (await host.getShadowRoot()).findElement(By.css('#pass'));
    await field.sendKeys(RECORDS_PASSWORD);
    const verdict = await ff.waitForFindings(tabId, (v) => findingOf(v, 'password-reuse') !== undefined);
    assert.equal(findingOf(verdict, 'password-reuse').service, 'NHS login');
  });

  test('in a text field drawn as a password field (-webkit-text-security) too', async () => {
    const forum = 'https://forum.example.test/masked/';
    const tabId = await ff.open(forum);
    const field = await ff.driver.findElement(By.id('pass'));
    await field.click();
    await field.sendKeys(RECORDS_PASSWORD);
    const verdict = await ff.waitForFindings(tabId, (v) => findingOf(v, 'password-reuse') !== undefined);
    assert.equal(findingOf(verdict, 'password-reuse').service, 'NHS login');
  });

  test("a page's own guess in the field, or one swapped in for the person's key, gets no warning", async () => {
    const url = 'https://hostile.test/guesses.html';
    const tabId = await ff.open(url);
    await ff.waitForFindings(tabId, (v) => v.passwordFields?.length > 0, 'the password field');
    // The guess put in the field, and the form changed so that the page is read again.
    await ff.driver.executeScript('window.guess(arguments[0])', RECORDS_PASSWORD);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    assert.equal(findingOf(await ff.findings(tabId), 'password-reuse'), undefined, 'a guess the page put there');
    // The person presses a key; the page's first listener swaps its guess in.
    await ff.driver.executeScript('window.candidate = arguments[0]', RECORDS_PASSWORD);
    const field = await ff.driver.findElement(By.id('pass'));
    await field.clear();
    await field.sendKeys('x');
    assert.equal(await field.getAttribute('value'), RECORDS_PASSWORD, 'the page swapped its guess in');
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    assert.equal(findingOf(await ff.findings(tabId), 'password-reuse'), undefined, 'a guess swapped in');
    // The person types the records password: the warning.
    await ff.driver.executeScript('window.candidate = null');
    await field.clear();
    await field.sendKeys(RECORDS_PASSWORD);
    await ff.waitForFindings(tabId, (v) => findingOf(v, 'password-reuse') !== undefined);
  });

  test('in a sign-in form inside a closed shadow root too', async () => {
    const forum = 'https://forum.example.test/closed/';
    const tabId = await ff.open(forum);
    // With the keyboard: nothing outside the page's own script reaches into a closed shadow root.
    await ff.driver.actions().sendKeys(Key.TAB, 'margaret', Key.TAB).perform();
    await ff.driver.actions().sendKeys(RECORDS_PASSWORD).perform();
    const verdict = await ff.waitForFindings(tabId, (v) => findingOf(v, 'password-reuse') !== undefined);
    assert.equal(findingOf(verdict, 'password-reuse').service, 'NHS login');
  });

  // Another site's sign-in form in a frame, and one a frame further in: going into the frame
  // brings the frame scripts there.
  for (const [what, forum, frames] of [
    ["another site's frame", 'https://forum.example.test/framed/', ['club']],
    ['a frame inside it', 'https://forum.example.test/framed/nested.html', ['club', 'inner']],
    // No WebCrypto in the frame: the worker adds pbkdf2.js to that frame (by its frameId here).
    ['an http frame', 'http://forum.example.test/framed/http.html', ['club']],
  ]) {
    test(`in a sign-in form in ${what} too`, async () => {
      const tabId = await ff.open(forum);
      for (const id of frames) await ff.driver.switchTo().frame(await ff.driver.findElement(By.id(id)));
      const field = await ff.driver.findElement(By.id('pass'));
      await field.click();
      await field.sendKeys(RECORDS_PASSWORD);
      await ff.driver.switchTo().defaultContent();
      const verdict = await ff.waitForFindings(tabId, (v) => findingOf(v, 'password-reuse') !== undefined);
      assert.equal(findingOf(verdict, 'password-reuse').service, 'NHS login');
      await ff.waitForPanel((text) => text?.includes(words('banner_password_reuse_title')));
    });
  }

  test('no storage area holds the password, a piece of it, or its plain hashes', async () => {
    const dump = await ff.ext(async () =>
      JSON.stringify([await browser.storage.local.get(null), await browser.storage.session.get(null)]),
    );
    assert.ok(dump.includes('fingerprints'), 'the fingerprints are there to inspect');
    for (const password of [RECORDS_PASSWORD, OTHER_PASSWORD]) {
      for (let i = 0; i + 6 <= password.length; i++) {
        assert.ok(!dump.includes(password.slice(i, i + 6)), `a piece of a password: ${password.slice(i, i + 6)}`);
      }
      for (const algorithm of ['sha1', 'sha256']) {
        const hash = crypto.createHash(algorithm).update(password);
        const [hex, base64] = [hash.copy().digest('hex'), hash.digest('base64')];
        assert.ok(!dump.toLowerCase().includes(hex) && !dump.includes(base64), `${algorithm} of a password`);
      }
    }
  });
});

test('no errors from the add-on in the browser console, and no manifest warnings', async () => {
  assert.deepEqual(await ff.extensionMessages(), []);
});

test('the add-on itself contacted no site: every request was for a page the suite opened', () => {
  const opened = new Set(['access.login.nhs.uk', 'nhs-login-verify.com', 'records.mysurgery.test', 'forum.example.test']);
  opened.add('widget.example.test'); // the forum's framed sign-in form
  opened.add('hostile.test'); // the page that guesses
  for (const { url } of listCases()) opened.add(url.hostname);
  const others = ff.server.log.filter((entry) => !opened.has(entry.host)).map((e) => `${e.scheme}://${e.host}${e.path}`);
  assert.deepEqual(others, []);
});
