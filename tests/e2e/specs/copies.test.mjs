// Copies and printouts (issue 6): on a records site, downloading the record brings a gentle
// reminder in the panel; an ordinary link does not.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launchBrowser, messagePattern, panelOf, poll, readLocale, screenshot, tabIdOf, waitForFindings } from '../harness.mjs';

const RECORDS = 'https://access.login.nhs.uk/records/';
let browser;
let locale;

before(async () => {
  browser = await launchBrowser();
  locale = readLocale(browser.dist);
});

after(async () => {
  await browser?.close();
});

test('downloading the record on a records site brings the reminder about copies', async () => {
  const page = await browser.context.newPage();
  await page.goto(RECORDS);
  const tabId = await tabIdOf(browser.sw, RECORDS);
  await waitForFindings(browser.sw, tabId, (v) => v.portal?.id === 'nhs-login');
  // Nothing wrong here: no panel until the person does something.
  assert.equal((await panelOf(page)).found, false);

  // An ordinary link: still nothing.
  await page.click('#medicines');
  await page.waitForLoadState();
  await waitForFindings(browser.sw, tabId, (v) => v.portal?.id === 'nhs-login');
  assert.equal((await panelOf(page)).found, false);

  const download = page.waitForEvent('download');
  await page.click('#download');
  await download;
  const panel = await poll(() => panelOf(page), (p) => p.found, { what: 'the reminder about copies' });
  assert.match(panel.text, messagePattern(locale, 'copies_reminder'));
  assert.match(panel.text, messagePattern(locale, 'panel_severity_info'));
  await screenshot(page, 'copies-reminder');
  await page.close();
});
