// Password fields, in the page (content script; plain script). In the top frame it comes after
// content.js, with the person's first press, key, focus or input, and goes through what they typed
// before it came (`rgPage.early`); in a frame, with the frame scripts.
// - New passwords on records sites: a strength meter beside the field; the value goes to the
//   service worker for zxcvbn (debounced), is used and dropped.
// - Reuse: whenever a password field's length matches a stored records password, its fingerprint
//   (PBKDF2-HMAC-SHA-256 under the install's salt, truncated) goes to the service worker, which
//   decides; a warning shows before the form is sent. The password itself never leaves the page.
// - A sign-in (or a new password) sent on a records site: its fingerprint is kept.
// - In a frame (the frame scripts, with sensor.js): reuse only. Its password fields are found as the
//   person types in them, as no verdict describes the frame's page. So are, on any page, text fields
//   drawn as password fields (`-webkit-text-security`) and password fields added since the verdict.
// Only events the person made count (isTrusted), and only values the person typed or the browser
// filled in: a page that put its own guess in a field, or swapped one in for a key, would learn from
// the warning whether it guessed the records password. See docs/INTERNALS.md "Passwords".
(() => {
  const M = globalThis.RG_MESSAGES;
  const page = globalThis.rgPage;
  const inFrame = window !== window.top;
  if ((!page && !inFrame) || globalThis.rgPasswords) return;
  globalThis.rgPasswords = true;

  const STRENGTH_DELAY_MS = 150;
  // No delay: a sign-in sent straight after the last key must already have its print (Firefox
  // drops a content script's messages once the page unloads). Hashing runs only when the length
  // matches a stored records password, or on a records sign-in (2–3 ms a key).
  const FINGERPRINT_DELAY_MS = 0;

  /** element → { purpose, form, field } for the password fields of the last verdict. */
  let fields = new Map();
  let verdict = null;
  let elementAt = () => null;
  let listening = false;
  /** The service worker's fingerprint parameters, asked for once per page. */
  let setup = null;
  /** element → { length, fingerprint } last computed, so a submit can send it at once. */
  const prints = new WeakMap();
  /** Elements whose value matched a records password when last checked. */
  const flagged = new WeakSet();
  /** password field → the value its last trusted input left in it (what the person typed). */
  const typed = new WeakMap();
  /** password field → `{ value, purpose }` last checked for reuse. */
  const checked = new WeakMap();
  // Each field's number in this document, so that the worker keeps each field's match apart: a
  // field whose value changed takes its own warning away, not another's.
  const fieldIds = new WeakMap();
  let fieldCount = 0;
  const fieldId = (el) => {
    if (!fieldIds.has(el)) fieldIds.set(el, fieldCount++);
    return fieldIds.get(el);
  };
  // The focused password field's value as these scripts came (the person may have typed in it
  // before): where their next edit starts from. Checked itself only when the sensor saw the person
  // type in the field (it woke for it): else the page may have put it there, and could reload to
  // try guess after guess.
  let startField = null;
  let startValue = '';

  // The extension API is touched only when there is something to send (browser.js).
  const send = (message) => globalThis.rg.runtime.sendMessage(message).catch(() => null);

  function debounce(fn, ms) {
    const timers = new WeakMap();
    return (el, ...args) => {
      clearTimeout(timers.get(el));
      timers.set(el, setTimeout(() => fn(el, ...args), ms));
    };
  }

  /** The field's value if the person typed it or the browser filled it in; else ''. */
  const personsValue = (el) => (typed.get(el) === el.value || M.isAutofilled(el) ? el.value : '');

  // Longer values are never checked (no records password is this long), which also bounds the work.
  const EDIT_CHARS = 256;

  /** Whether `after` is `before` with one run of its characters replaced by `inserted` ('' for a deletion). */
  function isOneEdit(before, after, inserted) {
    const kept = after.length - inserted.length; // characters left of `before`
    if (after.length > EDIT_CHARS || kept < 0 || kept > before.length) return false;
    for (let i = 0; i <= kept && after[i - 1] === before[i - 1]; i++) {
      if (after.startsWith(inserted, i) && before.endsWith(after.slice(i + inserted.length))) return true;
    }
    return false;
  }

  const valueBefore = (el) => typed.get(el) ?? (el === startField ? startValue : '');

  /**
   * The value a trusted input event left in a password field (`RG_MESSAGES.inputRecord`), if it is
   * the person's: the browser's fill, an emptied field, or the person's value before with their one
   * edit (a page's listener can run first and swap its own guess in). Else '', and the field is the
   * person's again only once it is emptied or filled by the browser.
   */
  function personsEdit(el, { value, type, inserted, autofilled }) {
    const theirs =
      value === '' ||
      autofilled ||
      ((type.startsWith('insert') || type.startsWith('delete')) && isOneEdit(valueBefore(el), value, inserted));
    if (theirs) typed.set(el, value);
    else typed.delete(el);
    return theirs ? value : '';
  }

  // ---- fingerprints

  // No WebCrypto on a page that is no secure context (http): the worker adds pbkdf2.js before it
  // answers `password-setup`, the same hash in plain JavaScript (about 10 ms a fingerprint).
  const webCrypto = globalThis.crypto?.subtle !== undefined;

  async function parameters() {
    setup ??= send({ type: M.PASSWORD_SETUP, webCrypto }).then(async (reply) => {
      if (!reply?.ok) return null;
      const salt = Uint8Array.from(atob(reply.salt), (c) => c.charCodeAt(0));
      return { salt, iterations: reply.iterations, bits: reply.bits, lengths: new Set(reply.lengths) };
    });
    return setup;
  }

  async function derive(value, salt, iterations) {
    const bytes = new TextEncoder().encode(value);
    if (!webCrypto) return globalThis.rgPbkdf2.derive(bytes, salt, iterations);
    const key = await crypto.subtle.importKey('raw', bytes, 'PBKDF2', false, ['deriveBits']);
    return new Uint8Array(await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, key, 64));
  }

  async function fingerprint(value, { salt, iterations, bits }) {
    const derived = await derive(value, salt, iterations);
    // The first `bits` bits, as a number (37 < 53, so exact).
    let n = 0;
    for (let i = 0; i < Math.ceil(bits / 8); i++) n = n * 256 + derived[i];
    return Math.floor(n / 2 ** (Math.ceil(bits / 8) * 8 - bits));
  }

  // `value`: the person's (personsValue, or read as their input event came), never read again here:
  // the page may change the field meanwhile.
  const checkReuse = debounce(async (el, value) => {
    const params = await parameters();
    if (!params) return;
    const info = fields.get(el);
    const keep = verdict?.portal && (info?.purpose === 'sign-in' || info?.purpose === 'new');
    if (!params.lengths.has(value.length) && !keep) {
      prints.delete(el);
      if (flagged.has(el)) {
        flagged.delete(el);
        send({ type: M.PASSWORD_TYPED, field: fieldId(el), length: value.length, fingerprint: null });
      }
      return;
    }
    if (value.length === 0) return;
    const print = { length: value.length, fingerprint: await fingerprint(value, params) };
    if (el.value !== value) return; // typed on meanwhile: a later check follows
    prints.set(el, print);
    if (params.lengths.has(value.length) || flagged.has(el)) {
      flagged.add(el);
      send({ type: M.PASSWORD_TYPED, field: fieldId(el), ...print });
    }
  }, FINGERPRINT_DELAY_MS);

  /** A form was sent (or a button pressed that may send it by script): its passwords' prints. */
  function submitted(form) {
    for (const [el, info] of fields) {
      // A field no verdict named (purpose null) is checked for reuse only.
      if (!info.purpose || (form && el.form !== form) || !el.value) continue;
      const print = prints.get(el);
      if (print && el.value.length === print.length) {
        send({ type: M.PASSWORD_SUBMITTED, ...print, purpose: info.purpose });
      } else if (verdict?.portal) {
        // Typed too fast for the debounced print: make it now (a few milliseconds).
        const value = personsValue(el);
        if (!value) continue;
        parameters()
          .then((params) => params && fingerprint(value, params))
          .then((fp) => fp !== undefined && fp !== null && send({ type: M.PASSWORD_SUBMITTED, length: value.length, fingerprint: fp, purpose: info.purpose }))
          .catch(() => {});
      }
    }
  }

  // ---- strength of new passwords on records sites

  const valueAt = (control) => {
    const el = control && elementAt(control.form, control.field);
    return typeof el?.value === 'string' ? el.value.slice(0, M.caps.LABEL_CHARS) : '';
  };

  const checkStrength = debounce(async (el) => {
    const info = fields.get(el);
    if (!info || !verdict?.portal) return;
    const value = el.value.slice(0, M.caps.PASSWORD_CHARS);
    if (!value) return globalThis.rgMeter?.hide(el);
    const ownDetails = (verdict.detailFields ?? []).map(valueAt).filter(Boolean).slice(0, M.caps.OWN_DETAILS);
    const current = (verdict.passwordFields ?? []).find((f) => f.form === info.form && f.purpose === 'current');
    const reply = await send({
      type: M.PASSWORD_STRENGTH,
      value,
      ownDetails,
      current: current ? valueAt(current) || null : null,
      meter: globalThis.rgMeter !== undefined, // without it, the worker adds meter.js before replying
    });
    if (reply?.ok && el.value === value) globalThis.rgMeter?.show(el, reply.strength, reply.weaknesses, reply.similar);
  }, STRENGTH_DELAY_MS);

  // ---- events: one listener each, added once the page has password fields

  // Where the event happened: inside an open shadow root (a web component's form) the document
  // sees it come from the component. A key or an input inside a closed one, which composedPath()
  // does not go into, happened at the focused element in it.
  const target = (event) => event.composedPath()[0] ?? event.target;
  const origin = (event) => M.innerFocus(target(event));

  // From the start, before any verdict: what the person types before it comes counts. Any password
  // field, or a text field drawn as one (one shown while typed stays in `fields`, and in `typed`).
  function onInput(event) {
    const el = origin(event);
    if (event.isTrusted && (fields.has(el) || M.isPasswordField(el))) edited(el, M.inputRecord(el, event));
  }

  function edited(el, record) {
    const value = personsEdit(el, record);
    // A field no verdict named: a frame's, one drawn as a password field, or one added since.
    if (!fields.has(el)) fields.set(el, { purpose: null });
    checked.set(el, { value, purpose: fields.get(el).purpose });
    checkReuse(el, value);
    if (fields.get(el).purpose === 'new') checkStrength(el);
  }

  /**
   * A form sent, or perhaps sent (`RG_MESSAGES.sendRecord`): Enter in a password field, or a click
   * on a submit-like button, often sends a form by script.
   */
  function formSent({ type, el }) {
    if (type === 'submit') {
      submitted(el);
    } else if (type === 'enter') {
      if (fields.has(el)) submitted(el.form);
    } else {
      const button = el?.closest?.('button, input[type="submit"], input[type="button"], [role="button"]');
      if (button) submitted(button.form ?? null);
    }
  }

  // The forms sent before this file came (a single-page app stays on the page), once the person's
  // input before it has been gone through and a verdict has named the password fields: a sign-in
  // there is kept as if it had been heard.
  let inputsHeard = false;
  function sentBefore() {
    if (inputsHeard && fields.size > 0) for (const record of early.sent.splice(0)) formSent(record);
  }

  function onSend(event) {
    const record = M.sendRecord(event);
    if (record) formSent(record);
  }

  // In the top frame, content.js came first and wrote down for us the focused field as it came, the
  // person's input since and the forms they may have sent (`rgPage.early`): this file comes only
  // with the person's first press, key, focus or input, which can send the form (Enter). In a frame,
  // the focused element now, through the shadow roots it is in (read through the prototype, as a
  // page can hide document members behind named elements).
  const early = page?.early ?? {
    field: M.innerFocus(Reflect.apply(Object.getOwnPropertyDescriptor(Document.prototype, 'activeElement').get, document, [])),
    inputs: [],
    sent: [],
  };
  if (M.isPasswordField(early.field)) {
    startField = early.field;
    startValue = early.value ?? early.field.value;
    if (startField === globalThis.rgTypedIn) typed.set(startField, startValue);
  }

  // Through the prototype: a page can hide document.addEventListener behind a named element
  // (<img name="addEventListener">).
  const on = (type, listener) => Reflect.apply(EventTarget.prototype.addEventListener, document, [type, listener, true]);
  on('input', onInput);

  /** Listens for forms being sent, once the page has password fields (a frame's are never kept). */
  function listen() {
    if (listening) return;
    listening = true;
    for (const type of ['submit', 'keydown', 'click']) on(type, onSend);
  }

  /**
   * Checks the values of `elements` that the person typed or the browser filled in before a listener
   * knew the field (before the verdict, or before the frame scripts came).
   */
  function checkValuesThere(elements) {
    for (const el of elements) {
      const value = personsValue(el);
      if (!value) continue;
      if (!fields.has(el)) fields.set(el, { purpose: null }); // a frame's field
      // Not a value already checked for what the field is: the worker's verdict after a warning
      // comes back here, and checking again would send again, and so on.
      const { purpose } = fields.get(el);
      const last = checked.get(el);
      if (last?.value === value && last.purpose === purpose) continue;
      checked.set(el, { value, purpose });
      checkReuse(el, value);
    }
  }

  if (!page) {
    // A frame: nothing is sent until the person types in a password field whose length matches a
    // stored records password (or the browser filled one in before the frame scripts came).
    checkValuesThere(Reflect.apply(Document.prototype.querySelectorAll, document, ['input[type=password]']));
    return;
  }

  // The last verdict comes at once, if there has been one; then the person's input before this file.
  page.onVerdict((next, lookup) => {
    verdict = next;
    elementAt = lookup;
    fields = new Map();
    for (const f of next.passwordFields ?? []) {
      const el = lookup(f.form, f.field);
      if (el instanceof HTMLInputElement) fields.set(el, f);
    }
    if (fields.size === 0) return;
    listen();
    checkValuesThere([...fields.keys()]);
    sentBefore();
  });
  for (const { el, ...record } of early.inputs.splice(0)) {
    if (fields.has(el) || M.isPasswordField(el)) edited(el, record);
  }
  inputsHeard = true;
  sentBefore();
  // And what the person had typed in the focused field before these scripts came, if no verdict
  // named it (a field the snapshot does not see, as in a closed shadow root).
  if (startField) checkValuesThere([startField]);
})();
