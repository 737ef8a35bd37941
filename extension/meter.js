// The password strength meter, beside a new-password field on a records site (content script;
// plain script). The service worker adds it with the first rating (addLateScript in
// background/page-scripts.js), so sign-in pages never compile it. It shows what the strength check
// said: a bar AND words (never colour alone), announced politely to screen readers. It lives in a
// closed shadow root, is placed under the field without moving the page's layout, and never
// blocks anything.
(() => {
  'use strict';
  if (globalThis.rgMeter) return; // added once already
  const t = (key, substitutions) => globalThis.RG_MESSAGES.fillSlots(globalThis.rgWords, key, substitutions);

  const HOST_ATTRIBUTE = 'data-records-guard-meter';
  const LEVELS = 5; // zxcvbn scores 0–4
  const COLOURS = ['#b91c1c', '#b91c1c', '#b45309', '#00703c', '#00703c'];

  const CSS = `
    :host { position: absolute !important; z-index: 2147483646 !important; display: block !important;
      pointer-events: none !important; margin: 0 !important; padding: 0 !important; border: 0 !important; }
    .meter { font: 14px/1.4 Arial, Helvetica, sans-serif; color: #0b0c0c; background: #fff;
      border: 1px solid #505a5f; border-radius: 4px; padding: 6px 8px; box-sizing: border-box;
      box-shadow: 0 2px 4px rgba(0,0,0,.15); }
    .bar { display: flex; gap: 3px; margin-bottom: 4px; }
    .bar span { flex: 1; height: 6px; background: #dde1e3; border-radius: 2px; }
    .level { font-weight: bold; }
    p { margin: 0; }
    @media (forced-colors: active) { .bar span.on { background: Highlight !important; } .meter { border-color: CanvasText; } }
  `;

  let host = null;
  let parts = null;
  let field = null;
  // DOM members read through their prototypes (snapshot.js): a page can hide document members
  // behind named elements (<img name="createElement">).
  let dom = null;

  function element(root, tag, className, text) {
    const el = dom.create(document, tag);
    if (className) el.className = className;
    if (text !== undefined) el.textContent = text;
    root.append(el);
    return el;
  }

  function create() {
    dom ??= globalThis.rgSnapshot.dom();
    host = dom.create(document, 'div');
    host.setAttribute(HOST_ATTRIBUTE, globalThis.rgPanel.token); // panel.js: an update's new copy removes the old one's
    const root = host.attachShadow({ mode: 'closed' });
    element(root, 'style', '', CSS);
    const box = element(root, 'div', 'meter');
    box.setAttribute('role', 'status');
    box.setAttribute('aria-live', 'polite');
    const bar = element(box, 'div', 'bar');
    bar.setAttribute('aria-hidden', 'true');
    const segments = Array.from({ length: LEVELS - 1 }, () => element(bar, 'span'));
    const level = element(box, 'p', 'level');
    const advice = element(box, 'p', 'advice');
    parts = { segments, level, advice };
  }

  const WIDTH = 240;
  const GAP = 8;

  /** Beside the field when there is room on its right (so it covers nothing), else under it. */
  function place() {
    if (!host || !field?.isConnected) return hide();
    const rect = field.getBoundingClientRect();
    const room = dom.root(document).clientWidth - rect.right >= WIDTH + 2 * GAP;
    const left = room ? rect.right + GAP : rect.left;
    const top = room ? rect.top : rect.bottom + GAP / 2;
    host.style.setProperty('left', `${Math.round(left + window.scrollX)}px`, 'important');
    host.style.setProperty('top', `${Math.round(top + window.scrollY)}px`, 'important');
    host.style.setProperty('width', `${room ? WIDTH : Math.max(WIDTH, Math.round(rect.width))}px`, 'important');
  }

  /** The words under the level: the most useful thing to change. */
  function adviceFor(strength, weaknesses, similar) {
    if (weaknesses.includes('too-short')) return t('meter_too_short');
    if (weaknesses.includes('own-details')) return t('meter_own_details');
    if (similar) return t('meter_similar');
    if (weaknesses.includes('guessable')) {
      const warning = strength.warning && t(`strength_warning_${strength.warning}`);
      const suggestion = strength.suggestions?.[0] && t(`strength_suggestion_${strength.suggestions[0]}`);
      return warning || suggestion || t('meter_guessable');
    }
    return t('meter_strong');
  }

  /** Show the reading for `el`: `strength` { score, warning, suggestions }, `weaknesses` codes. */
  function show(el, strength, weaknesses, similar = false) {
    if (!host) create();
    if (!host.isConnected) dom.root(document).append(host);
    field = el;
    const weak = weaknesses.length > 0 || similar;
    // A weak password never looks better than "weak", whatever its guess count.
    const level = weak ? Math.min(strength.score, 1) : strength.score;
    parts.segments.forEach((segment, i) => {
      const on = i < Math.max(level, 1);
      segment.classList.toggle('on', on);
      segment.style.background = on ? COLOURS[level] : '';
    });
    parts.level.textContent = t('meter_label', [t(`meter_level_${level}`)]);
    parts.advice.textContent = adviceFor(strength, weaknesses, similar);
    place();
    dom.listen(window, 'resize', place, { passive: true });
    dom.listen(window, 'scroll', place, { passive: true, capture: true });
  }

  function hide() {
    host?.remove();
    field = null;
    if (!dom) return;
    dom.unlisten(window, 'resize', place);
    dom.unlisten(window, 'scroll', place, { capture: true });
  }

  globalThis.rgMeter = Object.freeze({ show, hide: (el) => (el === undefined || el === field) && hide() });
})();
