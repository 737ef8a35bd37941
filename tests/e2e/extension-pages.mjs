// Helpers for the specs of the extension's own pages (popup, options, advice): open them, set
// settings and policy the way the service worker would see them, and run axe-core in them.

import fs from 'node:fs';
import { createRequire } from 'node:module';
import { delay, poll, squash, tabIdOf, waitForFindings } from './harness.mjs';

const require = createRequire(import.meta.url);

/** axe-core's source, injected with `page.evaluate` (the DevTools protocol is not bound by the
 * extension pages' CSP, so nothing test-only ships in the extension). */
const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** The WCAG 2.2 A and AA rules of axe-core (2.0, 2.1 and 2.2 levels A and AA). */
export const WCAG_AA_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** The two widths the pages must work at: a small phone-sized window (and 200% zoom of a
 * 720 px one), and an ordinary one. */
export const WIDTHS = [360, 800];

/**
 * Run axe-core in `page` with the WCAG 2.2 A/AA rules; returns the violations, each as
 * `{ id, impact, help, nodes: [html...] }`.
 */
export async function axeViolations(page) {
  const hasAxe = await page.evaluate(() => typeof globalThis.axe === 'object');
  if (!hasAxe) await page.evaluate(AXE_SOURCE);
  const result = await page.evaluate(
    (tags) => globalThis.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }),
    WCAG_AA_TAGS,
  );
  if (result.passes.length === 0) throw new Error('axe-core checked nothing: is the page empty?');
  return result.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    nodes: v.nodes.map((n) => `${n.html} — ${n.failureSummary}`),
  }));
}

/** Extension page URL. */
export const pageUrl = (browser, file) => `chrome-extension://${browser.extensionId}/${file}`;

/** Open an extension page at `width` px and wait until its script says it is ready. */
export async function openPage(browser, file, { width = 800, height = 900, page } = {}) {
  page ??= await browser.context.newPage();
  await page.setViewportSize({ width, height });
  await page.goto(pageUrl(browser, file));
  await page.waitForSelector('body[data-ready="true"]', { state: 'attached' });
  return page;
}

/**
 * Open a site page, wait until its stored findings match `settled`, then open the popup for its
 * tab (`popup.html?tabId=<id>`) at `width` px.
 */
export async function popupFor(browser, url, settled = () => true, { width = 360, height = 640 } = {}) {
  const site = await browser.context.newPage();
  await site.goto(url);
  const tabId = await tabIdOf(browser.sw, url);
  const verdict = await waitForFindings(browser.sw, tabId, (v) => v.url === url && settled(v));
  const popup = await openPage(browser, `popup.html?tabId=${tabId}`, { width, height });
  return { site, popup, tabId, verdict };
}

/** Write `storage.local` `settings` (merging into what is stored), as the options page does. */
export async function setSettings(browser, patch) {
  await browser.sw.evaluate(async (p) => {
    const { settings } = await chrome.storage.local.get('settings');
    await chrome.storage.local.set({ settings: { ...(settings ?? {}), ...p } });
  }, patch);
}

/** The stored `settings`. */
export const storedSettings = (browser) =>
  browser.sw.evaluate(async () => (await chrome.storage.local.get('settings')).settings ?? null);

/** Reset settings to the defaults (nothing stored) and clear the policy note. */
export async function resetSettings(browser) {
  await browser.sw.evaluate(async () => {
    await chrome.storage.local.remove(['settings', 'settingsNotice']);
    await chrome.storage.session.remove('policy');
  });
  await delay(100);
}

/** The popup's check rows: `[{ check, state, text }]` in order. */
export async function checkRows(popup) {
  return popup.$$eval('#checks > li', (items) =>
    items.map((li) => ({
      check: li.dataset.check,
      state: [...li.classList].find((c) => c !== 'check'),
      text: li.innerText.replace(/\s+/g, ' ').trim(),
    })),
  );
}

/** Poll the popup's rows until `accept(rows)` holds. */
export const waitForRows = (popup, accept, what = 'popup rows') =>
  poll(() => checkRows(popup), accept, { what });

/** Visible text of an element. */
export const textOf = async (page, selector) => squash(await page.locator(selector).innerText());

/** Whether the page scrolls sideways (a reflow failure). */
export const overflowsSideways = (page) =>
  page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth + 1);
