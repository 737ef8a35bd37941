// The content script's cheap check between snapshots compares the page's watched controls: its
// first 50 login fields and boxes, whether each is shown, and how many of each there are (snapshot.js
// `watched`). The first snapshot's walk finds them on its way; later checks read them by queries.
// Both must give what the selectors (RG_MESSAGES.LOGIN_FIELD and the boxes remember.rs counts) give,
// or the first change on a page would send a snapshot that tells the worker nothing new.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { delay, inContentScript, launchBrowser, poll, snapshotsSent, tabIdOf, tapSnapshots } from '../harness.mjs';

const URL = 'https://forum.example.test/controls/';

let browser;

before(async () => {
  browser = await launchBrowser();
  await tapSnapshots(browser.sw);
});

after(async () => {
  await browser?.close();
});

async function open() {
  const page = await browser.context.newPage();
  await page.goto(URL);
  const tabId = await tabIdOf(browser.sw, URL);
  await poll(() => snapshotsSent(browser.sw, tabId), (sent) => sent.length > 0, { what: 'the first snapshot' });
  return { page, tabId };
}

/** The watched controls as the walk, the queries and the selectors find them, elements by id. */
function watchedThreeWays(page) {
  return inContentScript(page, () => {
    const { caps, LOGIN_FIELD } = globalThis.RG_MESSAGES;
    const { rgSnapshot } = globalThis;
    const named = (parts) => parts.map((part) => (typeof part === 'object' && part !== null ? part.id : part));
    const parts = [];
    const logins = document.querySelectorAll(LOGIN_FIELD);
    for (let i = 0; i < logins.length && i < 50; i++) parts.push(logins[i], rgSnapshot.isShown(logins[i]));
    const boxes = document.querySelectorAll('input[type=checkbox], [role=checkbox], [role=switch]');
    for (let i = 0; i < boxes.length && i < 50; i++) parts.push(boxes[i], rgSnapshot.isShown(boxes[i]));
    parts.push(logins.length, boxes.length);
    return {
      walk: named(rgSnapshot.build(document, caps).watched),
      queries: named(rgSnapshot.watched(document)),
      selectors: named(parts),
    };
  });
}

test('the first snapshot’s walk and the later queries find the watched controls the selectors find', async () => {
  const { page } = await open();
  const found = await watchedThreeWays(page);
  assert.deepEqual(found.walk, found.selectors, 'the walk');
  assert.deepEqual(found.queries, found.selectors, 'the queries');
  // What the selectors find on this page, so that the comparison is not between empty lists.
  const ids = found.selectors.filter((part) => typeof part === 'string');
  assert.deepEqual(ids.slice(0, 5), ['old', 'new', 'code', 'code-tab', 'switch-password'], 'the login fields, in document order');
  assert.deepEqual(
    ids.slice(5, 12),
    ['hidden-box', 'switch-password', 'box-upper', 'box-switch', 'aria-box', 'aria-switch', 'select-box'],
    'the boxes, in document order (a password field with a switch role is both)',
  );
  assert.deepEqual(found.selectors.slice(-2), [5, 67], 'all the login fields and boxes counted, though only the first 50 boxes are listed');
  assert.equal(ids.length, 5 + 50);
  for (const id of ['not-code', 'not-code-nbsp', 'not-a-box', 'radio', 'shadow-box']) assert.ok(!ids.includes(id), `${id} is not watched`);
  const shown = Object.fromEntries(found.selectors.flatMap((part, i, all) => (typeof part === 'string' ? [[part, all[i + 1]]] : [])));
  assert.equal(shown.new, true);
  assert.equal(shown['hidden-box'], false, 'a hidden input is not shown');
  assert.equal(shown['topic-0'], false, 'a box in a hidden label is not shown');
  await page.close();
});

test('after the first snapshot, a change to no watched control sends none, and a box shown sends one', async () => {
  const { page, tabId } = await open();
  const count = async () => (await snapshotsSent(browser.sw, tabId)).length;
  await delay(1000); // the page's own first checks are over
  const first = await count();
  // A change the observer sees (an element added, a class changed) that leaves the watched controls
  // as they were: the check runs and finds the same signature.
  await page.evaluate(() => {
    document.querySelector('h1').insertAdjacentHTML('afterend', '<p id="news">Seed swap on Saturday.</p>');
    document.getElementById('news').className = 'news';
  });
  await delay(1500);
  assert.equal(await count(), first, 'no snapshot for a change to no watched control');
  // A hidden box shown: the signature changes, and a snapshot goes.
  await page.evaluate(() => document.getElementById('topic-0').closest('label').classList.remove('gone'));
  await poll(count, (n) => n > first, { what: 'a snapshot after a box was shown' });
  await page.close();
});
