// The one message dispatcher: allow-listed types, each with the kind of sender it accepts, a
// bounded size, and a check of its body (also for the first snapshot, which the worker reads from
// the page scripts itself). Anything else is dropped and counted in
// `storage.session` `dropped` (logged once). Content-script messages get no reply; messages from
// the extension's own pages get one.
import { isPlainObject, isWebUrl } from './common.js';
import { cleanUp } from './cleanup.js';
import { currentSettings } from './managed.js';
import { setPasswordSaving } from './privacy.js';
import { checkSnapshot, wakePage, watchFrames } from './tabs.js';
import { addLateScript } from './page-scripts.js';
import {
  FINGERPRINT_BITS,
  forgetFingerprints,
  passwordSetup,
  passwordStrength,
  passwordSubmitted,
  passwordTyped,
} from './passwords.js';

const {
  SNAPSHOT,
  WAKE,
  FRAMES,
  PASSWORDS,
  PASSWORD_SAVING,
  CLEAN_UP,
  PASSWORD_SETUP,
  PASSWORD_STRENGTH,
  PASSWORD_TYPED,
  PASSWORD_SUBMITTED,
  FORGET_FINGERPRINTS,
  MAX_MESSAGE_BYTES,
  caps,
} = globalThis.RG_MESSAGES;
const rg = globalThis.rg;

const DROPPED_KEY = 'dropped';

/** Why `sender` is not a content script in a tab's top frame on a web page, or null. */
function notContentScript(sender) {
  if (!Number.isInteger(sender.tab?.id) || sender.frameId !== 0) return 'not from a top frame';
  if (!isWebUrl(sender.url)) return 'not from a content script'; // extension pages have tabs too
  return null;
}

/**
 * Why `sender` is not a content script in any frame of a tab showing a web page, or null. A frame's
 * own address may be a web page's or none (`about:srcdoc`, `about:blank`: written by its parent).
 */
function notContentScriptInAnyFrame(sender) {
  if (sender.frameId === 0) return notContentScript(sender);
  if (!Number.isInteger(sender.tab?.id) || !Number.isInteger(sender.frameId)) return 'not from a tab';
  if (!isWebUrl(sender.tab.url)) return 'not in a web page';
  return isWebUrl(sender.url) || /^about:(blank|srcdoc)$/i.test(String(sender.url)) ? null : 'not from a content script';
}

/** Why `sender` is not one of this extension's own pages, or null. */
function notExtensionPage(sender) {
  const base = rg.runtime.getURL('');
  return typeof sender.url === 'string' && sender.url.startsWith(base) ? null : 'not from an extension page';
}

const isShortText = (value, max) => typeof value === 'string' && value.length <= max;
const isCount = (value, max) => Number.isSafeInteger(value) && value >= 0 && value <= max;
const isFingerprint = (value) => isCount(value, 2 ** FINGERPRINT_BITS - 1);
const PURPOSES = new Set(['sign-in', 'new', 'confirm', 'current']);

/**
 * `sender`: the check of who may send it. `check(message)`: why the body is malformed, or null.
 * `run(message, sender)`: does the work; a page message's promise resolves to the reply.
 */
const HANDLERS = {
  [SNAPSHOT]: {
    sender: notContentScript,
    check({ snapshot }) {
      if (!isPlainObject(snapshot) || typeof snapshot.url !== 'string') return 'malformed snapshot';
      return isWebUrl(snapshot.url) ? null : 'not a web page';
    },
    run({ snapshot }, sender) {
      checkSnapshot(sender.tab.id, snapshot, countDropped);
    },
  },
  [WAKE]: {
    sender: notContentScript,
    check: () => null,
    run(message, sender) {
      wakePage(sender.tab.id, sender.documentId);
    },
  },
  [FRAMES]: {
    sender: notContentScriptInAnyFrame,
    check: () => null,
    run(message, sender) {
      watchFrames(sender.tab.id);
    },
  },
  [PASSWORDS]: {
    sender: notContentScript,
    check: () => null,
    run(message, sender) {
      addLateScript(sender, 'passwords.js');
    },
  },
  [PASSWORD_SAVING]: {
    sender: notExtensionPage,
    check: ({ allow }) => (typeof allow === 'boolean' ? null : 'malformed password-saving'),
    run: async (message) => setPasswordSaving(message, await currentSettings()),
  },
  [PASSWORD_SETUP]: {
    sender: notContentScriptInAnyFrame,
    check: ({ webCrypto }) =>
      webCrypto === undefined || typeof webCrypto === 'boolean' ? null : 'malformed password-setup',
    run: (message, sender) => passwordSetup(message, sender),
  },
  [PASSWORD_STRENGTH]: {
    sender: notContentScript,
    check({ value, ownDetails, current, meter }) {
      if (!isShortText(value, caps.PASSWORD_CHARS)) return 'malformed password-strength';
      if (meter !== undefined && typeof meter !== 'boolean') return 'malformed password-strength';
      if (!Array.isArray(ownDetails) || ownDetails.length > caps.OWN_DETAILS) return 'malformed own details';
      if (!ownDetails.every((d) => isShortText(d, caps.LABEL_CHARS))) return 'malformed own details';
      return current === null || isShortText(current, caps.PASSWORD_CHARS) ? null : 'malformed current password';
    },
    run: (message, sender) => passwordStrength(message, sender),
  },
  [PASSWORD_TYPED]: {
    sender: notContentScriptInAnyFrame,
    check: ({ field, length, fingerprint }) =>
      isCount(field, 2 ** 31) && isCount(length, caps.PASSWORD_CHARS) && (fingerprint === null || isFingerprint(fingerprint))
        ? null
        : 'malformed password-typed',
    run: (message, sender) => passwordTyped(message, sender),
  },
  [PASSWORD_SUBMITTED]: {
    sender: notContentScript,
    check: ({ length, fingerprint, purpose }) =>
      isCount(length, caps.PASSWORD_CHARS) && isFingerprint(fingerprint) && PURPOSES.has(purpose)
        ? null
        : 'malformed password-submitted',
    run: (message, sender) => passwordSubmitted(message, sender),
  },
  [FORGET_FINGERPRINTS]: {
    sender: notExtensionPage,
    check: () => null,
    run: () => forgetFingerprints(),
  },
  [CLEAN_UP]: {
    sender: notExtensionPage,
    check: ({ tabId }) => (Number.isSafeInteger(tabId) && tabId >= 0 ? null : 'malformed clean-up'),
    run: (message) => cleanUp(message),
  },
};

let warnedAboutDrops = false;
let dropWrites = Promise.resolve();

/** Count a dropped message (`storage.session` `dropped`); the first is logged. */
export function countDropped(reason) {
  if (!warnedAboutDrops) {
    warnedAboutDrops = true;
    console.warn('Records Guard: dropped a message:', reason);
  }
  dropWrites = dropWrites
    .then(async () => {
      const { [DROPPED_KEY]: dropped } = await rg.storage.session.get(DROPPED_KEY);
      const count = Number.isSafeInteger(dropped) ? dropped : 0;
      await rg.storage.session.set({ [DROPPED_KEY]: count + 1 });
    })
    .catch(() => {});
  return dropWrites;
}

function messageBytes(message) {
  const json = JSON.stringify(message);
  if (json === undefined) return Infinity;
  // Three bytes per UTF-16 unit is an upper bound; encode only when that bound is too big.
  return json.length * 3 <= MAX_MESSAGE_BYTES ? json.length : new TextEncoder().encode(json).length;
}

function rejection(message, sender) {
  if (sender?.id !== rg.runtime.id) return 'from another extension';
  if (!isPlainObject(message) || typeof message.type !== 'string') return 'malformed';
  if (!Object.hasOwn(HANDLERS, message.type)) return 'unknown type';
  if (messageBytes(message) > MAX_MESSAGE_BYTES) return 'too large';
  const handler = HANDLERS[message.type];
  return handler.sender(sender) ?? handler.check(message);
}

/**
 * A message the worker read from a tab's page scripts itself (their first snapshot, the value of an
 * `executeScript` call: background/page-scripts.js), checked and handled like one the tab's top
 * frame sent.
 */
export async function onPageScriptsAnswer(message, tabId) {
  const tab = await rg.tabs.get(tabId).catch(() => null);
  if (!tab) return; // the tab has gone
  onMessage(message, { id: rg.runtime.id, tab, frameId: 0, url: tab.url }, () => {});
}

/** `runtime.onMessage` listener. */
export function onMessage(message, sender, sendResponse) {
  let reply;
  try {
    const reason = rejection(message, sender);
    if (reason) {
      countDropped(reason);
      return false;
    }
    reply = HANDLERS[message.type].run(message, sender);
  } catch (error) {
    countDropped(`unreadable: ${error?.message}`);
    return false;
  }
  if (!(reply instanceof Promise)) return false; // no reply
  reply.then(sendResponse, (error) => {
    console.error(`Records Guard: ${message.type} failed`, error);
    sendResponse({ ok: false, reason: 'failed' });
  });
  return true; // the reply comes later
}
