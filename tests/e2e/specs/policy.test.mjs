// Policy set by an organisation (chrome.storage.managed, schema extension/managed-schema.json):
// the merge with the person's settings as a pure function, and the real thing — Chromium reading
// a policy file from /etc/chromium/policies/managed/ (root only; skipped otherwise).
//
// A policy names the extension by id. An unpacked extension's id comes from its folder's path
// (the first 128 bits of SHA-256 of the path, written with the letters a–p), so the real-policy
// test loads a copy of the extension from a folder of its own: the policy cannot reach the
// extension other specs load at the same time, and the shipped manifest needs no `key`.

import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { REPO, launchBrowser, poll, tabIdOf, waitForFindings } from '../harness.mjs';

const POLICY_DIR = '/etc/chromium/policies/managed';
const PORTAL = 'https://access.login.nhs.uk/';
const SURGERY = 'https://records.mysurgery.test/';
const codes = (verdict) => verdict.findings.map((f) => f.code).sort();

/** The id Chromium gives an unpacked extension loaded from `dir`. */
function unpackedId(dir) {
  const hex = crypto.createHash('sha256').update(dir).digest('hex').slice(0, 32);
  return [...hex].map((c) => String.fromCharCode(97 + parseInt(c, 16))).join('');
}

describe('applyPolicy (settings.js) with the core’s readSettings', () => {
  let browser;
  let page;

  before(async () => {
    browser = await launchBrowser();
    page = await browser.context.newPage();
    await page.goto(`chrome-extension://${browser.extensionId}/popup.html`);
  });

  after(async () => {
    await browser?.close();
  });

  /** applyPolicy(local, managed, readSettings(managed)) in an extension page. */
  const merge = (local, managed) =>
    page.evaluate(
      async ({ local, managed }) => {
        const core = await import('/pkg/records_guard.js');
        await core.default();
        const { applyPolicy } = await import('/settings.js');
        return applyPolicy(local, managed, core.readSettings(managed));
      },
      { local, managed },
    );

  const local = { sharedComputer: false, providers: ['mine.example'] };

  test('no policy: the person’s settings', async () => {
    assert.deepEqual(await merge(local, {}), { settings: local, policy: { applied: [], invalid: [] } });
  });

  test('valid fields take precedence, field by field', async () => {
    assert.deepEqual(await merge(local, { sharedComputer: true }), {
      settings: { sharedComputer: true, providers: ['mine.example'] },
      policy: { applied: ['sharedComputer'], invalid: [] },
    });
    assert.deepEqual(await merge(local, { sharedComputer: true, providers: ['Records.MySurgery.test', 'https://gp.example/x'] }), {
      settings: { sharedComputer: true, providers: ['records.mysurgery.test', 'gp.example'] },
      policy: { applied: ['sharedComputer', 'providers'], invalid: [] },
    });
    // An empty list is a value: the organisation's (empty) list replaces the person's.
    assert.deepEqual((await merge(local, { providers: [] })).settings.providers, []);
  });

  test('invalid fields are ignored on their own and named', async () => {
    assert.deepEqual(await merge(local, { sharedComputer: 'yes', providers: ['records.mysurgery.test'] }), {
      settings: { sharedComputer: false, providers: ['records.mysurgery.test'] },
      policy: { applied: ['providers'], invalid: ['sharedComputer'] },
    });
    assert.deepEqual(await merge(local, { sharedComputer: true, providers: ['gp.example', 'not a host'] }), {
      settings: { sharedComputer: true, providers: ['mine.example'] },
      policy: { applied: ['sharedComputer'], invalid: ['providers'] },
    });
    assert.deepEqual(await merge(local, { providers: 'gp.example' }), {
      settings: local,
      policy: { applied: [], invalid: ['providers'] },
    });
  });

  test('null and unknown fields are not policy', async () => {
    assert.deepEqual(await merge(local, { sharedComputer: null, colour: 'blue' }), {
      settings: local,
      policy: { applied: [], invalid: [] },
    });
  });
});

describe('a real policy file read by Chromium', () => {
  const isRoot = process.getuid?.() === 0;
  let browser;
  let dist;
  let policyFile;
  let createdDir;

  const writePolicy = (value) => {
    fs.writeFileSync(policyFile, JSON.stringify({ '3rdparty': { extensions: { [unpackedId(dist)]: value } } }));
  };
  const inWorker = (fn, arg) => browser.sw.evaluate(fn, arg);
  const sessionPolicy = () => inWorker(async () => (await chrome.storage.session.get('policy')).policy ?? null);

  before(async () => {
    if (!isRoot) return;
    dist = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'rg-policy-ext-')));
    fs.cpSync(path.resolve(process.env.RG_DIST ?? path.join(REPO, 'dist', 'chromium')), dist, { recursive: true });
    createdDir = fs.mkdirSync(POLICY_DIR, { recursive: true }); // the first folder made, if any
    policyFile = path.join(POLICY_DIR, `records-guard-e2e-${process.pid}.json`);
    // providers: strings (so the browser's own schema check keeps them), one not a host name.
    writePolicy({ sharedComputer: true, providers: ['records.mysurgery.test', 'not a host'] });
    browser = await launchBrowser({ dist });
  });

  after(async () => {
    await browser?.close();
    if (policyFile) fs.rmSync(policyFile, { force: true });
    // Leave /etc as it was: remove the folders this test made, if nothing else uses them now.
    for (let dir = POLICY_DIR; createdDir && dir.startsWith(createdDir); dir = path.dirname(dir)) {
      try {
        fs.rmdirSync(dir);
      } catch {
        break;
      }
    }
    if (dist) fs.rmSync(dist, { recursive: true, force: true });
  });

  test('policy fields apply; an invalid one is ignored and recorded; a changed policy applies without a restart', { skip: !isRoot && 'writing /etc/chromium/policies needs root' }, async () => {
    assert.equal(browser.extensionId, unpackedId(dist), 'the extension id the policy names');
    assert.deepEqual(await inWorker(() => chrome.storage.managed.get()), {
      sharedComputer: true,
      providers: ['records.mysurgery.test', 'not a host'],
    });

    // The person never switched shared-computer mode on; the organisation did.
    const page = await browser.context.newPage();
    await page.goto(PORTAL);
    const tabId = await tabIdOf(browser.sw, PORTAL);
    // Chromium reads the policy about two seconds after it starts; checks go ahead meanwhile and
    // are done again once it arrives.
    const verdict = await waitForFindings(browser.sw, tabId, (v) => v.url === PORTAL && codes(v).includes('not-private'));
    assert.equal(verdict.portal.id, 'nhs-login');
    assert.deepEqual(await sessionPolicy(), { applied: ['sharedComputer'], invalid: ['providers'] });

    // Password saving turned off in shared mode is given back when the policy stops setting it.
    const extensionPage = await browser.context.newPage();
    await extensionPage.goto(`chrome-extension://${browser.extensionId}/popup.html`);
    assert.deepEqual(await extensionPage.evaluate(() => chrome.runtime.sendMessage({ type: 'password-saving', allow: false })), {
      ok: true,
      value: false,
    });

    // Chromium re-reads the policy folder when it changes (after a few seconds).
    writePolicy({ providers: ['records.mysurgery.test'] });
    await poll(sessionPolicy, (p) => p?.applied?.join() === 'providers', { timeout: 20_000, what: 'the new policy' });
    assert.deepEqual(await sessionPolicy(), { applied: ['providers'], invalid: [] });
    const restored = await poll(
      () => inWorker(() => chrome.privacy.services.passwordSavingEnabled.get({})),
      (s) => s.levelOfControl === 'controllable_by_this_extension',
      { what: 'password saving given back' },
    );
    assert.equal(restored.value, true);
    const portal = await waitForFindings(browser.sw, tabId, (v) => !codes(v).includes('not-private'));
    assert.deepEqual(codes(portal), []);

    await page.goto(SURGERY);
    const surgeryTab = await tabIdOf(browser.sw, SURGERY);
    const surgery = await waitForFindings(browser.sw, surgeryTab, (v) => v.url === SURGERY && v.portal !== null);
    assert.deepEqual(surgery.portal, { id: 'records.mysurgery.test', name: 'records.mysurgery.test', kind: 'provider' });
    await extensionPage.close();
    await page.close();
  });
});
