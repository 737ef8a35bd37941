// What the service worker adds to a tab's page (top frame; its frames only once the person goes
// into one), and how it talks to it:
// - the sensor (messages.js, sensor.js) to every web page once it has loaded, or a second into a
//   slow load: a content script declared in the manifest would make the browser set up its world
//   while the page loads, which delayed a plain page's load event by 4–6 ms (measured, Chromium
//   156); after the load it delays nothing the page waits for;
// - the page scripts, when the sensor saw a login field, or when the worker has something to tell
//   a page (a records site, a lookalike, a finding). Every other page only ever runs the sensor;
// - the frame scripts (the sensor again, and passwords.js) to the tab's frames, when the sensor
//   saw the person go into a frame: a sign-in form there is out of the page scripts' reach.
//
// No extension API runs in the page while it loads. An extension API's first use in a page's
// script world builds its bindings there, which cost a sign-in page about 1 ms of its main thread
// (measured, Chromium 156). So the worker reads what it needs as the value of its own
// `scripting.executeScript` calls: the sensor's first look (is there a login field?), and the page
// scripts' first snapshot; and it tells the page scripts its verdicts the same way. The page
// scripts send messages (`runtime.sendMessage`) only for later news: the page changed, or the
// person typed a password.
//
// The scripts' words go with the verdicts (tellPage), which are all that makes them show words: the
// worker reads each message the page scripts use once, with its substitution slots marked
// (RG_MESSAGES.SLOTS), because a content script's first i18n.getMessage costs the page
// milliseconds on its main thread.
const { SLOTS, RENDER } = globalThis.RG_MESSAGES;
const rg = globalThis.rg;

// browser.js, snapshot.js, panel.js and content.js start with V8's compile hint
// `//# allFunctionsCalledOnLoad`: nearly all their functions run on the first check, and compiling
// them with the file instead of one by one on first call took 11.8–13.9 → 7.8–9.5 ms of script time
// off a sign-in page (A/B, Chromium 156). Other engines read it as a comment. sensor.js and
// messages.js, on every page, stay lazy. Some scripts come later, when something needs them
// (addLateScript): passwords.js with the person's first press, key, focus or input on the page
// (content.js's `passwords`: on a sign-in page, added as the page loaded, it cost about 1 ms of
// script time, A/B, Chromium 156); the strength meter (meter.js) with a new password's first rating
// on a records site; pbkdf2.js, the fingerprint's hash in plain JavaScript, which only a page with
// no WebCrypto (an http page) needs, with the answer to its `password-setup`.
const SCRIPTS = ['browser.js', 'snapshot.js', 'panel.js', 'content.js'];
// The messages the page scripts use: the panel, its notes, the strength meter.
const PAGE_WORDS = /^(banner|panel|untick|copies|meter|strength)_/;

let words = null;

/** The page scripts' messages in the browser's language, slots marked, as JSON `{ name: text }`. */
async function pageWords() {
  if (words) return words;
  // The default locale's file has every message name; getMessage picks the person's language.
  const locale = rg.runtime.getManifest().default_locale;
  const response = await fetch(rg.runtime.getURL(`_locales/${locale}/messages.json`));
  const names = Object.keys(await response.json()).filter((name) => PAGE_WORDS.test(name));
  // One string, parsed in the page: a long object literal costs more to compile there.
  words = JSON.stringify(Object.fromEntries(names.map((name) => [name, rg.i18n.getMessage(name, SLOTS)])));
  return words;
}

const SENSOR = ['messages.js', 'sensor.js'];
// What a tab's frames get once the person has gone into one (the sensor's `frames`): the sensor,
// which in a frame only reports frames further in, and passwords.js, which there checks only for
// the records password. Not to more than MAX_FRAMES frames at a time: a page can make thousands.
const FRAME_SCRIPTS = ['messages.js', 'sensor.js', 'browser.js', 'passwords.js'];
const MAX_FRAMES = 50;

/** The tab's top frame, or the frame `frameId`; the document `documentId` when given (Chromium). */
const targetOf = (tabId, documentId, frameId = 0) =>
  typeof documentId === 'string' ? { tabId, documentIds: [documentId] } : { tabId, frameIds: [frameId] };

// The page each tab's sensor was last added to, where the browser names pages (Chromium's
// documentId). Each load in one of a page's frames makes its tab 'loading', then 'complete', on
// which the worker adds the sensor: a page whose frame reloads 20 times a second got both its
// files 20 times a second (run in the page, they cost it a few milliseconds of script time each
// second). A page that still has it is asked only whether it is there, by its documentId: the
// browser refuses that for a page that has gone, without running anything anywhere.
const sensorPages = new Map(); // tabId → documentId

/**
 * Adds the sensor to the tab's top frame (it runs once per page: a second copy returns at once).
 * Resolves `{ login, documentId }` (`login`: the page has a login field now, and has just had the
 * sensor added; `documentId` where the browser names the page), or null when the page cannot take
 * scripts (a browser page, an error page, one that has gone).
 */
export async function addSensor(tabId) {
  const known = sensorPages.get(tabId);
  if (known) {
    try {
      await rg.scripting.executeScript({ target: targetOf(tabId, known), injectImmediately: true, func: () => 0 });
      return { login: false, documentId: known }; // the same page: its sensor is watching it
    } catch {
      sensorPages.delete(tabId); // a new page in the tab
    }
  }
  try {
    const [first] = await rg.scripting.executeScript({ target: targetOf(tabId), injectImmediately: true, files: SENSOR });
    if (typeof first?.documentId === 'string') sensorPages.set(tabId, first.documentId);
    return { login: first?.result === 'login', documentId: first?.documentId };
  } catch {
    return null;
  }
}

/** The tab has closed: its page is forgotten. */
export function forgetSensor(tabId) {
  sensorPages.delete(tabId);
}

/**
 * Adds the page scripts to the tab's top frame (to `documentId` when given, so never to the page
 * after it) unless they are there already; `messages.js` too on a page without the sensor (the worker
 * has something to say before the page has loaded). `absent`: the caller knows they are not there
 * and `messages.js` is (the sensor's first look just said 'login'), so the page is not asked. Resolves
 * 'added' or 'present'; null when the page cannot take scripts (a browser page, an error page, a page
 * that has gone).
 */
export async function addPageScripts(tabId, documentId, { absent = false } = {}) {
  const target = targetOf(tabId, documentId);
  try {
    let files = SCRIPTS;
    if (!absent) {
      const [first] = await rg.scripting.executeScript({
        target,
        injectImmediately: true,
        func: () => (globalThis.rgPage ? 'present' : globalThis.RG_MESSAGES ? 'absent' : 'bare'),
      });
      if (first?.result === 'present') return 'present';
      if (first?.result !== 'absent' && first?.result !== 'bare') return null;
      // The sensor after them: on a page with the page scripts it only watches for frames.
      if (first.result === 'bare') files = ['messages.js', ...SCRIPTS, 'sensor.js'];
    }
    await rg.scripting.executeScript({ target, injectImmediately: true, files });
    return 'added';
  } catch {
    return null;
  }
}

/**
 * Adds a script that pages need only later, or only some of them (`passwords.js`, `meter.js`,
 * `pbkdf2.js`), to the frame that asked for what it serves: `sender`'s document where the browser
 * names it, else its frame.
 * Resolves once it is there, or the page cannot take it (it has gone).
 */
export async function addLateScript(sender, file) {
  try {
    const target = targetOf(sender.tab.id, sender.documentId, sender.frameId);
    await rg.scripting.executeScript({ target, injectImmediately: true, files: [file] });
  } catch {
    // the page has gone
  }
}

/**
 * Adds the frame scripts to each of the tab's frames that has none yet (at most MAX_FRAMES).
 * Resolves how many frames got them (0 when the tab has gone).
 */
export async function addFrameScripts(tabId) {
  try {
    const found = await rg.scripting.executeScript({
      target: { tabId, allFrames: true },
      injectImmediately: true,
      func: () => window !== window.top && !globalThis.rgPasswords,
    });
    const frameIds = found.filter((frame) => frame.result === true).map((frame) => frame.frameId).slice(0, MAX_FRAMES);
    // A call for each frame: one that has gone since fails alone.
    const added = await Promise.all(
      frameIds.map((frameId) =>
        rg.scripting
          .executeScript({ target: { tabId, frameIds: [frameId] }, injectImmediately: true, files: FRAME_SCRIPTS })
          .then(() => 1, () => 0),
      ),
    );
    return added.reduce((a, b) => a + b, 0);
  } catch {
    return 0; // the tab has gone, or its page cannot take scripts
  }
}

/**
 * Tells the page scripts in the tab's top frame `{ verdict, source }` (a `render` message, handed to
 * them by `executeScript`), with their words (the first one sets them). Resolves 'heard', 'absent'
 * (no page scripts there) or null (the page cannot take scripts, or has gone).
 */
export async function tellPage(tabId, verdict, source) {
  try {
    const [first] = await rg.scripting.executeScript({
      target: targetOf(tabId),
      injectImmediately: true,
      func: (message, pageWordsFromWorker) => {
        const page = globalThis.rgPage;
        if (!page) return 'absent';
        globalThis.rgWords ??= JSON.parse(pageWordsFromWorker);
        return page.hear(message);
      },
      args: [{ type: RENDER, verdict, source }, await pageWords()],
    });
    return first?.result === 'heard' || first?.result === 'absent' ? first.result : null;
  } catch {
    return null;
  }
}

let onFirstSnapshot = () => {};

/** Who handles a first snapshot read from a page: `(message, tabId) => void` (the dispatcher). */
export function whenFirstSnapshotRead(handler) {
  onFirstSnapshot = handler;
}

/**
 * Reads the first snapshot of page scripts just added: their `rgPage.firstSnapshot()` resolves with
 * the `snapshot` message they would otherwise send, as JSON text (see content.js on why), once the
 * page is ready for it (or null: nothing to send, sent already, or not within their wait). Not
 * awaited by the tab's queue: the answer is handed to `whenFirstSnapshotRead`'s handler when it
 * comes, as a message would be.
 */
export function readFirstSnapshot(tabId, documentId) {
  rg.scripting
    .executeScript({
      target: targetOf(tabId, documentId),
      injectImmediately: true,
      func: () => globalThis.rgPage?.firstSnapshot() ?? null,
    })
    .then(([first] = []) => {
      if (typeof first?.result === 'string') onFirstSnapshot(JSON.parse(first.result), tabId);
    })
    .catch(() => {}); // the page has gone
}
