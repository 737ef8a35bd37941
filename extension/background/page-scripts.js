// What the service worker adds to a tab's page (top frame only):
// - the sensor (messages.js, sensor.js) to every web page once it has loaded, or a second into a
//   slow load: a content script declared in the manifest would make the browser set up its world
//   while the page loads, which delayed a plain page's load event by 4–6 ms (measured, Chromium
//   156); after the load it delays nothing the page waits for;
// - the page scripts, when the sensor saw a login field, or when the worker has something to tell
//   a page (a records site, a lookalike, a finding). Every other page only ever runs the sensor.
//
// The scripts' words go with them: the worker reads each message the page scripts use once, with
// its substitution slots marked (RG_MESSAGES.SLOTS), because a content script's first
// i18n.getMessage costs the page milliseconds on its main thread.
const { SLOTS } = globalThis.RG_MESSAGES;
const rg = globalThis.rg;

// browser.js, snapshot.js, panel.js and content.js start with V8's compile hint
// `//# allFunctionsCalledOnLoad`: nearly all their functions run on the first check, and compiling
// them with the file instead of one by one on first call took 11.8–13.9 → 7.8–9.5 ms of script time
// off a sign-in page (A/B, Chromium 156). Other engines read it as a comment. meter.js and
// passwords.js stay lazy: on a sign-in page almost none of their functions run until the person
// types. So do sensor.js and messages.js, on every page.
const SCRIPTS = ['browser.js', 'snapshot.js', 'panel.js', 'content.js', 'meter.js', 'passwords.js'];
// The messages the page scripts use: the panel, its notes, the strength meter.
const PAGE_WORDS = /^(banner|panel|untick|copies|meter|strength)_/;

let words = null;

/** `{ name: text }` of the page scripts' messages in the browser's language, slots marked. */
async function pageWords() {
  if (words) return words;
  // The default locale's file has every message name; getMessage picks the person's language.
  const locale = rg.runtime.getManifest().default_locale;
  const response = await fetch(rg.runtime.getURL(`_locales/${locale}/messages.json`));
  const names = Object.keys(await response.json()).filter((name) => PAGE_WORDS.test(name));
  words = Object.fromEntries(names.map((name) => [name, rg.i18n.getMessage(name, SLOTS)]));
  return words;
}

const SENSOR = ['messages.js', 'sensor.js'];

/**
 * Adds the sensor to the tab's top frame (it runs once per page: a second copy returns at once).
 * Resolves false when the page cannot take scripts (a browser page, an error page, one that has
 * gone).
 */
export async function addSensor(tabId) {
  try {
    await rg.scripting.executeScript({ target: { tabId, frameIds: [0] }, injectImmediately: true, files: SENSOR });
    return true;
  } catch {
    return false;
  }
}

/**
 * Adds the page scripts to the tab's top frame (to `documentId` when given, so never to the page
 * after it) unless they are there already; `messages.js` too on a page without the sensor (the worker
 * has something to say before the page has loaded). Resolves true when they are there now; false when
 * the page cannot take scripts (a browser page, an error page, a page that has gone).
 */
export async function addPageScripts(tabId, documentId) {
  const target = typeof documentId === 'string' ? { tabId, documentIds: [documentId] } : { tabId, frameIds: [0] };
  try {
    const [first] = await rg.scripting.executeScript({
      target,
      injectImmediately: true,
      func: (pageWordsFromWorker) => {
        if (globalThis.rgPage) return 'present';
        globalThis.rgWords = pageWordsFromWorker;
        return globalThis.RG_MESSAGES ? 'absent' : 'bare';
      },
      args: [await pageWords()],
    });
    if (first?.result === 'present') return true;
    if (first?.result !== 'absent' && first?.result !== 'bare') return false;
    const files = first.result === 'bare' ? ['messages.js', ...SCRIPTS] : SCRIPTS;
    await rg.scripting.executeScript({ target, injectImmediately: true, files });
    return true;
  } catch {
    return false;
  }
}
