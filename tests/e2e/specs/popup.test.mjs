// The popup, opened as an ordinary extension page. A real popup reads the active tab; in a test the
// popup page is itself the active tab, so it is opened with `?tabId=<id>` naming the tab to show.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  launchBrowser,
  messagePattern,
  poll,
  readLocale,
  screenshot,
  squash,
  tabIdOf,
  waitForFindings,
} from '../harness.mjs';

let browser;
let locale;

before(async () => {
  browser = await launchBrowser();
  locale = readLocale(browser.dist);
});

after(async () => {
  await browser?.close();
});

/** Open a site page, wait for its findings, then open the popup for its tab. */
async function popupFor(url, settled) {
  const site = await browser.context.newPage();
  await site.goto(url);
  const tabId = await tabIdOf(browser.sw, url);
  const verdict = await waitForFindings(browser.sw, tabId, (v) => v.url === url && settled(v));
  const popup = await browser.context.newPage();
  await popup.setViewportSize({ width: 400, height: 600 });
  await popup.goto(`chrome-extension://${browser.extensionId}/popup.html?tabId=${tabId}`);
  return { site, popup, tabId, verdict };
}

const popupText = async (popup) => squash(await popup.locator('body').innerText());

/** The popup's words for a finding: `finding_<code with - → _>_<part>`. */
const findingKey = (code, part) => `finding_${code.replaceAll('-', '_')}_${part}`;

test('the popup shows the finding of the http portal page', async () => {
  const { popup, site } = await popupFor('http://access.login.nhs.uk/', (v) => v.status === 'danger');
  const title = messagePattern(locale, findingKey('insecure-connection', 'title'));
  const text = await poll(() => popupText(popup), (t) => title.test(t), { what: `popup text matching ${title}` });
  assert.match(text, title);
  await screenshot(popup, 'popup-http-portal-login');
  await popup.close();
  await site.close();
});

test('the popup of a plain article shows no insecure-connection warning', async () => {
  const { popup, site } = await popupFor('http://www.example-news.test/2025/11/library-extends-opening-hours/', (v) => v.status === 'none');
  // Wait until the popup shows the tab's status line, then check what else it says.
  const none = messagePattern(locale, 'status_none');
  const text = await poll(() => popupText(popup), (t) => none.test(t), { what: `popup text matching ${none}` });
  assert.doesNotMatch(text, messagePattern(locale, findingKey('insecure-connection', 'title')));
  assert.doesNotMatch(text, messagePattern(locale, 'status_danger'));
  await screenshot(popup, 'popup-http-plain-article');
  await popup.close();
  await site.close();
});
