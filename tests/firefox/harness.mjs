// Helpers of the Firefox suite: Debian's firefox-esr driven through WebDriver by geckodriver and
// selenium-webdriver, with the shipped zip (dist/records-guard-firefox.zip) installed as a
// temporary add-on, every host sent to tests/e2e/server.mjs through proxy.mjs, and ways to read
// what the add-on did:
//
// - `ext(fn, ...args)` runs `fn` in one of the add-on's own pages (a second window showing
//   popup.html), where `browser.*` is available: storage.session findings, tab ids, the badge.
//   Navigating a WebDriver tab to a moz-extension: page needs geckodriver's
//   `--allow-system-access`; nothing else here uses the privileges it grants, except
//   `extensionMessages()`, which reads the browser console from the chrome context.
// - `popupText(tabId)` opens `popup.html?tabId=<id>` and returns what a person reads there.
// - `panelText()` reads the in-page warning: WebDriver's "get shadow root" in Firefox returns
//   closed shadow roots too.

import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Builder, By } from 'selenium-webdriver';
import firefox from 'selenium-webdriver/firefox.js';
import { Command } from 'selenium-webdriver/lib/command.js';
import { startServer, listCases } from '../e2e/server.mjs';
import { startProxy } from './proxy.mjs';
import { delay, FINDINGS_TIMEOUT_MS, poll } from '../e2e/poll.mjs';
export { FINDINGS_TIMEOUT_MS, poll };

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const REPO = path.resolve(HERE, '..', '..');
export const FIREFOX = process.env.RG_FIREFOX ?? '/usr/bin/firefox-esr';
export const ADDON = process.env.RG_FIREFOX_ADDON ?? path.join(REPO, 'dist', 'records-guard-firefox.zip');
/** The add-on's id, from the manifest that dist derives. */
export const ADDON_ID = 'records-guard@records-guard';

export { listCases };

/** How long to wait for something the extension promises "within about one second". */

/** The extension's English words, to check what a person reads. */
export const MESSAGES = JSON.parse(
  fs.readFileSync(path.join(REPO, 'extension', '_locales', 'en_GB', 'messages.json'), 'utf8'),
);
/**
 * A message as `i18n.getMessage(key, substitutions)` gives it: `$NAME$` placeholders replaced by
 * their `$1`, `$2`… substitutions.
 */
export function words(key, substitutions = []) {
  const entry = MESSAGES[key];
  if (typeof entry?.message !== 'string') throw new Error(`no message ${key} in _locales/en_GB`);
  return entry.message.replace(/\$([A-Za-z0-9_]+)\$/g, (_, name) => {
    const placeholder = Object.entries(entry.placeholders ?? {}).find(([k]) => k.toLowerCase() === name.toLowerCase());
    const content = placeholder?.[1]?.content ?? '';
    return content.replace(/\$(\d)/g, (__, n) => substitutions[Number(n) - 1] ?? '');
  });
}

/** geckodriver: RG_GECKODRIVER, else cargo's bin folder (where `cargo install` puts it), else PATH. */
export function geckodriverPath() {
  if (process.env.RG_GECKODRIVER) return process.env.RG_GECKODRIVER;
  const cargoHome = process.env.CARGO_HOME ?? path.join(os.homedir(), '.cargo');
  const installed = path.join(cargoHome, 'bin', 'geckodriver');
  return fs.existsSync(installed) ? installed : 'geckodriver';
}

/**
 * Preferences of the test profile (on top of geckodriver's own, which already switch off updates,
 * telemetry and first-run pages).
 */
function preferences(proxyPort, uuid) {
  return {
    // Every http and https request goes to the proxy, which forwards it to the test server.
    'network.proxy.type': 1,
    'network.proxy.http': '127.0.0.1',
    'network.proxy.http_port': proxyPort,
    'network.proxy.ssl': '127.0.0.1',
    'network.proxy.ssl_port': proxyPort,
    'network.proxy.no_proxies_on': '',
    // The suite's http:// pages stay http (HTTPS-First would upgrade them; real NHS hosts are on
    // the HSTS preload list).
    'dom.security.https_first': false,
    'dom.security.https_first_pbm': false,
    'dom.security.https_only_mode': false,
    'network.stricttransportsecurity.preloadlist': false,
    // A known moz-extension: host for the add-on (Firefox picks a random one per profile).
    'extensions.webextensions.uuids': JSON.stringify({ [ADDON_ID]: uuid }),
    // As a person's Firefox: it offers to save passwords (geckodriver turns that off).
    'signon.rememberSignons': true,
    // Less of Firefox's own background traffic (the proxy refuses the rest: FIREFOX_SERVICES).
    'network.captive-portal-service.enabled': false,
    'network.connectivity-service.enabled': false,
    'browser.safebrowsing.downloads.remote.enabled': false,
    'browser.region.network.url': '',
    'browser.newtabpage.enabled': false,
    'browser.startup.homepage': 'about:blank',
    'extensions.getAddons.cache.enabled': false,
    'app.normandy.enabled': false,
  };
}


/**
 * Installs the zip at `addon` as a temporary add-on, from where it is: Firefox reads a temporary
 * add-on's files from its zip for as long as it runs. Selenium's `installAddon` hands geckodriver
 * the zip's bytes instead, which geckodriver 0.37 writes to a file in the profile that is gone once
 * the add-on is installed: Firefox 140.10 then could not load any of the add-on's scripts into a
 * page ("Unable to load script"), though its background and pages, read already, ran on.
 */
function installTemporaryAddon(driver, addon) {
  return driver.execute(
    new Command('install addon').setParameter('path', path.resolve(addon)).setParameter('temporary', true),
  );
}

/** Collapse white space the way a reader sees it. */
export const squash = (s) => String(s ?? '').replace(/\s+/g, ' ').trim();

/**
 * Start the test server, the proxy and firefox-esr with the add-on installed temporarily.
 * @returns {Promise<Session>}
 */
export async function launchFirefox({ addon = ADDON, headless = true } = {}) {
  if (!fs.existsSync(addon)) {
    throw new Error(`no add-on at ${addon} (build it with \`cargo xtask dist\`, or set RG_FIREFOX_ADDON)`);
  }
  const server = await startServer();
  const proxy = await startProxy({ targetPort: server.port });
  const uuid = crypto.randomUUID();
  const options = new firefox.Options().setBinary(FIREFOX).setAcceptInsecureCerts(true);
  if (headless) options.addArguments('-headless');
  for (const [name, value] of Object.entries(preferences(proxy.port, uuid))) options.setPreference(name, value);
  const service = new firefox.ServiceBuilder(geckodriverPath()).addArguments('--allow-system-access');
  let driver;
  try {
    driver = await new Builder().forBrowser('firefox').setFirefoxOptions(options).setFirefoxService(service).build();
    const installed = await installTemporaryAddon(driver, addon);
    if (installed !== ADDON_ID) throw new Error(`installed add-on has id ${installed}, expected ${ADDON_ID}`);
  } catch (error) {
    await driver?.quit().catch(() => {});
    await Promise.all([proxy.close(), server.close()]);
    throw error;
  }
  const session = new Session(driver, server, proxy, uuid);
  await session.openProbe();
  return session;
}

export class Session {
  constructor(driver, server, proxy, uuid) {
    this.driver = driver;
    this.server = server;
    this.proxy = proxy;
    this.uuid = uuid;
    this.pageWindow = null;
    this.probeWindow = null;
    /** The page window's tab (one tab throughout) and the URL last opened in it. */
    this.tabId = undefined;
    this.url = undefined;
  }

  /** `moz-extension://<uuid>/<file>`. */
  extensionUrl(file) {
    return `moz-extension://${this.uuid}/${file}`;
  }

  /** The add-on's page used to read its state, in a window of its own next to the page window. */
  async openProbe() {
    this.pageWindow = await this.driver.getWindowHandle();
    await this.driver.switchTo().newWindow('window');
    this.probeWindow = await this.driver.getWindowHandle();
    await this.driver.get(this.extensionUrl('popup.html'));
    await this.driver.switchTo().window(this.pageWindow);
  }

  /**
   * Load `url` in the page window. From a clean slate unless `follow` is set: the tab first shows
   * about:blank, so its findings from an earlier page are gone; with `follow`, the tab goes
   * straight on from the page it shows, as when a person follows a link. Returns the tab's id
   * once the add-on has stored a verdict for `url`; `waitForFindings` then looks only at verdicts
   * for `url`.
   */
  async open(url, { follow = false } = {}) {
    await this.driver.switchTo().window(this.pageWindow);
    if (this.tabId !== undefined && !follow) {
      await this.driver.get('about:blank');
      await poll(() => this.findings(this.tabId), (value) => value === null, { what: 'the old findings to go' });
    }
    await this.driver.get(url);
    this.tabId ??= await this.tabIdOf(url);
    this.url = url;
    await this.waitForFindings(this.tabId, () => true, 'a verdict');
    return this.tabId;
  }

  /** Run `fn(...args)` (async, JSON in and out) in the add-on's page. */
  async ext(fn, ...args) {
    await this.driver.switchTo().window(this.probeWindow);
    try {
      const result = await this.driver.executeAsyncScript(
        `const done = arguments[arguments.length - 1];
         Promise.resolve()
           .then(() => (${fn}).apply(null, Array.prototype.slice.call(arguments, 0, -1)))
           .then((value) => done({ value: value === undefined ? null : value }),
                 (error) => done({ error: String(error && error.message || error) }));`,
        ...args,
      );
      if (result?.error) throw new Error(`in the add-on's page: ${result.error}`);
      return result?.value;
    } finally {
      await this.driver.switchTo().window(this.pageWindow);
    }
  }

  async tabIdOf(url) {
    const id = await poll(
      () => this.ext(async (u) => (await browser.tabs.query({})).find((tab) => tab.url === u)?.id ?? null, url),
      (value) => Number.isInteger(value),
      { what: `a tab showing ${url}` },
    );
    return id;
  }

  /**
   * Waits until passwords.js is in the tab's page: it comes with the person's first press, key,
   * focus or input (content.js asks the worker for it). A person takes longer to type a password
   * and press "Sign in" than it takes to come; WebDriver can be quicker.
   */
  waitForPasswordsScript(tabId) {
    return poll(
      () =>
        this.ext(async (id) => {
          const [first] = await browser.scripting.executeScript({ target: { tabId: id }, func: () => globalThis.rgPasswords === true });
          return first?.result === true;
        }, tabId),
      (here) => here,
      { what: 'passwords.js in the page' },
    );
  }

  /** `storage.session` `findings:<tabId>`, or null. */
  findings(tabId) {
    return this.ext(async (key) => (await browser.storage.session.get(key))[key] ?? null, `findings:${tabId}`);
  }

  /** Poll the tab's findings for the page last opened until `predicate` holds; returns them. */
  waitForFindings(tabId, predicate, what = 'findings to match') {
    return poll(() => this.findings(tabId), (value) => value?.url === this.url && predicate(value), {
      what: `findings:${tabId} of ${this.url}: ${what}`,
    });
  }

  /** The toolbar badge of a tab: `{ text, colour: '#rrggbb', title }`. */
  async badge(tabId) {
    const raw = await this.ext(async (id) => ({
      text: await browser.action.getBadgeText({ tabId: id }),
      colour: await browser.action.getBadgeBackgroundColor({ tabId: id }),
      title: await browser.action.getTitle({ tabId: id }),
    }), tabId);
    const hex = '#' + raw.colour.slice(0, 3).map((n) => Number(n).toString(16).padStart(2, '0')).join('');
    return { text: raw.text, colour: hex, title: raw.title };
  }

  /** Merge `patch` into `storage.local` `settings`, as the options page does. */
  updateSettings(patch) {
    return this.ext(async (changes) => {
      const { settings } = await browser.storage.local.get('settings');
      await browser.storage.local.set({ settings: { ...(settings ?? {}), ...changes } });
    }, patch);
  }

  /** What a person reads in `popup.html?tabId=<id>` once it shows `expected` (polled). */
  async popupText(tabId, expected) {
    await this.driver.switchTo().window(this.probeWindow);
    try {
      await this.driver.get(this.extensionUrl(`popup.html?tabId=${tabId}`));
      const body = await this.driver.findElement(By.css('body'));
      return await poll(async () => squash(await body.getText()), (text) => text.includes(expected), {
        what: `the popup to say "${expected}"`,
      });
    } finally {
      await this.driver.get(this.extensionUrl('popup.html'));
      await this.driver.switchTo().window(this.pageWindow);
    }
  }

  /**
   * The text of the in-page warning (`role="alert"` inside a shadow root on a child of <html> or
   * <body>), or null when there is none.
   */
  async panelText() {
    await this.driver.switchTo().window(this.pageWindow);
    for (const host of await this.driver.findElements(By.css('html > *, body > *'))) {
      let root;
      try {
        root = await host.getShadowRoot();
      } catch {
        continue; // no shadow root
      }
      const alerts = await root.findElements(By.css('[role="alert"]'));
      if (alerts.length > 0) return squash(await alerts[0].getText());
    }
    return null;
  }

  /** Poll the in-page warning until `accept(text)` holds. */
  waitForPanel(accept, what = 'the in-page warning') {
    return poll(() => this.panelText(), accept, { what });
  }

  /**
   * Console messages about the add-on: script errors from its files (background, pages, content
   * scripts) and Firefox's warnings about its manifest. Left out: Firefox's notes that a promise
   * settled after its page went away ("after context unloaded", "while context is inactive"),
   * which it logs for every message still on its way when a page navigates, handled or not.
   */
  async extensionMessages() {
    await this.driver.setContext(firefox.Context.CHROME);
    try {
      return await this.driver.executeScript(
        `const [base, id] = arguments;
         return Services.console.getMessageArray().flatMap((m) => {
           if (m instanceof Ci.nsIScriptError) {
             const error = !(m.flags & Ci.nsIScriptError.warningFlag) && !(m.flags & Ci.nsIScriptError.infoFlag);
             const unloaded = /after context unloaded|while context is inactive/.test(m.errorMessage);
             return error && !unloaded && m.sourceName.startsWith(base) ? [m.errorMessage + ' (' + m.sourceName + ':' + m.lineNumber + ')'] : [];
           }
           const text = String(m.message ?? '');
           return text.includes(id) && /Reading manifest|error/i.test(text) ? [text] : [];
         });`,
        this.extensionUrl(''),
        ADDON_ID,
      );
    } finally {
      await this.driver.setContext(firefox.Context.CONTENT);
    }
  }

  async close() {
    this.closing ??= (async () => {
      await this.driver.quit().catch(() => {});
      await Promise.all([this.proxy.close(), this.server.close()]);
    })();
    return this.closing;
  }
}
