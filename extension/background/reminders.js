// Log-out reminders. The guide: always log out when finished, and on a shared computer close the
// window. We cannot see whether a person is signed in, so each tab on a records portal is followed
// in `storage.session` `signin:<tabId>`:
//
//   { portal: {id, name, kind}, origins: [..], sawPassword, passwordUrl, signedIn }
//
// "Seemed signed in": the tab showed a password field on a portal page, then showed another page
// of the same portal (an origin this tab already had as a portal, or any recognised portal, as when
// NHS login hands over to the NHS App) without one. Where the content script sends the new page's
// snapshot, that decides; where it does not (a dashboard with no form on a portal only the page's
// sign-in form revealed), moving to a different address counts. A password field again (signed
// out, back at the sign-in page) resets it.
//
// When such a tab closes, or leaves for a site that is not the portal, a notification reminds the
// person to log out: in shared-computer mode whenever the tab seemed signed in or showed the
// sign-in form (a missed reminder costs more there than a spare one, and the words say "if you
// haven't already"); otherwise only when it seemed signed in to a recognised portal (`known` or
// `provider`, not one merely `detected` from the page). In shared-computer mode the browser going
// idle (10 minutes) or the screen locking brings the same reminder while a tab seems signed in.
import { originOf } from './common.js';
import { currentSettings } from './managed.js';

const rg = globalThis.rg;

export const SIGNIN_PREFIX = 'signin:';
export const signinKey = (tabId) => `${SIGNIN_PREFIX}${tabId}`;

/** Seconds without input before the browser counts as idle (`idle.setDetectionInterval`). */
export const IDLE_SECONDS = 600;
const MAX_TAB_ORIGINS = 20;
const NOTIFICATION_ICON = 'icons/icon-128.png';

const hasPasswordField = (snapshot) =>
  Array.isArray(snapshot?.forms) &&
  snapshot.forms.some(
    (form) => Array.isArray(form?.fields) && form.fields.some((f) => f?.type === 'password' && f.visible !== false),
  );

const RECOGNISED = new Set(['known', 'provider']);

function due(state, { sharedComputer }) {
  if (sharedComputer) return state.signedIn === true || state.sawPassword === true;
  return state.signedIn === true && RECOGNISED.has(state.portal?.kind);
}

const sameState = (a, b) => JSON.stringify(a) === JSON.stringify(b);

/**
 * After each check of a tab (in the tab's queue, so one at a time per tab). `verdict` is null when
 * the tab no longer shows a web page; `snapshot` is the page's for a page check. Returns the
 * portal the tab is on (also one known only from an earlier page of this tab), or null.
 */
export async function followTab(tab, verdict, snapshot, settings) {
  const key = signinKey(tab.id);
  const { [key]: state } = await rg.storage.session.get(key);
  const url = verdict?.url ?? tab.url;
  const origin = originOf(url);
  const onPortal = verdict != null && (verdict.portal != null || (state?.origins?.includes(origin) ?? false));
  if (!onPortal) {
    if (!state) return null;
    await rg.storage.session.remove(key);
    if (due(state, settings)) await remind(`logout:${tab.id}`, [state.portal?.name]);
    return null;
  }
  const origins = state?.origins ?? [];
  const next = {
    portal: verdict.portal ?? state.portal,
    origins: origins.includes(origin) || origins.length >= MAX_TAB_ORIGINS ? origins : [...origins, origin],
    sawPassword: state?.sawPassword ?? false,
    passwordUrl: state?.passwordUrl ?? null,
    signedIn: state?.signedIn ?? false,
  };
  if (snapshot ? hasPasswordField(snapshot) : false) {
    Object.assign(next, { sawPassword: true, passwordUrl: url, signedIn: false });
  } else if (next.sawPassword && (snapshot || url !== next.passwordUrl)) {
    next.signedIn = true;
  }
  if (!sameState(state, next)) await rg.storage.session.set({ [key]: next });
  return next.portal;
}

/** A tab has closed. */
export async function tabClosed(tabId, settings) {
  const key = signinKey(tabId);
  const { [key]: state } = await rg.storage.session.get(key);
  if (!state) return;
  await rg.storage.session.remove(key);
  if (due(state, settings)) await remind(`logout:${tabId}`, [state.portal?.name]);
}

/** The person has signed out of these origins (clean-up removed their cookies). */
export async function signedOut(origins) {
  const all = await rg.storage.session.get(null);
  const changes = {};
  for (const [key, state] of Object.entries(all)) {
    if (!key.startsWith(SIGNIN_PREFIX) || !state?.origins?.some((o) => origins.includes(o))) continue;
    changes[key] = { ...state, sawPassword: false, passwordUrl: null, signedIn: false };
  }
  if (Object.keys(changes).length > 0) await rg.storage.session.set(changes);
}

/** `idle.onStateChanged`: in shared-computer mode, remind while a tab seems signed in. */
export async function browserIdle(idleState) {
  if (idleState !== 'idle' && idleState !== 'locked') return;
  if (!(await currentSettings()).sharedComputer) return;
  const [all, tabs] = await Promise.all([rg.storage.session.get(null), rg.tabs.query({})]);
  const open = new Set(tabs.map((tab) => signinKey(tab.id)));
  const names = Object.entries(all)
    .filter(([key, state]) => open.has(key) && state?.signedIn === true)
    .map(([, state]) => state.portal?.name);
  if (names.length > 0) await remind('logout:idle', names);
}

/** Start idle detection (each time the worker starts; cheap). */
export function watchIdle(listener) {
  if (!rg.idle) return;
  rg.idle.setDetectionInterval(IDLE_SECONDS);
  rg.idle.onStateChanged.addListener(listener);
}

/** A calm, silent notification: "Log out of your records". */
async function remind(id, portalNames) {
  if (!rg.notifications) return;
  const names = [...new Set(portalNames.filter((name) => typeof name === 'string' && name !== ''))];
  const options = {
    type: 'basic',
    iconUrl: rg.runtime.getURL(NOTIFICATION_ICON),
    title: rg.i18n.getMessage('notification_logout_title'),
    message: names.length > 0
      ? rg.i18n.getMessage('notification_logout_message', [names.join(', ')])
      : rg.i18n.getMessage('notification_logout_message_unnamed'),
    priority: 0,
    silent: true,
  };
  try {
    await rg.notifications.create(id, options);
  } catch {
    const { silent, ...plain } = options; // browsers without `silent` (Firefox) reject it
    await rg.notifications.create(id, plain);
  }
}
