// WCAG 2.2 AA in the extension's own pages: axe-core finds no A/AA violation in the popup (in its
// states), the settings page and the advice page at 360 px and 800 px; a keyboard-only walk
// through the popup; reflow at 320 px and at 200% zoom; reduced motion; forced colours.

import assert from 'node:assert/strict';
import { after, afterEach, before, test } from 'node:test';
import { launchBrowser, poll, screenshot } from '../harness.mjs';
import {
  WIDTHS,
  axeViolations,
  checkRows,
  openPage,
  overflowsSideways,
  popupFor,
  resetSettings,
  setSettings,
  storedSettings,
  waitForRows,
} from '../extension-pages.mjs';

let browser;

before(async () => {
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
});

afterEach(async () => {
  for (const page of browser.context.pages()) await page.close().catch(() => {});
  await resetSettings(browser);
});

const describe = (violations) =>
  violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.join('\n    ')}`).join('\n');

async function assertNoViolations(page, what) {
  const violations = await axeViolations(page);
  assert.deepEqual(violations, [], `${what}: WCAG 2.2 A/AA violations:\n${describe(violations)}`);
}

// ---- axe-core

for (const width of WIDTHS) {
  test(`axe: the popup in each state at ${width} px`, async () => {
    const secure = await popupFor(browser, 'https://access.login.nhs.uk/', (v) => v.status === 'safe', { width });
    await assertNoViolations(secure.popup, 'popup, secure portal');
    await secure.popup.locator('#clean-up').click();
    await assertNoViolations(secure.popup, 'popup, clean-up question');

    const lookalike = await popupFor(browser, 'https://nhs-login-verify.com/', (v) => v.status === 'danger', { width });
    await assertNoViolations(lookalike.popup, 'popup, lookalike');

    const detected = await popupFor(browser, 'https://records.mysurgery.test/', (v) => v.portal?.kind === 'detected', { width });
    await assertNoViolations(detected.popup, 'popup, unknown records site with the provider offer');

    await setSettings(browser, { sharedComputer: true });
    await waitForRows(secure.popup, (rows) => rows.some((r) => r.check === 'not-private'));
    await assertNoViolations(secure.popup, 'popup, shared-computer mode');
    await browser.sw.evaluate(() => chrome.storage.session.set({ policy: { applied: ['sharedComputer'], invalid: [] } }));
    await poll(() => secure.popup.locator('#shared-policy').isVisible(), (v) => v, { what: 'the policy note' });
    await assertNoViolations(secure.popup, 'popup, switch set by the organisation');
  });

  test(`axe: the settings page at ${width} px, with a provider, an error and the policy`, async () => {
    await setSettings(browser, { providers: ['records.mysurgery.test'], reuseReverse: true });
    await browser.sw.evaluate(() => chrome.storage.session.set({ policy: { applied: ['sharedComputer'], invalid: ['providers'] } }));
    const options = await openPage(browser, 'options.html', { width });
    await assertNoViolations(options, 'settings page');
    await options.locator('#provider-input').fill('my surgery');
    await options.locator('#add-provider button[type=submit]').click();
    await options.waitForSelector('#provider-error:not([hidden])');
    await assertNoViolations(options, 'settings page with an error');
    await screenshot(options, `options-${width}`);
  });

  test(`axe: the advice page at ${width} px`, async () => {
    const advice = await openPage(browser, 'advice.html?portal=nhs-login', { width });
    await assertNoViolations(advice, 'advice page');
    await screenshot(advice, `advice-${width}`);
  });
}

test('axe is wired up: it catches a problem put in on purpose', async () => {
  const advice = await openPage(browser, 'advice.html', { width: 800 });
  await advice.evaluate(() => document.querySelector('main').append(Object.assign(document.createElement('img'), { src: 'icons/icon-16.png' })));
  assert.ok((await axeViolations(advice)).some((v) => v.id === 'image-alt'));
});

// ---- keyboard only

/** Press Tab until focus comes back round; the ids (or tag and text) of what got focus. */
async function tabOrder(page, limit = 40) {
  await page.evaluate(() => document.activeElement?.blur());
  const order = [];
  for (let i = 0; i < limit; i += 1) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      const el = document.activeElement;
      if (!el || el === document.body) return null;
      const style = getComputedStyle(el);
      return {
        key: el.id || `${el.tagName.toLowerCase()}:${el.textContent.trim().slice(0, 30)}`,
        ring: style.boxShadow !== 'none' || (style.outlineStyle !== 'none' && style.outlineWidth !== '0px'),
      };
    });
    if (focused === null || order.some((f) => f.key === focused.key)) break;
    order.push(focused);
  }
  return order;
}

/** Every control a person could reach, in document order (visible and not disabled). */
const reachable = (page) =>
  page.$$eval('a[href], button, input, select, textarea, [tabindex]:not([tabindex="-1"])', (els) =>
    els
      .filter((el) => !el.disabled && el.getClientRects().length > 0)
      .map((el) => el.id || `${el.tagName.toLowerCase()}:${el.textContent.trim().slice(0, 30)}`));

/** Waits until `selector` has been visible for `ms` without a break. */
async function stablyVisible(page, selector, ms) {
  let since = null;
  await poll(
    async () => {
      const visible = await page.locator(selector).isVisible();
      since = visible ? (since ?? Date.now()) : null;
      return since !== null && Date.now() - since >= ms;
    },
    (done) => done,
    { what: `${selector} visible for ${ms} ms` },
  );
}

test('keyboard only: every popup control in order, each with a visible focus ring; Space, Enter, Escape work', async () => {
  const { popup } = await popupFor(browser, 'https://records.mysurgery.test/', (v) => v.portal?.kind === 'detected');
  const order = await tabOrder(popup);
  assert.deepEqual(order.map((f) => f.key), await reachable(popup), 'Tab visits every control in reading order');
  for (const f of order) assert.ok(f.ring, `${f.key} shows where the focus is`);
  assert.deepEqual(order.slice(0, 3).map((f) => f.key), ['add-provider', 'clean-up', 'shared']);

  // The shared-computer switch: Space turns it on and off.
  await popup.focus('#shared');
  await popup.keyboard.press('Space');
  await poll(() => popup.getAttribute('#shared', 'aria-checked'), (v) => v === 'true', { what: 'the switch on' });
  await poll(() => storedSettings(browser), (s) => s?.sharedComputer === true, { what: 'sharedComputer on' });
  await screenshot(popup, 'popup-keyboard-switch-focused');
  await popup.keyboard.press('Space');
  await poll(() => popup.getAttribute('#shared', 'aria-checked'), (v) => v === 'false', { what: 'the switch off' });
  await poll(() => storedSettings(browser), (s) => s?.sharedComputer === false, { what: 'sharedComputer off' });

  // Clean up: Enter opens the question (focus on it), Tab reaches both answers, Escape goes back.
  // (The re-check after each settings change reads the page again, so the button never goes.)
  await stablyVisible(popup, '#clean-up', 1_000);
  await popup.focus('#clean-up');
  await popup.keyboard.press('Enter');
  assert.equal(await popup.evaluate(() => document.activeElement.id), 'confirm-heading');
  await popup.keyboard.press('Tab');
  assert.equal(await popup.evaluate(() => document.activeElement.id), 'confirm-yes');
  await popup.keyboard.press('Tab');
  assert.equal(await popup.evaluate(() => document.activeElement.id), 'confirm-no');
  await popup.keyboard.press('Escape');
  assert.equal(await popup.locator('#confirm').isVisible(), false);
  assert.equal(await popup.evaluate(() => document.activeElement.id), 'clean-up');

  // "This is my record provider" with Enter.
  await popup.locator('#add-provider').waitFor({ state: 'visible' });
  await popup.focus('#add-provider');
  await popup.keyboard.press('Enter');
  await poll(() => storedSettings(browser), (s) => s?.providers?.includes('records.mysurgery.test'), { what: 'the provider saved' });

  // A help link with Enter opens the advice page at its section.
  await popup.focus('#link-sharing');
  const [advice] = await Promise.all([browser.context.waitForEvent('page'), popup.keyboard.press('Enter')]);
  await advice.waitForLoadState();
  assert.match(advice.url(), /\/advice\.html#sharing$/);
});

test('keyboard only: the settings page — add with Enter, errors said next to the box, remove with Enter', async () => {
  const options = await openPage(browser, 'options.html', { width: 360 });
  const order = await tabOrder(options);
  assert.deepEqual(order.map((f) => f.key), await reachable(options));
  for (const f of order) assert.ok(f.ring, `${f.key} shows where the focus is`);

  await options.focus('#shared');
  await options.keyboard.press('Space');
  await poll(() => storedSettings(browser), (s) => s?.sharedComputer === true, { what: 'sharedComputer on' });

  await options.focus('#provider-input');
  await options.keyboard.type('surgery');
  await options.keyboard.press('Enter');
  await options.waitForSelector('#provider-error:not([hidden])');
  assert.equal(await options.evaluate(() => document.activeElement.id), 'provider-input');
  assert.equal(await options.getAttribute('#provider-input', 'aria-invalid'), 'true');
  assert.match(await options.getAttribute('#provider-input', 'aria-describedby'), /provider-error/);

  await options.fill('#provider-input', 'records.mysurgery.test');
  await options.keyboard.press('Enter');
  await options.waitForSelector('#providers li');
  await options.focus('#providers li button');
  await options.keyboard.press('Enter');
  await poll(() => storedSettings(browser), (s) => s?.providers?.length === 0, { what: 'the provider removed' });
});

// ---- reflow, zoom, motion, forced colours

test('reflow: no sideways scrolling at 320 px, or at 200% zoom', async () => {
  await setSettings(browser, { providers: ['a-very-long-record-provider-name.records.mysurgery.test'] });
  for (const file of ['options.html', 'advice.html']) {
    const page = await openPage(browser, file, { width: 320 });
    assert.equal(await overflowsSideways(page), false, `${file} at 320 px`);
    await page.setViewportSize({ width: 720, height: 900 });
    await page.evaluate(() => (document.documentElement.style.zoom = '2'));
    assert.equal(await overflowsSideways(page), false, `${file} at 200% zoom of 720 px`);
    await page.close();
  }
  // The popup is 360 px wide; at 200% zoom it needs 720 px, within a browser popup's 800 px.
  const { popup } = await popupFor(browser, 'https://records.mysurgery.test/', (v) => v.portal !== null, { width: 800 });
  await popup.evaluate(() => (document.documentElement.style.zoom = '2'));
  assert.equal(await overflowsSideways(popup), false, 'popup at 200% zoom');
  // With CSS zoom, Chromium reports zoomed sizes.
  const width = await popup.evaluate(() => document.body.getBoundingClientRect().width);
  assert.ok(width >= 700, `the zoom applied (${width} px)`);
  assert.ok(width <= 800, `popup at 200% zoom is ${width} px wide`);
  await popup.evaluate(() => (document.documentElement.style.zoom = ''));
  await popup.setViewportSize({ width: 360, height: 640 });
  assert.equal(await overflowsSideways(popup), false, 'popup at 360 px');
});

test('reduced motion: no transitions; forced colours: icons and switch keep their shapes', async () => {
  const { popup } = await popupFor(browser, 'https://records.mysurgery.test/', (v) => v.portal !== null);
  await popup.emulateMedia({ reducedMotion: 'reduce' });
  const transition = await popup.$eval('.switch-knob', (el) => getComputedStyle(el).transitionDuration);
  assert.equal(transition, '0s');

  await popup.emulateMedia({ reducedMotion: 'no-preference', forcedColors: 'active' });
  const shapes = await popup.evaluate(() => ({
    icon: getComputedStyle(document.querySelector('#checks .icon')).borderTopStyle,
    iconColour: getComputedStyle(document.querySelector('#checks .icon')).borderTopColor,
    pill: getComputedStyle(document.querySelector('.switch-state')).borderTopStyle,
  }));
  assert.equal(shapes.icon, 'solid');
  assert.notEqual(shapes.iconColour, 'rgba(0, 0, 0, 0)');
  assert.equal(shapes.pill, 'solid');
  await popup.focus('#shared');
  await screenshot(popup, 'popup-forced-colours');
});

test('no meaning in colour alone: every row has a word for its state and a symbol', async () => {
  await setSettings(browser, { sharedComputer: true });
  const { popup } = await popupFor(browser, 'http://access.login.nhs.uk/', (v) => v.status === 'danger');
  const rows = await waitForRows(popup, (r) => r.length >= 3);
  const details = await popup.$$eval('#checks > li', (items) =>
    items.map((li) => ({ word: li.querySelector('.state')?.textContent.trim(), icon: li.querySelector('.icon')?.textContent.trim() })));
  assert.equal(details.length, rows.length);
  for (const d of details) {
    assert.ok(d.word && d.word.length > 1, 'a state word');
    assert.ok(['✓', '!', 'i'].includes(d.icon), 'a symbol');
  }
  assert.ok((await checkRows(popup)).every((r) => ['ok', 'info', 'warning', 'danger'].includes(r.state)));
});
