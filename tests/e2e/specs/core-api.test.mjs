// The core's JS API (dist/chromium/pkg/records_guard.js) as extension pages load it: imported in an
// extension page of the built extension (the service worker's module scope is not reachable from
// a test), with the extension's own CSP in force.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launchBrowser, listCases, readCase, readLocale } from '../harness.mjs';

let browser;
let page;
let locale;

/**
 * Call `records_guard.<name>(...args)` in the extension page; returns plain data. Initialises with
 * the wasm's URL given explicitly, so these tests do not depend on the default path (tested below).
 */
async function call(name, ...args) {
  return page.evaluate(
    async ({ name, args }) => {
      const core = await import('/pkg/records_guard.js');
      await core.default({ module_or_path: '/pkg/records_guard_bg.wasm' });
      return core[name](...args);
    },
    { name, args },
  );
}

before(async () => {
  browser = await launchBrowser();
  locale = readLocale(browser.dist);
  page = await browser.context.newPage();
  await page.goto(`chrome-extension://${browser.extensionId}/popup.html`);
});

after(async () => {
  await browser?.close();
});

const NHS_LOGIN = { id: 'nhs-login', name: 'NHS login', kind: 'known' };

function assertStrengthShape(r) {
  assert.deepEqual(Object.keys(r).sort(), ['guessesLog10', 'score', 'suggestions', 'warning']);
  assert.ok(Number.isInteger(r.score) && r.score >= 0 && r.score <= 4, `score ${r.score}`);
  assert.equal(typeof r.guessesLog10, 'number');
  assert.ok(Number.isFinite(r.guessesLog10) && r.guessesLog10 >= 0, `guessesLog10 ${r.guessesLog10}`);
  assert.equal(typeof r.warning, 'string');
  assert.ok(Array.isArray(r.suggestions) && r.suggestions.every((s) => typeof s === 'string'));
}

function assertVerdictShape(v) {
  assert.deepEqual(Object.keys(v).sort(), ['actions', 'detailFields', 'findings', 'passwordFields', 'portal', 'status', 'truncated', 'url']);
  assert.equal(typeof v.url, 'string');
  assert.equal(typeof v.truncated, 'boolean');
  assert.match(v.status, /^(safe|warning|danger|none)$/);
  if (v.portal !== null) {
    assert.deepEqual(Object.keys(v.portal).sort(), ['id', 'kind', 'name']);
    assert.match(v.portal.kind, /^(known|provider|detected)$/);
  }
  assert.ok(Array.isArray(v.findings));
  for (const f of v.findings) {
    assert.equal(typeof f.code, 'string');
    assert.match(f.severity, /^(info|warning|danger)$/);
  }
  // status follows from the findings (INTERNALS.md, "Verdict").
  const sev = v.findings.map((f) => f.severity);
  const want = sev.includes('danger') ? 'danger' : sev.includes('warning') ? 'warning' : v.portal ? 'safe' : 'none';
  assert.equal(v.status, want, 'status derived from findings and portal');
}

test('the module exports the documented API', async () => {
  const exported = await page.evaluate(async () => {
    const core = await import('/pkg/records_guard.js');
    return Object.fromEntries(['default', 'initSync', 'strength', 'checkUrl', 'analysePage', 'readSettings'].map((n) => [n, typeof core[n]]));
  });
  for (const [name, type] of Object.entries(exported)) assert.equal(type, 'function', name);
});

test('default() with no argument finds the wasm beside the bindings', async () => {
  // A fresh extension page, so no earlier initialisation hides a missing default path.
  const fresh = await browser.context.newPage();
  try {
    await fresh.goto(`chrome-extension://${browser.extensionId}/popup.html`);
    const score = await fresh.evaluate(async () => {
      const core = await import('/pkg/records_guard.js');
      await core.default();
      return core.strength('password', []).score;
    });
    assert.equal(score, 0);
  } finally {
    await fresh.close();
  }
});

test('strength: a long passphrase is strong', async () => {
  const r = await call('strength', 'MyDogLikesBiscuits!', []);
  assertStrengthShape(r);
  assert.ok(r.score >= 3, `score ${r.score}`);
  assert.ok(r.guessesLog10 > 10, `guessesLog10 ${r.guessesLog10}`);
});

test('strength: "password" scores 0 with a localised warning code', async () => {
  const r = await call('strength', 'password', []);
  assertStrengthShape(r);
  assert.equal(r.score, 0);
  assert.match(r.warning, /^[A-Za-z][A-Za-z0-9]*$/, 'warning is a code, not prose');
  assert.ok(locale[`strength_warning_${r.warning}`], `locale has strength_warning_${r.warning}`);
  for (const s of r.suggestions) {
    assert.match(s, /^[A-Za-z][A-Za-z0-9]*$/, 'suggestion is a code, not prose');
    assert.ok(locale[`strength_suggestion_${s}`], `locale has strength_suggestion_${s}`);
  }
});

test('strength: the person\'s own details lower the estimate; empty and very long inputs are fine', async () => {
  const alone = await call('strength', 'janesmith1984', []);
  const withDetails = await call('strength', 'janesmith1984', ['jane', 'smith', '1984']);
  assert.ok(withDetails.guessesLog10 < alone.guessesLog10, `${withDetails.guessesLog10} < ${alone.guessesLog10}`);
  const empty = await call('strength', '', []);
  assertStrengthShape(empty);
  assert.equal(empty.score, 0);
  const long = await call('strength', 'correct horse battery staple '.repeat(40), []);
  assertStrengthShape(long);
});

test('checkUrl: NHS login over http is an insecure connection to a known portal', async () => {
  const v = await call('checkUrl', 'http://login.nhs.uk/', {});
  assertVerdictShape(v);
  assert.deepEqual(v.portal, NHS_LOGIN);
  const f = v.findings.find((x) => x.code === 'insecure-connection');
  assert.ok(f, `insecure-connection in ${JSON.stringify(v.findings)}`);
  assert.equal(f.severity, 'danger');
  assert.equal(f.reason, 'portal');
  assert.equal(v.status, 'danger');
  assert.equal(v.truncated, false);
});

test('checkUrl: NHS login over https is safe; an ordinary http site is none', async () => {
  const safe = await call('checkUrl', 'https://access.login.nhs.uk/', {});
  assertVerdictShape(safe);
  assert.deepEqual(safe.portal, NHS_LOGIN);
  assert.deepEqual(safe.findings, []);
  assert.equal(safe.status, 'safe');

  const plain = await call('checkUrl', 'http://www.example-news.test/', {});
  assertVerdictShape(plain);
  assert.equal(plain.portal, null);
  assert.deepEqual(plain.findings, []);
  assert.equal(plain.status, 'none');
});

test('checkUrl: a provider the person added is a portal of kind "provider"', async () => {
  const v = await call('checkUrl', 'http://records.mysurgery.test/', { sharedComputer: false, providers: ['records.mysurgery.test'] });
  assertVerdictShape(v);
  assert.equal(v.portal?.kind, 'provider');
  assert.ok(v.findings.some((f) => f.code === 'insecure-connection' && f.severity === 'danger'));
});

test('analysePage: every tests/cases snapshot gives its expected.json (wasm layer)', async () => {
  for (const c of listCases().map(readCase)) {
    const v = await call('analysePage', c.snapshot, {});
    assertVerdictShape(v);
    assert.deepEqual(
      { portal: v.portal, codes: v.findings.map((f) => f.code).sort(), status: v.status },
      { portal: c.expected.portal, codes: [...c.expected.codes].sort(), status: c.expected.status },
      c.name,
    );
    assert.equal(v.url, c.snapshot.url, `${c.name}: url`);
  }
});

test('readSettings: defaults fill missing fields, wrong types are named', async () => {
  const empty = await call('readSettings', {});
  assert.equal(empty.settings.sharedComputer, false);
  assert.deepEqual(empty.settings.providers, []);
  assert.deepEqual(empty.invalid, []);

  const mixed = await call('readSettings', { sharedComputer: 'yes', providers: ['records.mysurgery.test'], futureField: 7 });
  assert.ok(mixed.invalid.includes('sharedComputer'), `invalid: ${JSON.stringify(mixed.invalid)}`);
  assert.equal(mixed.settings.sharedComputer, false, 'the wrong-typed field takes its default');
  assert.deepEqual(mixed.settings.providers, ['records.mysurgery.test'], 'valid fields still apply');
  // readSettings is the core's view; unknown fields are kept in storage by the merge-writes
  // (see options.test.mjs), not passed through the core.
  assert.equal(mixed.settings.futureField, undefined);

  const garbage = await call('readSettings', 'not an object');
  assert.equal(garbage.settings.sharedComputer, false);
  assert.deepEqual(garbage.settings.providers, []);
});
