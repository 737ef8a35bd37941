// The one list of message types and size caps, shared by the content script, the service worker and
// the extension pages (a plain script, so each can load it). See docs/INTERNALS.md.
globalThis.RG_MESSAGES = Object.freeze({
  SNAPSHOT: 'snapshot',
  RENDER: 'render',
  // From the sensor (sensor.js), once its page has a login field: the worker adds the page scripts.
  WAKE: 'wake',
  // From the sensor in any frame: the person's focus went into a frame (or, after that, a frame
  // loaded): the worker adds the frame scripts (sensor.js, passwords.js) to the tab's frames.
  FRAMES: 'frames',
  // A login form: a password, or a one-time code (a 2-step page, where "trust this device" boxes are).
  LOGIN_FIELD: 'input[type=password], input[autocomplete~="one-time-code" i]',
  // Where the person is, from `el` (the focused element, or where a person's event happened as
  // `composedPath()[0]` saw it): into the shadow roots it holds, down to their focused elements. A
  // closed shadow root hides its inside from the page and from composedPath(), not from an
  // extension (Firefox: `openOrClosedShadowRoot`; Chromium: `chrome.dom`, whose first use costs
  // the page's script world its API bindings, so it is asked only about an element that cannot
  // take the focus itself, as a host whose shadow tree has it).
  innerFocus(el) {
    const SELF_FOCUSABLE = 'a[href], button, input, select, textarea, iframe, frame, summary, [contenteditable]';
    for (let depth = 0; depth < 32 && el instanceof Element; depth++) {
      let root = el.shadowRoot;
      if (!root && !el.matches(SELF_FOCUSABLE) && el !== document.body && el !== document.documentElement) {
        if ('openOrClosedShadowRoot' in el) root = el.openOrClosedShadowRoot;
        else root = globalThis.chrome?.dom?.openOrClosedShadowRoot?.(el) ?? null;
      }
      const inner = root?.activeElement;
      if (!inner) break;
      el = inner;
    }
    return el;
  },
  isFrame: (node) => node instanceof HTMLIFrameElement || node instanceof HTMLFrameElement,
  // A text field drawn as a password field (the dots from its style): no selector finds one.
  isMaskedField(el) {
    if (!(el instanceof HTMLInputElement)) return false;
    const masking = getComputedStyle(el).getPropertyValue('-webkit-text-security');
    return masking !== '' && masking !== 'none';
  },
  // A password field, or a text field drawn as one.
  isPasswordField: (el) =>
    el instanceof HTMLInputElement &&
    (String(el.type).toLowerCase() === 'password' || globalThis.RG_MESSAGES.isMaskedField(el)),
  // The browser filled the field in (its own selector, or Chromium's older one).
  isAutofilled(el) {
    for (const selector of [':autofill', ':-webkit-autofill']) {
      try {
        if (el.matches(selector)) return true;
      } catch {
        // a selector this browser does not know
      }
    }
    return false;
  },
  // What a trusted input event did to a password field, as passwords.js weighs whether the value
  // is the person's: read as the event comes (content.js writes these down until passwords.js is
  // there), since the page may change the field afterwards.
  inputRecord(el, event) {
    const type = typeof event.inputType === 'string' ? event.inputType : '';
    const inserted = type.startsWith('insert') ? (event.data ?? event.dataTransfer?.getData('text/plain') ?? '') : '';
    return { el, value: el.value, type, inserted, autofilled: globalThis.RG_MESSAGES.isAutofilled(el) };
  },
  // What a trusted event says of a form perhaps being sent, as passwords.js weighs it (content.js
  // writes these down too until passwords.js is there): `{ type: 'submit', el: form }`, Enter in a
  // field (`'enter'`, the field the person was in), a click (`'click'`, what was clicked); else null.
  sendRecord(event) {
    if (!event.isTrusted) return null;
    if (event.type === 'submit') return { type: 'submit', el: event.target };
    const el = event.composedPath()[0] ?? event.target;
    if (event.type === 'keydown') return event.key === 'Enter' ? { type: 'enter', el: globalThis.RG_MESSAGES.innerFocus(el) } : null;
    return event.type === 'click' ? { type: 'click', el } : null;
  },
  // From the page scripts (content.js), at the person's first press, key, focus or input on the
  // page: the worker adds passwords.js.
  PASSWORDS: 'passwords',
  // From the extension's own pages; the background replies (docs/INTERNALS.md "Messages").
  PASSWORD_SAVING: 'password-saving',
  CLEAN_UP: 'clean-up',
  FORGET_FINGERPRINTS: 'forget-fingerprints',
  // From the content script about password fields; setup and strength get a reply.
  PASSWORD_SETUP: 'password-setup',
  PASSWORD_STRENGTH: 'password-strength',
  PASSWORD_TYPED: 'password-typed',
  PASSWORD_SUBMITTED: 'password-submitted',
  MAX_MESSAGE_BYTES: 512 * 1024,

  // Snapshot caps: the extractor cuts to these; the core caps again and never trusts the page.
  caps: Object.freeze({
    TITLE_CHARS: 200,
    TEXT_CHARS: 2000,
    FORMS: 50,
    FIELDS_PER_FORM: 200,
    FIELDS_TOTAL: 500,
    LABEL_CHARS: 200,
    ATTRIBUTE_CHARS: 200, // name, id, autocomplete, role, placeholder
    URL_CHARS: 8192, // snapshot url and form actions
    ELEMENTS_SCANNED: 20000, // elements visited in all, across shadow roots and frames
    FRAME_DEPTH: 3, // nested same-origin frames walked
    FRAMES: 20, // frame addresses listed in a snapshot
    PASSWORD_CHARS: 1000, // a password value sent for the strength check (the core rates 100)
    OWN_DETAILS: 32, // the person's details from a form, for the strength check
  }),

  // The words the page scripts use come from the service worker (a content script's first
  // i18n.getMessage costs its page milliseconds): each message with its substitution slots marked
  // by private-use characters, filled in here. `words`: { name: text }, as the worker made them.
  //
  // These helpers, which the page scripts call as a page loads, use no regular expression: V8
  // compiles one to machine code at its second use (about 10 µs each in a fresh page, Chromium
  // 156; on the bench sign-in page the four replaced made no difference measurable in 30 loads).
  SLOTS: Object.freeze(Array.from({ length: 9 }, (_, i) => String.fromCharCode(0xe001 + i))),
  fillSlots(words, name, substitutions) {
    const text = Object.hasOwn(words ?? {}, name) ? String(words[name]) : '';
    const { SLOTS } = globalThis.RG_MESSAGES;
    if (!SLOTS.some((slot) => text.includes(slot))) return text; // most messages
    const values = substitutions === undefined ? [] : [].concat(substitutions);
    // In one pass, so that no value is searched for slots itself.
    let out = '';
    let from = 0;
    for (let i = 0; i < text.length; i++) {
      const slot = text.charCodeAt(i) - 0xe001;
      if (slot < 0 || slot >= SLOTS.length) continue;
      out += text.slice(from, i) + String(values[slot] ?? '');
      from = i + 1;
    }
    return out + text.slice(from);
  },

  // Locale message names may only use [A-Za-z0-9_]: ("banner", "insecure-form", "title") →
  // "banner_insecure_form_title"; ("provider_error", "ip-address") → "provider_error_ip_address".
  // The only place codes from the core become message names.
  localeKey(area, code, part) {
    let safe = '';
    for (let i = 0, text = String(code); i < text.length; i++) {
      const c = text.charCodeAt(i);
      safe += (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) ? text[i] : '_';
    }
    const name = `${area}_${safe}`;
    return part ? `${name}_${part}` : name;
  },

  // The origin of an http(s) address, as the text before its path (`^https?://[^/?#]*`), in lower
  // case; undefined for other addresses. For telling a verdict's page from this one cheaply.
  originOf(url) {
    const text = String(url);
    const scheme = text.slice(0, 8).toLowerCase();
    const from = scheme.startsWith('https://') ? 8 : scheme.startsWith('http://') ? 7 : -1;
    if (from < 0) return undefined;
    let end = text.length;
    for (const mark of ['/', '?', '#']) {
      const at = text.indexOf(mark, from);
      if (at >= 0 && at < end) end = at;
    }
    return text.slice(0, end).toLowerCase();
  },

  // An address without its query and fragment.
  withoutQuery(url) {
    const text = String(url);
    let end = text.length;
    for (const mark of ['?', '#']) {
      const at = text.indexOf(mark);
      if (at >= 0 && at < end) end = at;
    }
    return text.slice(0, end);
  },
});
