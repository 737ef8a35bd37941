// Passwords as the person types them (docs/INTERNALS.md "Passwords"). Nothing here stores or logs a
// password: new-password values arrive for the strength check, are used and dropped; everything
// else is a fingerprint computed in the content script (PBKDF2-HMAC-SHA-256 under the install's
// salt, truncated), kept only for records passwords (and, opt-in, other sites').
import { assessPassword, checkReuse, rememberSignIn, rememberSite, strength, withFindings } from '../pkg/records_guard.js';
import { isPlainObject, serially, storedVerdict } from './common.js';
import { core } from './core.js';
import { currentSettings } from './managed.js';
import { addLateScript } from './page-scripts.js';
import { publishAgain } from './tabs.js';

const rg = globalThis.rg;

/** `storage.local`: the install's fingerprint key, and the fingerprints. */
const KEY = 'fingerprintKey';
const PRINTS = 'fingerprints';
/** `storage.session`: a tab's findings from typed passwords, `{ url, findings }`. */
const typedKey = (tabId) => `passwords:${tabId}`;
/** Findings that come from typed passwords, not from the page. */
const PASSWORD_CODES = new Set(['weak-password', 'similar-password', 'password-reuse']);

/** PBKDF2 rounds: one fingerprint takes ~2–3 ms in Chromium on a slow machine (README). */
export const ITERATIONS = 10_000;
export const FINGERPRINT_BITS = 37;
const SALT_BYTES = 16;

const storeSerially = serially('saving fingerprints');
// A page's password messages are handled in the order they came: a match that needs the stored
// prints must not finish after the "cleared" sent after it (a warning left behind).
const typedInOrder = serially('a typed password');

const toBase64 = (bytes) => btoa(String.fromCharCode(...bytes));

/** The install's salt and parameters, made on first use. */
async function fingerprintKey() {
  const { [KEY]: stored } = await rg.storage.local.get(KEY);
  if (isPlainObject(stored) && typeof stored.salt === 'string' && stored.iterations === ITERATIONS) return stored;
  const key = {
    salt: toBase64(crypto.getRandomValues(new Uint8Array(SALT_BYTES))),
    iterations: ITERATIONS,
    bits: FINGERPRINT_BITS,
  };
  // A new salt makes old fingerprints meaningless: drop them with it.
  await rg.storage.local.set({ [KEY]: key, [PRINTS]: { portals: [], sites: [] } });
  return key;
}

async function storedPrints() {
  const { [PRINTS]: prints } = await rg.storage.local.get(PRINTS);
  return isPlainObject(prints) ? prints : { portals: [], sites: [] };
}

/**
 * The tab's typed-password state `{ findings, matches }` (this page's, or empty) changed by
 * `change`, stored, and shown. `matches`: each typed field's reuse findings (setFieldReuse).
 */
async function updateTyped(tabId, url, change) {
  const key = typedKey(tabId);
  const { [key]: stored } = await rg.storage.session.get(key);
  const same = stored?.url === url;
  const current = { findings: same ? stored.findings : [], matches: same && isPlainObject(stored.matches) ? stored.matches : {} };
  await rg.storage.session.set({ [key]: { url, ...change(current) } });
  await publishAgain(tabId);
}

const replaced = (old, codes, findings) => [...old.filter((f) => !codes.includes(f.code)), ...findings];

/** Replace the tab's typed-password findings of `codes` with `findings`, and show the result. */
function setTypedFindings(tabId, url, codes, findings) {
  return updateTyped(tabId, url, ({ findings: old, matches }) => ({ findings: replaced(old, codes, findings), matches }));
}

/**
 * One typed field's reuse findings (`source`: its document or frame, and its number there). The
 * tab shows a reuse warning while any field holds a match: a field whose value changed takes only
 * its own away (a forum's "type it again" field, or another frame, leaves the first one's).
 */
function setFieldReuse(tabId, url, source, findings) {
  return updateTyped(tabId, url, ({ findings: old, matches: before }) => {
    const matches = { ...before };
    if (findings.length > 0) matches[source] = findings;
    else delete matches[source];
    return { findings: replaced(old, ['password-reuse'], Object.values(matches).at(-1) ?? []), matches };
  });
}

/**
 * The verdict with the tab's typed-password findings joined in (same page only); `publish` in
 * tabs.js calls this for every verdict it stores.
 */
export async function joinTyped(tabId, verdict) {
  await core();
  const key = typedKey(tabId);
  const { [key]: stored } = await rg.storage.session.get(key);
  const base = { ...verdict, findings: verdict.findings.filter((f) => !PASSWORD_CODES.has(f.code)) };
  // Always through the core, so the status follows when typed findings come or go.
  return withFindings(base, stored?.url === verdict.url ? stored.findings : []);
}

/** A tab's page changed or it closed: its typed-password findings go. */
export const forgetTyped = (tabId) => rg.storage.session.remove(typedKey(tabId));

/**
 * zxcvbn builds its ranked dictionaries on first use (~50 ms). When a page with a new-password
 * field has just been shown, do that once, after the current work, so the person's first
 * keystroke is rated at full speed. (An empty password returns early, so a short one is used.)
 */
let warmed = false;
export function warmStrength(verdict) {
  if (warmed || !verdict?.portal || !verdict.passwordFields?.some((f) => f.purpose === 'new')) return;
  warmed = true;
  setTimeout(() => core().then(() => strength('warm up 1', [])).catch(() => (warmed = false)), 0);
}

// ---- the handlers (the dispatcher checks senders and shapes)

/**
 * `password-setup` `{ webCrypto }` → what the content script needs to fingerprint: salt, rounds,
 * stored lengths. A page with no WebCrypto (`webCrypto: false`: an http page) gets pbkdf2.js first.
 */
export async function passwordSetup({ webCrypto }, sender) {
  const [{ salt, iterations, bits }, prints] = await Promise.all([
    fingerprintKey(),
    storedPrints(),
    webCrypto === false && addLateScript(sender, 'pbkdf2.js'),
  ]);
  const lengths = [...new Set(prints.portals.map((p) => p.length))];
  return { ok: true, salt, iterations, bits, lengths };
}

/**
 * `password-strength` `{ value, ownDetails, current, meter }` on a portal page → the meter's
 * reading. A page without the meter (`meter: false`, its first rating) gets meter.js first.
 */
export async function passwordStrength({ value, ownDetails, current, meter }, sender) {
  await core();
  const tabId = sender.tab.id;
  const verdict = await storedVerdict(tabId);
  if (!verdict?.portal || verdict.url !== sender.url) return { ok: false, reason: 'not-a-portal' };
  const result = assessPassword(value, ownDetails, current ?? undefined);
  await Promise.all([
    setTypedFindings(tabId, verdict.url, ['weak-password', 'similar-password'], result.findings),
    meter === true || addLateScript(sender, 'meter.js'),
  ]);
  const similar = result.findings.some((f) => f.code === 'similar-password');
  return { ok: true, strength: result.strength, weaknesses: result.weaknesses, similar };
}

/** `password-typed` `{ length, fingerprint | null }`: is this the records password on another site? */
export function passwordTyped(message, sender) {
  return typedInOrder(() => typed(message, sender));
}

async function typed({ field, length, fingerprint }, sender) {
  await core();
  const tabId = sender.tab.id;
  const verdict = await storedVerdict(tabId);
  // From a frame (its frame scripts): the warning is about the page the person is on, the tab's.
  const pageUrl = sender.frameId === 0 ? sender.url : sender.tab.url;
  if (!verdict || verdict.url !== pageUrl) return;
  const findings = fingerprint === null ? [] : checkReuse(verdict.portal, { length, fingerprint }, await storedPrints());
  await setFieldReuse(tabId, verdict.url, `${sender.documentId ?? sender.frameId}:${field}`, findings);
}

/** `password-submitted` `{ length, fingerprint, purpose }`: a sign-in or a new password was sent. */
export function passwordSubmitted(message, sender) {
  return typedInOrder(() => submitted(message, sender));
}

async function submitted({ length, fingerprint, purpose }, sender) {
  await core();
  const tabId = sender.tab.id;
  const [verdict, settings] = await Promise.all([storedVerdict(tabId), currentSettings()]);
  if (!verdict || verdict.url !== sender.url) return;
  const site = new URL(verdict.url).hostname;
  const typed = { length, fingerprint };
  if (verdict.portal && (purpose === 'sign-in' || purpose === 'new')) {
    const { findings } = await storeSerially(async () => {
      const signedIn = rememberSignIn(await storedPrints(), verdict.portal, typed, site);
      await rg.storage.local.set({ [PRINTS]: signedIn.prints });
      return signedIn;
    });
    if (settings.reuseReverse && findings.length > 0) {
      await setTypedFindings(tabId, verdict.url, ['password-reuse'], findings);
    }
  } else if (!verdict.portal && settings.reuseReverse) {
    await storeSerially(async () => {
      await rg.storage.local.set({ [PRINTS]: rememberSite(await storedPrints(), typed, site) });
    });
  }
}

/** `forget-fingerprints` (options page): every fingerprint and the salt go. */
export async function forgetFingerprints() {
  await storeSerially(() => rg.storage.local.remove([KEY, PRINTS]));
  return { ok: true };
}
