//# allFunctionsCalledOnLoad
// The page script (top frame): the wiring. The service worker adds it, with snapshot.js and
// panel.js, to a page whose sensor (sensor.js) saw a login field or that the worker has something
// to say about; most pages never get it. passwords.js comes with the person's first press, key,
// focus or input there (this file asks for it), meter.js with the first strength rating. It
// observes and renders; the service worker decides (docs/INTERNALS.md). snapshot.js reads the page,
// panel.js draws the warning panel, and this file decides when to send a snapshot, shows the
// verdicts and carries out their actions (unticking a "remember me" box in shared-computer mode,
// undoably).
(() => {
  'use strict';

  const {
    SNAPSHOT,
    RENDER,
    PASSWORDS,
    MAX_MESSAGE_BYTES,
    LOGIN_FIELD,
    isFrame,
    isMaskedField,
    inputRecord,
    sendRecord,
    innerFocus,
    caps,
    localeKey,
    fillSlots,
    originOf,
    withoutQuery: pageWithoutQuery,
  } = globalThis.RG_MESSAGES;
  const { rgSnapshot, rgPanel } = globalThis;

  const CHECK_INTERVAL_MS = 500;
  const ANSWER_WAIT_MS = 3000; // after this, a snapshot with no verdict counts as lost
  const READ_WAIT_MS = 5000; // the worker's read of the first snapshot waits no longer for one
  // A first snapshot taken before the worker's read waits this long for it. The read comes right
  // after the worker's verdict, which on a busy machine took more than 200 ms; only a read that
  // never comes (the worker stopped) makes the page wait the whole time.
  const READ_GRACE_MS = 1500;
  const FRAME_WAIT_MS = 250;
  const SETTLE_MS = 50; // time for a page's own script to redraw a toggle after our click
  const WAITING_FOR_FRAME = -1;
  const LABEL_IN_NOTE_CHARS = 80;

  // DOM members read through their prototypes (snapshot.js): a page can hide them behind
  // named elements.
  const dom = rgSnapshot.dom();

  const t = (key, substitutions) => fillSlots(globalThis.rgWords, key, substitutions); // from the worker

  // ---- the sensor: when to send a snapshot

  let ready = false;
  let portalPage = false; // the service worker recognised this page's URL as a records service
  // The person focused a login field out of querySelector's reach: inside a shadow root (a web
  // component's form; the snapshot reads open ones, passwords.js finds the person's field in a
  // closed one), or a text field drawn as a password field (the snapshot then describes it as one).
  // A page with a login field too.
  let focusedLogin = false;
  let lastSignature = null; // null: not a page we report on
  let timer = 0;
  let lastRun = -Infinity;
  let forceNext = false;
  let observer = null;
  let observing = null; // the observer's options
  let watchingMore = false;
  let awaiting = null; // the snapshot sent last, until the worker's verdict on it arrives
  let sent = []; // snapshots not yet answered, oldest first: { url, until, elements, forms }

  // Whether this is a page we report on: it has a login field, or the service worker asked for it.
  const reportable = () => dom.query(document, LOGIN_FIELD) !== null || portalPage || focusedLogin;

  // The cheap check: the watched controls (rgSnapshot.watched: the login fields, the boxes, whether
  // each is shown) and the forms. The boxes because a "remember me" box can be added, shown or
  // taken away after its form was read.
  const signature = (watched) => watched.concat([...dom.forms(document)]);

  const sameSignature = (a, b) =>
    a === b || (a !== null && b !== null && a.length === b.length && a.every((part, i) => part === b[i]));

  /** Sends a snapshot of the page; returns the watched controls its walk found, or null when it failed. */
  function trySendSnapshot() {
    try {
      return sendSnapshot();
    } catch (error) {
      console.warn('Records Guard: could not read this page', error);
      return null;
    }
  }

  function sendSnapshot() {
    const { snapshot, elements, watched } = rgSnapshot.build(document, caps);
    const message = { type: SNAPSHOT, snapshot };
    // The first one goes to the worker's read, as JSON text (below), and is measured as that.
    const json = delivered ? null : rgSnapshot.fitJSON(message, elements, MAX_MESSAGE_BYTES);
    if (json === null) rgSnapshot.fitToSize(message, elements, MAX_MESSAGE_BYTES);
    const until = performance.now() + ANSWER_WAIT_MS;
    awaiting = { url: snapshot.url, until };
    // The elements are kept only until the verdict on this snapshot arrives (or it is lost).
    sent = sent.filter((entry) => entry.until > performance.now());
    sent.push({ url: snapshot.url, until, elements, forms: snapshot.forms });
    deliver(message, json);
    return watched;
  }

  // ---- the first snapshot goes back as the value of the worker's read (no extension API yet)
  // The worker reads it (rgPage.firstSnapshot, background/page-scripts.js) right after adding these
  // scripts, as JSON text: the browser copies an `executeScript` value out of the page value by
  // value, which for a 175-field snapshot took several milliseconds and set off a major garbage
  // collection (trace of the 3,500-element bench page, Chromium 156: the page's traced script time
  // per load 41 → 27 ms); a message (`runtime.sendMessage`) goes as JSON already. A first snapshot
  // taken before the read arrives is held for it a little while; only later snapshots, or one the
  // worker does not read, are sent as messages.

  let reader = null; // resolves the worker's read of the first snapshot, while it waits
  let readTimer = 0; // ends that wait after READ_WAIT_MS
  let held = null; // the first snapshot, { message, json }, kept for the worker's read (READ_GRACE_MS)
  let heldTimer = 0; // sends it when the read does not come
  let delivered = false;

  // `json`: the first snapshot's message as JSON text, for the read.
  function deliver(message, json) {
    if (held) send(takeHeld().message); // in order
    if (delivered) return send(message);
    delivered = true;
    if (reader) return answerRead(json);
    held = { message, json };
    heldTimer = setTimeout(() => send(takeHeld().message), READ_GRACE_MS);
  }

  function send(message) {
    const { runtime } = globalThis.rg; // the extension API, first touched here (browser.js)
    if (!runtime?.id) return stop(); // the extension was reloaded or removed
    runtime.sendMessage(message).catch(() => {}); // the worker replies nothing
  }

  function takeHeld() {
    const taken = held;
    held = null;
    clearTimeout(heldTimer); // taken: no empty task for the page later
    return taken;
  }

  function answerRead(json) {
    const resolve = reader;
    reader = null;
    clearTimeout(readTimer); // answered: no empty task for the page later
    resolve?.(json);
  }

  // Resolves with the first snapshot's message as JSON text once it is taken, or null when none is
  // coming: one was sent already, or the page has no login form and is not a records site (no
  // check is waiting for the next frame), or not within READ_WAIT_MS.
  function firstSnapshot() {
    if (held) return Promise.resolve(takeHeld().json);
    const coming = !delivered && (!ready || timer !== 0);
    if (!coming || reader) return Promise.resolve(null);
    return new Promise((resolve) => {
      reader = resolve;
      readTimer = setTimeout(() => answerRead(null), READ_WAIT_MS);
    });
  }

  // The cheap check, at most every CHECK_INTERVAL_MS. Only on a page with a login form does the
  // rest wait for the page's next frame, when reading layout no longer forces the browser to
  // lay the page out early for us.
  function check() {
    timer = 0;
    lastRun = performance.now();
    if (!reportable() && lastSignature === null) {
      forceNext = false;
      answerRead(null); // nothing to send
      return;
    }
    timer = WAITING_FOR_FRAME;
    afterNextFrame(report);
  }

  function afterNextFrame(callback) {
    let done = false;
    const once = () => {
      clearTimeout(fallback); // no second, empty task for the page
      if (!done) {
        done = true;
        callback();
      }
    };
    requestAnimationFrame(() => setTimeout(once, 0));
    const fallback = setTimeout(once, FRAME_WAIT_MS); // a background tab draws no frames
  }

  function report() {
    timer = 0;
    const force = forceNext;
    forceNext = false;
    const reported = lastSignature !== null;
    // Send for a page with a login form when asked or when it changed, and once more when it
    // goes away, so the findings follow the page.
    if (!reportable()) {
      lastSignature = null;
      if (reported) trySendSnapshot();
    } else if (!reported) {
      // New to us: a snapshot is due, and its walk finds the watched controls on the way (reading
      // them again by queries cost a 3,500-element page about 0.5 ms; Chromium 156).
      lastSignature = signature(trySendSnapshot() ?? rgSnapshot.watched(document));
    } else {
      const current = signature(rgSnapshot.watched(document));
      const changed = !sameSignature(current, lastSignature);
      lastSignature = current;
      if (force || changed) trySendSnapshot();
    }
    answerRead(null); // nothing sent this time
    if (lastSignature) watchMore();
  }

  function scheduleCheck(force) {
    forceNext ||= force;
    if (!ready || timer) return;
    timer = setTimeout(check, Math.max(0, lastRun + CHECK_INTERVAL_MS - performance.now()));
  }

  const observeOptions = (attributeFilter) => ({
    childList: true,
    subtree: true,
    attributes: true,
    attributeFilter,
  });

  // On a page with a login form, also notice fields being shown or hidden, boxes being ticked
  // (native ones fire `change`; ARIA ones change `aria-checked`) and same-origin frames loading.
  function watchMore() {
    if (watchingMore || !observer) return;
    watchingMore = true;
    observe(observeOptions(['type', 'class', 'style', 'hidden', 'aria-checked', 'action']));
    const options = { capture: true, passive: true };
    dom.listen(document, 'change', () => lastSignature && scheduleCheck(true), options);
    dom.listen(document, 'load', (event) => isFrame(event.target) && lastSignature && scheduleCheck(true), options);
  }

  function onMutations(records) {
    scheduleCheck(watchingMore && records.some((record) => record.attributeName === 'aria-checked'));
  }

  function observe(options) {
    observing = options;
    observer.observe(document, options);
  }

  // Our own changes to the page (adding or removing the panel) are no news: they are kept out of
  // the observer's records, so they wake no check, which would cost the page a task and, the first
  // time, this world's MutationRecord wrappers. The page's changes recorded before ours still count.
  function unobserved(change) {
    if (!observer) return change();
    const pending = observer.takeRecords();
    observer.disconnect();
    try {
      return change();
    } finally {
      observer.observe(document, observing);
      if (pending.length > 0) onMutations(pending);
    }
  }

  // The element the person is in now, through the shadow roots it is in (innerFocus), or null when
  // nothing has the focus (the body, with no shadow root of its own): most pages as these scripts
  // come, which then skip innerFocus's first call (about 0.2 ms of a sign-in page, measured in an
  // isolated world, Chromium 156).
  function focusedNow() {
    const active = dom.active(document);
    if (active === null || (active === dom.body(document) && dom.shadow(active) === null)) return null;
    return innerFocus(active);
  }

  // The focused element, through the shadow roots it is in (the sensor's wake may have come from
  // its focus): 'new' when it is a text field drawn as a password field not seen before (the
  // snapshot is told to describe it as one), true for another login field.
  function focusedLoginField(event) {
    const el = event ? innerFocus(event.composedPath()[0]) : focusedNow();
    if (el === null) return false;
    if (isMaskedField(el)) return rgSnapshot.seenAsPassword(el) ? 'new' : true;
    return el?.matches?.(LOGIN_FIELD) === true;
  }

  function onFocus(event) {
    const login = focusedLoginField(event);
    if (login === 'new' || (login && !focusedLogin)) {
      focusedLogin = true;
      scheduleCheck(true);
    }
  }

  function start() {
    if (ready) return;
    ready = true;
    focusedLogin = focusedLoginField() !== false;
    dom.listen(document, 'focusin', onFocus, { capture: true, passive: true });
    observer = new MutationObserver(onMutations);
    observe(observeOptions(['type']));
    if (shownVerdict) showPanel();
    check();
  }

  function stop() {
    clearTimeout(timer);
    observer?.disconnect();
    observer = null;
    panel.remove();
  }

  // ---- actions: unticking "remember me" boxes in shared-computer mode, with an undo
  // Each control is unticked at most once per page: once the person ticks it again (themselves
  // or with Undo), it is theirs. Keys, not elements, so a redrawn form is not fought over either.

  const acted = new Set(); // controlKey → never act on it again
  const notes = []; // what we did, shown in the panel: { id, key, element, label, state }
  let nextNoteId = 1;

  const controlKey = (field) =>
    [pageWithoutQuery(dom.url(document)), field.tag, field.name, field.id, field.label].join('\n');

  function isNativeCheckbox(element) {
    return dom.tag(element) === 'input' && ['checkbox', 'radio'].includes(String(dom.inputType(element)).toLowerCase());
  }

  function isTicked(element) {
    if (isNativeCheckbox(element)) return dom.checked(element);
    return String(dom.attr(element, 'aria-checked')).trim().toLowerCase() === 'true';
  }

  const settle = () => new Promise((resolve) => setTimeout(resolve, SETTLE_MS));

  // Sets a box the way a person would: a click, so the page's own code sees the change. If the
  // page ignored the click, the state is set directly (with the events a change fires).
  async function setTicked(element, ticked) {
    if (isTicked(element) === ticked) return true;
    dom.click(element);
    if (isTicked(element) !== ticked) await settle();
    if (isTicked(element) === ticked) return true;
    if (isNativeCheckbox(element)) {
      dom.setChecked(element, ticked);
      dom.dispatch(element, new Event('input', { bubbles: true, composed: true }));
      dom.dispatch(element, new Event('change', { bubbles: true }));
    } else {
      dom.setAttr(element, 'aria-checked', String(ticked));
    }
    return isTicked(element) === ticked;
  }

  async function carryOut(actions, answered) {
    let changed = false;
    for (const action of actions) {
      if (action?.kind !== 'untick') continue;
      const element = answered.elements[action.form]?.[action.field];
      const field = answered.forms[action.form]?.fields?.[action.field];
      if (!element || !field || !dom.connected(element)) continue;
      const key = controlKey(field);
      if (acted.has(key) || !isTicked(element)) continue;
      acted.add(key);
      if (!(await setTicked(element, false))) continue;
      const label = field.label.length > LABEL_IN_NOTE_CHARS ? `${field.label.slice(0, LABEL_IN_NOTE_CHARS)}…` : field.label;
      notes.push({ id: nextNoteId++, key, element, label, state: 'unticked' });
      changed = true;
    }
    if (changed) showPanel();
  }

  async function undo(note) {
    note.state = 'undone';
    await setTicked(note.element, true);
    showPanel();
  }

  // ---- copies: printing or downloading on a records site brings a gentle reminder (once a page)

  let copiesNote = null;
  let watchingCopies = false;
  const DOWNLOAD_LINK = 'a[download], a[href$=".pdf" i], a[href*=".pdf?" i]';

  function remindAboutCopies(event) {
    if (!event.isTrusted || !portalPage || copiesNote) return;
    if (event.type === 'click' && !event.target?.closest?.(DOWNLOAD_LINK)) return;
    copiesNote = { id: nextNoteId++, text: t('copies_reminder') };
    showPanel();
  }

  function watchCopies() {
    if (watchingCopies) return;
    watchingCopies = true;
    dom.listen(window, 'beforeprint', remindAboutCopies);
    dom.listen(document, 'click', remindAboutCopies, true);
  }

  // The notes as the panel shows them. A box the person ticked again themselves needs no note.
  function panelNotes() {
    const page = pageWithoutQuery(dom.url(document));
    for (let i = notes.length - 1; i >= 0; i--) {
      const note = notes[i];
      const gone = !note.key.startsWith(`${page}\n`) || !dom.connected(note.element);
      if (gone || (note.state === 'unticked' && isTicked(note.element))) notes.splice(i, 1);
    }
    const shown = notes.map((note) => {
      const named = note.label !== '';
      if (note.state === 'undone') {
        return { id: note.id, text: named ? t('untick_undone', [note.label]) : t('untick_undone_unnamed') };
      }
      return {
        id: note.id,
        text: named ? t('untick_done', [note.label]) : t('untick_done_unnamed'),
        button: {
          text: t('untick_undo'),
          label: named ? t('untick_undo_label', [note.label]) : t('untick_undo_label_unnamed'),
          action: 'undo',
          press: () => undo(note).catch((error) => console.warn('Records Guard: could not undo', error)),
        },
      };
    });
    return copiesNote ? [...shown, copiesNote] : shown;
  }

  // ---- passwords.js: with the person's first press, key, focus or input on the page
  // Not as the page loads: on a sign-in page it cost about 1 ms of script time (A/B, Chromium 156),
  // and it has nothing to do until the person does something. Until it is here, this writes down
  // for it the focused field as these scripts came, the person's input in fields since, and the
  // forms they may have sent (`rgPage.early`): it decides which values are the person's, and keeps
  // a records sign-in sent before it came (Enter as the first key, in a single-page app).
  const EARLY_INPUTS = 256;
  const EARLY_SENT = 16;
  // A press is `mousedown`, not `pointerdown`: a page's first pointer-event listener costs it
  // 0.3–0.6 ms of script time as it is added (measured on the bench sign-in page in an isolated
  // world, Chromium 156; a mouse listener 0.01 ms). A tap on a touch screen still comes as focusin,
  // the browser's mousedown after it, and click.
  const EARLY_EVENTS = ['input', 'mousedown', 'keydown', 'focusin', 'click', 'submit'];
  const early = { field: focusedNow(), value: '', inputs: [], sent: [] };
  if (typeof early.field?.value === 'string') early.value = early.field.value;
  let passwordsAsked = false;

  function onEarlyEvent(event) {
    if (!event.isTrusted) return;
    if (globalThis.rgPasswords) {
      for (const type of EARLY_EVENTS) dom.unlisten(document, type, onEarlyEvent, true);
      return;
    }
    if (event.type === 'input' && early.inputs.length < EARLY_INPUTS) {
      // Any input field: one the page shows while typed is still a password field (passwords.js
      // knows it from the verdict).
      const el = innerFocus(event.composedPath()[0]);
      if (el instanceof HTMLInputElement) early.inputs.push(inputRecord(el, event));
    }
    const sent = sendRecord(event);
    if (sent && early.sent.length < EARLY_SENT) early.sent.push(sent);
    askForPasswords();
  }

  function askForPasswords() {
    if (passwordsAsked || globalThis.rgPasswords) return;
    passwordsAsked = true;
    send({ type: PASSWORDS });
  }
  for (const type of EARLY_EVENTS) dom.listen(document, type, onEarlyEvent, { capture: true, passive: true });
  // The person typed in a login field before these scripts came (the sensor saw it): at once.
  if (globalThis.rgTypedIn) askForPasswords();

  // ---- the warning panel

  const panel = rgPanel.create({ t, localeKey });
  let shownVerdict = null; // the last verdict for this page, shown once the page is parsed

  function showPanel() {
    if (!shownVerdict) return unobserved(() => panel.remove());
    if (!ready || !dom.root(document)) return; // after the page's own content
    const notesNow = panelNotes();
    unobserved(() => panel.render(shownVerdict.findings, notesNow, pageWithoutQuery(dom.url(document))));
    watchForOff();
  }

  // Turning the extension off (or updating it) leaves these scripts in the page, cut off, and no
  // event tells them. While a panel shows, the person's next press or key on the page asks whether
  // the extension is still there; if not, the panel goes. Only the person's events: the question's
  // first asking builds the extension API's bindings in this script world (about 1 ms, measured,
  // Chromium 156), which no page should pay for events of its own, such as visibility changes.
  let watchingForOff = false;
  function watchForOff() {
    if (watchingForOff) return;
    watchingForOff = true;
    const check = (event) => {
      if (event.isTrusted && !globalThis.rg?.runtime?.id) stop();
    };
    const options = { capture: true, passive: true };
    // A press is `mousedown`, not `pointerdown`: see EARLY_EVENTS.
    for (const type of ['mousedown', 'keydown']) dom.listen(document, type, check, options);
  }

  // ---- messages from the service worker

  // The snapshot a page verdict answers (the worker answers a tab's snapshots in order), if it is
  // the last one sent: only then do its element references match the verdict's indices.
  function answeredSnapshot(verdict) {
    const now = performance.now();
    sent = sent.filter((entry) => entry.until > now);
    const index = sent.findIndex((entry) => entry.url === verdict.url);
    if (index < 0) return null;
    const [answered] = sent.splice(0, index + 1).slice(-1);
    return sent.length === 0 ? answered : null;
  }

  // ---- for passwords.js (same isolated world): each page verdict with its snapshot's elements

  const verdictListeners = [];
  let lastAnswered = null; // the snapshot the last page verdict answered
  let lastTold = null; // the last page verdict told to the listeners
  // Also the worker's way in: `hear` (its verdicts) and `firstSnapshot` (its read of the first one).
  globalThis.rgPage = Object.freeze({
    // `listener(verdict, elementAt)` for each page verdict, from the last one (if any) on.
    onVerdict(listener) {
      verdictListeners.push(listener);
      if (lastTold) tellVerdictListeners(lastTold, [listener]);
    },
    early,
    hear: (msg) => hear(msg),
    firstSnapshot: () => firstSnapshot(),
  });

  function tellVerdictListeners(verdict, listeners = verdictListeners) {
    if (lastAnswered?.url !== verdict.url) return;
    lastTold = verdict;
    const { elements } = lastAnswered;
    const elementAt = (form, field) => elements[form]?.[field] ?? null;
    for (const listener of listeners) {
      try {
        listener(verdict, elementAt);
      } catch (error) {
        console.warn('Records Guard: password check failed', error);
      }
    }
  }

  function onRender(verdict, source) {
    if (originOf(String(verdict.url)) !== originOf(dom.url(document))) return; // meant for the page before
    portalPage = verdict.portal != null;
    if (portalPage) watchCopies();
    shownVerdict = verdict;
    showPanel();
    if (source === 'page') {
      awaiting = null;
      const answered = answeredSnapshot(verdict);
      if (answered) lastAnswered = answered;
      tellVerdictListeners(verdict);
      // A password the browser filled in as the page loaded (Firefox does) is checked at once.
      const filled = (verdict.passwordFields ?? []).some((f) => answered?.elements[f.form]?.[f.field]?.value);
      if (filled) askForPasswords();
      if (answered && Array.isArray(verdict.actions) && verdict.actions.length > 0) {
        carryOut(verdict.actions, answered).catch((error) => console.warn('Records Guard: could not untick', error));
      }
    } else if (!answerComing(verdict) || (portalPage && lastSignature === null)) {
      // A URL-only check (a navigation inside the page, settings changed) replaced what the
      // worker knew of this page, or it recognised the site: a page with a login form sends
      // what it has. The worker handles a tab's events in order, so a URL check queued before
      // our snapshot is followed by the verdict on it, and needs no second snapshot.
      scheduleCheck(true);
    }
  }

  const answerComing = (verdict) =>
    awaiting !== null && awaiting.url === verdict.url && performance.now() < awaiting.until;

  // The worker's verdicts, handed over by its executeScript (background/page-scripts.js tellPage).
  function hear(msg) {
    if (msg?.type !== RENDER || typeof msg.verdict !== 'object' || msg.verdict === null) return 'heard';
    try {
      onRender(msg.verdict, msg.source);
    } catch (error) {
      console.warn('Records Guard: could not show a warning', error);
    }
    return 'heard';
  }

  if (dom.readyState(document) === 'loading') {
    dom.listen(document, 'DOMContentLoaded', start, { once: true });
  } else {
    start();
  }
})();
