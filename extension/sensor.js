// The sensor: what the service worker adds to every web page once it has loaded (top frame, with
// messages.js; docs/INTERNALS.md "Wiring"). Most pages have nothing for us to do, so it costs them
// next to nothing: one querySelector, and again when the page adds elements or changes an input's
// type. Its first look is the script's value, which the worker's executeScript gets back: 'login'
// when the page has a login field (the worker then adds the page scripts, content.js and the rest),
// so no extension API runs in the page for it. A login field that appears later, or one out of
// querySelector's reach that the person focuses (in a shadow root, or a text field drawn as a
// password field), is reported with a `wake` message, once; then it only notes the person's input
// in a login field (`rgTypedIn`, for passwords.js) until the page scripts come. The worker also adds
// the page scripts itself to a page it has something to say about (a records site, a lookalike, a
// finding), with or without a login field.
//
// It also watches for the person going into a frame, where a sign-in form (another site's, or one
// the page wrote into the frame) is out of this document's reach: then the worker adds the frame
// scripts (this file and passwords.js) to the tab's frames, where the sensor does only that.
(() => {
  'use strict';

  const CHECK_DELAY_MS = 250;
  const FRAMES_DELAY_MS = 500;
  const { WAKE, FRAMES, LOGIN_FIELD, isFrame, isMaskedField, innerFocus } = globalThis.RG_MESSAGES;
  if (globalThis.rgSensor) return undefined; // a sensor is here
  globalThis.rgSensor = true;

  // Read through the prototypes: a page can hide document members behind named elements.
  const querySelector = Document.prototype.querySelector;
  const hasLoginField = () => Reflect.apply(querySelector, document, [LOGIN_FIELD]) !== null;
  const { addEventListener, removeEventListener } = EventTarget.prototype;
  const EVENT_OPTIONS = { capture: true, passive: true };
  const listen = (target, type, listener) => Reflect.apply(addEventListener, target, [type, listener, EVENT_OPTIONS]);

  /** Sends `message` to the worker (which replies nothing), unless the extension has gone. */
  function tell(message) {
    const rg = globalThis.browser?.runtime ? globalThis.browser : globalThis.chrome;
    if (!rg?.runtime?.id) return; // the extension was reloaded or removed
    rg.runtime.sendMessage(message).catch(() => {});
  }

  // ---- frames
  // Focus going into a frame fires only this window's blur here; then the frame element has the focus.
  // From then on (and at once in a frame, where the scripts come only after that), a frame loading
  // a new page is reported too, as its new page has no frame scripts. At most one report per
  // FRAMES_DELAY_MS: a page can reload its frames all the time.
  const inFrame = window !== window.top;
  let framesReported = -Infinity;
  let framesTimer = 0;
  let watchingFrameLoads = false;

  function reportFrames() {
    if (framesTimer) return;
    framesTimer = setTimeout(() => {
      framesTimer = 0;
      framesReported = performance.now();
      tell({ type: FRAMES });
    }, Math.max(0, framesReported + FRAMES_DELAY_MS - performance.now()));
  }

  function watchFrameLoads() {
    if (watchingFrameLoads) return;
    watchingFrameLoads = true;
    listen(document, 'load', (event) => isFrame(event.target) && reportFrames());
  }

  function focusedFrame() {
    const { get: activeElement } = Object.getOwnPropertyDescriptor(Document.prototype, 'activeElement');
    if (!isFrame(Reflect.apply(activeElement, document, []))) return;
    watchFrameLoads();
    reportFrames();
  }
  // Firefox moves the focus into the frame only after the blur: the focused element is read a task later.
  listen(window, 'blur', (event) => event.isTrusted && event.target === window && setTimeout(focusedFrame, 0));
  if (inFrame) {
    watchFrameLoads();
    return undefined; // a frame: the frame scripts' passwords.js watches its password fields
  }
  if (globalThis.rgPage) return undefined; // the page scripts came first: they watch the page

  // Every callback into this script is a task the page pays for, so a busy page gets at most one
  // observer callback and one check per CHECK_DELAY_MS: the first change stops the observer, and
  // the check after the delay starts it again.
  const observer = new MutationObserver(() => {
    observer.disconnect();
    setTimeout(check, CHECK_DELAY_MS);
  });

  // A login field inside a shadow root (a web component's form; a closed one a page may use to
  // hide it) is out of querySelector's reach, and a text field drawn as a password field matches no
  // selector: its focus tells, or its first input when it had the focus before the sensor came.
  // These are the person's events; the page's load pays nothing for them (looking at the focused
  // element when the sensor comes would cost every page about 0.4 ms: measured, Chromium 156).
  // Also after the wake, until the page scripts have come: what the person types while they are
  // on their way must count too.
  const PERSON_EVENTS = ['focusin', 'input'];
  let woken = false;
  function onPersonEvent(event) {
    if (!event.isTrusted) return;
    if (globalThis.rgPage) {
      for (const type of PERSON_EVENTS) Reflect.apply(removeEventListener, document, [type, onPersonEvent, EVENT_OPTIONS]);
      return;
    }
    const field = innerFocus(event.composedPath()[0]);
    if (!(field?.matches?.(LOGIN_FIELD) || isMaskedField(field))) return;
    // The person typed here: what the field holds when the page scripts come counts as theirs
    // (passwords.js), though they typed on before it came.
    if (event.type === 'input') globalThis.rgTypedIn = field;
    observer.disconnect();
    wake();
  }

  function watch() {
    observer.observe(document, { childList: true, subtree: true, attributes: true, attributeFilter: ['type'] });
    // Added once: the same listener again is no second one.
    for (const type of PERSON_EVENTS) listen(document, type, onPersonEvent);
  }

  function wake() {
    if (woken) return;
    woken = true;
    if (!globalThis.rgPage) tell({ type: WAKE });
  }

  function check() {
    if (globalThis.rgPage) return;
    if (!hasLoginField()) return watch();
    wake();
  }

  // Added after the load event; a page being parsed is checked once it has been.
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', check, { once: true });
    return undefined;
  }
  if (hasLoginField()) return 'login';
  watch();
  return undefined;
})();
