// The service worker: runs the Rust core on URLs and page snapshots, keeps each tab's findings in
// storage.session, sets the badge and tells the tab's content script what to show; on shared
// computers it also handles password saving, log-out reminders and clean-up.
// The browser may stop this worker at any moment: nothing lives only in memory except caches (the
// wasm instance, the effective settings, the per-tab work queues).
//
// This file only wires events to the modules in background/, at the top level so they wake the
// worker:
//   dispatcher.js  messages            tabs.js      checks, findings, badge
//   managed.js     settings + policy   privacy.js   password saving
//   reminders.js   log-out reminders   cleanup.js   "Finished? Clean up"
import './browser.js';
import './messages.js';
import { SETTINGS_KEY } from './settings.js';
import { onMessage, onPageScriptsAnswer } from './background/dispatcher.js';
import { isWebUrl } from './background/common.js';
import { whenFirstSnapshotRead } from './background/page-scripts.js';
import {
  addSensorsToOpenTabs,
  addSensorWhileLoading,
  checkAllTabs,
  checkTabUrl,
  closeTab,
  resendVerdict,
} from './background/tabs.js';
import { currentSettings, forgetSettings, onLatePolicy } from './background/managed.js';
import { onPasswordSavingChange, restoreWhenModeOff } from './background/privacy.js';
import { browserIdle, watchIdle } from './background/reminders.js';

const rg = globalThis.rg;

const recheckAll = (why) => checkAllTabs().catch((error) => console.error(`Records Guard: ${why} failed`, error));

rg.runtime.onMessage.addListener(onMessage);
whenFirstSnapshotRead(onPageScriptsAnswer);

// A page still loading after this long gets its sensor before its load event: the person may be
// signing in before a slow page's last picture arrives, and so long a load hides the few
// milliseconds the sensor's setup adds to it.
const SLOW_PAGE_MS = 1000;

const STARTED_KEY = 'started'; // storage.session: this browser session's worker has checked the open tabs

rg.tabs.onUpdated.addListener((tabId, change, tab) => {
  if (change.url || change.status === 'loading') checkTabUrl(tabId);
  // Only a web page hears a verdict or takes the sensor: the browser refuses scripts in about:blank
  // and its own pages, so a call into them would only fail.
  else if (change.status === 'complete' && isWebUrl(tab?.url)) resendVerdict(tabId);
  if (change.status === 'loading') setTimeout(() => addSensorWhileLoading(tabId), SLOW_PAGE_MS);
});

rg.tabs.onRemoved.addListener((tabId) => closeTab(tabId));

// The person's settings or the organisation's policy changed: give back what shared-computer
// mode changed when it is now off, and re-check every tab.
function settingsChanged() {
  currentSettings()
    .then(restoreWhenModeOff)
    .catch((error) => console.error('Records Guard: giving back password saving failed', error));
  recheckAll('re-check');
}

rg.storage.onChanged.addListener((changes, area) => {
  if (area !== 'managed' && !(area === 'local' && SETTINGS_KEY in changes)) return;
  forgetSettings({ managed: area === 'managed' });
  settingsChanged();
});
onLatePolicy(settingsChanged);

// The browser started or stopped offering to save passwords: the `password-saving` finding follows.
onPasswordSavingChange(() => recheckAll('re-check'));

watchIdle((idleState) =>
  browserIdle(idleState).catch((error) => console.error('Records Guard: idle reminder failed', error)),
);

function onStart() {
  // The default already, made explicit: content scripts never read storage.session.
  // Skipped where the browser has no setAccessLevel.
  Promise.resolve()
    .then(() => rg.storage.session.setAccessLevel?.({ accessLevel: 'TRUSTED_CONTEXTS' }))
    .catch(() => {});
}

rg.runtime.onStartup.addListener(onStart);
rg.runtime.onInstalled.addListener(onStart);

// A fresh start: the extension installed, updated or turned on again, or the browser started.
// storage.session is empty then, and the tabs already open were loaded without this worker hearing
// of them (turning the extension on again fires no event at all; a page whose load event came
// before the new worker was listening would never be checked): check them from their URLs, then,
// in each tab's queue after that check, tell or add the sensor as when a page loads, loaded or
// still loading. A worker the browser stopped and woke again finds the mark, and does nothing.
rg.storage.session
  .get(STARTED_KEY)
  .then(async (stored) => {
    if (stored[STARTED_KEY]) return;
    await rg.storage.session.set({ [STARTED_KEY]: true });
    recheckAll('first check');
    await addSensorsToOpenTabs();
  })
  .catch((error) => console.error('Records Guard: the first check of open tabs failed', error));
