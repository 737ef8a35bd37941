// The sensor: what the service worker adds to every web page once it has loaded (top frame, with
// messages.js; docs/INTERNALS.md "Wiring"). Most pages have nothing for us to do, so it costs them
// next to nothing: one querySelector, and again when the page adds elements or changes an input's
// type. Its first look is the script's value, which the worker's executeScript gets back: 'login'
// when the page has a login field (the worker then adds the page scripts, content.js and the rest),
// so no extension API runs in the page for it. A login field that appears later, or one inside an
// open shadow root that the person focuses, is reported with a `wake` message, once; then it
// stops. The worker also adds the page scripts itself to a page it has something to say about (a
// records site, a lookalike, a finding), with or without a login field.
(() => {
  'use strict';

  const CHECK_DELAY_MS = 250;
  const { WAKE, LOGIN_FIELD } = globalThis.RG_MESSAGES;
  if (globalThis.rgPage || globalThis.rgSensor) return undefined; // the page scripts, or a sensor, are here
  globalThis.rgSensor = true;

  // Read through the prototypes: a page can hide document members behind named elements.
  const querySelector = Document.prototype.querySelector;
  const hasLoginField = () => Reflect.apply(querySelector, document, [LOGIN_FIELD]) !== null;
  const { addEventListener, removeEventListener } = EventTarget.prototype;
  const activeElement = Object.getOwnPropertyDescriptor(Document.prototype, 'activeElement').get;
  const FOCUS_OPTIONS = { capture: true, passive: true };

  // Every callback into this script is a task the page pays for, so a busy page gets at most one
  // observer callback and one check per CHECK_DELAY_MS: the first change stops the observer, and
  // the check after the delay starts it again.
  const observer = new MutationObserver(() => {
    observer.disconnect();
    setTimeout(check, CHECK_DELAY_MS);
  });

  // A login field inside an open shadow root (a web component's form) is out of querySelector's
  // reach: its focus tells. Focus events are the person's, so this costs a page nothing else.
  function onFocus(event) {
    if (!event.composedPath()[0]?.matches?.(LOGIN_FIELD)) return;
    observer.disconnect();
    wake();
  }

  // The same for a field focused before the sensor came (autofocus, a quick person): the focused
  // element, through the open shadow roots it is in.
  function focusedLoginField() {
    let el = Reflect.apply(activeElement, document, []);
    while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
    return el?.matches?.(LOGIN_FIELD) === true;
  }

  function watch() {
    observer.observe(document, { childList: true, subtree: true, attributes: true, attributeFilter: ['type'] });
    Reflect.apply(addEventListener, document, ['focusin', onFocus, FOCUS_OPTIONS]); // added once: same listener
  }

  function wake() {
    Reflect.apply(removeEventListener, document, ['focusin', onFocus, FOCUS_OPTIONS]);
    if (globalThis.rgPage) return;
    const rg = globalThis.browser?.runtime ? globalThis.browser : globalThis.chrome;
    if (!rg?.runtime?.id) return; // the extension was reloaded or removed
    rg.runtime.sendMessage({ type: WAKE }).catch(() => {}); // the worker replies nothing
  }

  function check() {
    if (globalThis.rgPage) return;
    if (!hasLoginField() && !focusedLoginField()) return watch();
    wake();
  }

  // Added after the load event; a page being parsed is checked once it has been.
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', check, { once: true });
    return undefined;
  }
  if (hasLoginField() || focusedLoginField()) return 'login';
  watch();
  return undefined;
})();
