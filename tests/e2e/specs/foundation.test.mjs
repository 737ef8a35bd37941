// Every case in tests/cases, end to end: the served page.html → the content script's snapshot →
// the core's verdict in storage.session → the badge and the in-page warning.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  badgeOf,
  bannerKey,
  findingsOf,
  fixtureHosts,
  launchBrowser,
  listCases,
  messagePattern,
  panelOf,
  poll,
  pressOnPanelDismiss,
  readCase,
  readLocale,
  screenshot,
  snapshotsSent,
  tabIdOf,
  tapSnapshots,
  waitForFindings,
  waitForNoPanel,
  waitForPanel,
} from '../harness.mjs';

/** The badge each status shows (INTERNALS.md, "Badge"); `none` has no text and any colour. */
const BADGE = {
  safe: { text: '✓', colour: '#00703c' },
  warning: { text: '!', colour: '#b45309' },
  danger: { text: '!', colour: '#b91c1c' },
  none: { text: '' },
};

/** How long a negative check ("no panel appears") watches for. */
const ABSENCE_WINDOW_MS = 600;

const cases = listCases().map(readCase);
const codesOf = (v) => v.findings.map((f) => f.code).sort();
const hasPasswordField = (snapshot) => snapshot.forms.some((f) => f.fields.some((x) => x.type === 'password'));
const dismissText = () => locale.panel_dismiss?.message;
const showsPanel = (expected) => expected.status === 'danger' || expected.status === 'warning';

let browser;
let locale;

before(async () => {
  browser = await launchBrowser();
  locale = readLocale(browser.dist);
  await tapSnapshots(browser.sw);
});

after(async () => {
  await browser?.close();
});

test('tests/cases has the foundation cases', () => {
  const names = cases.map((c) => c.name);
  for (const name of ['http-portal-login', 'https-portal-login', 'http-plain-article', 'http-shop-login']) {
    assert.ok(names.includes(name), `missing case ${name}`);
  }
});

for (const c of cases) {
  describe(c.name, () => {
    const url = c.url.href;
    const expectedCodes = [...c.expected.codes].sort();
    let page;
    let tabId;

    before(async () => {
      await tapSnapshots(browser.sw); // idempotent; re-adds the tap if the worker was restarted
      page = await browser.context.newPage();
      const response = await page.goto(url);
      assert.equal(response?.status(), 200, `the test server serves ${url}`);
      tabId = await tabIdOf(browser.sw, url);
    });

    after(async () => {
      await page?.close();
    });

    test('findings in storage.session match expected.json', async () => {
      const settled = (v) =>
        v.url === url && JSON.stringify(codesOf(v)) === JSON.stringify(expectedCodes) && v.status === c.expected.status;
      let verdict;
      try {
        verdict = await waitForFindings(browser.sw, tabId, settled);
      } catch {
        verdict = await findingsOf(browser.sw, tabId);
        assert.ok(verdict, `no findings:${tabId} stored within the timeout`);
      }
      assert.equal(verdict.url, url);
      assert.deepEqual(codesOf(verdict), expectedCodes, 'finding codes');
      assert.equal(verdict.status, c.expected.status, 'status');
      assert.deepEqual(verdict.portal, c.expected.portal, 'portal');
      for (const f of verdict.findings) {
        assert.match(f.severity, /^(info|warning|danger)$/, `severity of ${f.code}`);
      }
      const insecure = verdict.findings.find((f) => f.code === 'insecure-connection');
      if (insecure) {
        assert.equal(insecure.severity, 'danger');
        assert.equal(insecure.reason, c.expected.portal ? 'portal' : 'password-field', 'insecure-connection reason');
      }
    });

    test('badge shows the status', async () => {
      const want = BADGE[c.expected.status];
      const badge = await poll(() => badgeOf(browser.sw, tabId), (b) => b.text === want.text, {
        what: `badge text ${JSON.stringify(want.text)}`,
      }).catch(async () => badgeOf(browser.sw, tabId));
      assert.equal(badge.text, want.text, 'badge text');
      if (want.colour) assert.equal(badge.colour, want.colour, 'badge colour');
    });

    if (hasPasswordField(c.snapshot)) {
      test('the content script extracts snapshot.json from page.html', async () => {
        const sent = await poll(() => snapshotsSent(browser.sw, tabId), (list) => list.some((m) => m.snapshot?.url === url), {
          what: 'a snapshot message from the tab',
        });
        const got = sent.filter((m) => m.snapshot.url === url).at(-1);
        assert.equal(got.frameId, 0, 'sent by the top frame');
        const { text: gotText, ...gotRest } = got.snapshot;
        const { text: wantText, ...wantRest } = c.snapshot;
        assert.deepEqual(gotRest, wantRest, 'snapshot (all fields but text)');
        assert.equal(typeof gotText, 'string');
        assert.ok(gotText.length <= 2000, 'text sample within its cap');
        const h1 = /<h1[^>]*>([^<]+)<\/h1>/.exec(fs.readFileSync(path.join(c.dir, 'page.html'), 'utf8'))?.[1];
        assert.ok(wantText.includes(h1), 'snapshot.json text includes the h1');
        assert.ok(gotText.includes(h1), `text sample includes the h1: ${JSON.stringify(gotText)}`);
      });

      test('the first snapshot is read by the worker: no extension API runs in the page while it loads', async () => {
        const sent = await snapshotsSent(browser.sw, tabId);
        assert.equal(sent.find((m) => m.snapshot.url === url)?.via, 'read');
      });
    }

    if (showsPanel(c.expected)) {
      test('in-page warning: closed shadow root, role alert, localised title', async () => {
        const panel = await waitForPanel(page);
        assert.equal(panel.shadowType, 'closed', 'the panel lives in a closed shadow root');
        for (const code of expectedCodes) {
          assert.match(panel.text, messagePattern(locale, bannerKey(code, 'title')), `title of ${code}`);
        }
        await screenshot(page, `foundation-${c.name}`);
      });

      test('keyboard: Enter on the dismiss button removes the panel; the page stays usable', async () => {
        await waitForPanel(page);
        await pressOnPanelDismiss(page, 'Enter', dismissText());
        await waitForNoPanel(page);
        const email = page.locator('input[type=email]').first();
        await email.click();
        await page.keyboard.type('person@example.test');
        assert.equal(await email.inputValue(), 'person@example.test');
        const again = await panelOf(page);
        assert.ok(!(again.found && again.visible), 'a dismissed panel stays dismissed while the person types');
        // Dismissing hides the panel; it does not erase the finding.
        const verdict = await findingsOf(browser.sw, tabId);
        assert.deepEqual(codesOf(verdict), expectedCodes);
      });

      test('keyboard: Escape from the focused panel removes it', async () => {
        await page.goto(url);
        await waitForPanel(page);
        await pressOnPanelDismiss(page, 'Escape', dismissText());
        await waitForNoPanel(page);
      });

      test('the page is never blocked: its own button works while the panel is shown', async () => {
        await page.goto(url);
        await waitForPanel(page);
        const form = page.locator('form:has(input[type=password])');
        await form.locator('input[type=email]').fill('person@example.test');
        await form.locator('input[type=password]').fill('not-a-real-password');
        assert.ok((await panelOf(page)).visible, 'the panel is still shown before the click');
        const action = new URL(c.snapshot.forms.find((f) => f.fields.some((x) => x.type === 'password')).action);
        // Playwright's click refuses if another element (an overlay) would receive it.
        await Promise.all([
          page.waitForURL((u) => u.pathname === action.pathname, { timeout: 5_000 }),
          form.locator('[type=submit]').click({ timeout: 5_000 }),
        ]);
        assert.equal(await page.title(), 'Form received');
        assert.ok(
          browser.server.log.some((e) => e.method === 'POST' && e.host === c.url.hostname && e.path === action.pathname),
          'the form reached the server',
        );
      });
    } else {
      test('no in-page warning', async () => {
        await screenshot(page, `foundation-${c.name}`);
        const deadline = Date.now() + ABSENCE_WINDOW_MS;
        do {
          const panel = await panelOf(page);
          assert.ok(!(panel.found && panel.visible), `unexpected panel: ${panel.text}`);
        } while (Date.now() < deadline);
      });
    }
  });
}

test('closing a tab removes its findings', async () => {
  const url = 'http://access.login.nhs.uk/';
  const page = await browser.context.newPage();
  await page.goto(url);
  const tabId = await tabIdOf(browser.sw, url);
  await waitForFindings(browser.sw, tabId, (v) => v.url === url);
  await page.close();
  await poll(() => findingsOf(browser.sw, tabId), (v) => v === null, { what: `findings:${tabId} to be removed` });
});

test('the extension itself sent no request to any site', () => {
  const log = browser.server.log;
  const fromExtension = log.filter((e) =>
    [e.headers.origin, e.headers.referer].some((h) => typeof h === 'string' && h.startsWith('chrome-extension://')),
  );
  assert.deepEqual(fromExtension, [], 'requests with an extension origin or referrer');
  // Every request to a fixture host is one the pages themselves explain.
  const hosts = fixtureHosts();
  const pagePaths = new Set(cases.map((c) => `${c.url.hostname}${c.url.pathname}`));
  const unexplained = log.filter(
    (e) =>
      hosts.has(e.host) &&
      !(e.method === 'POST') &&
      !pagePaths.has(`${e.host}${e.path}`) &&
      !['/favicon.ico', '/style.css'].includes(e.path),
  );
  assert.deepEqual(unexplained.map((e) => `${e.method} ${e.scheme}://${e.host}${e.path}`), []);
});
