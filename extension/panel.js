//# allFunctionsCalledOnLoad
// The in-page warning panel, in a CLOSED shadow root so the page can neither read nor restyle it.
// It shows the verdict's findings that have words for the page (`banner_<code>_title/_body` in
// _locales), most serious first, and notes about what Records Guard did (with their buttons).
// All text is set with textContent. No extension APIs: words come from the `t` it is given.
// The host is fixed, last in the page, at the highest z-index; when the page has something in the
// top layer, or puts an element after the host, it becomes a manual popover, drawn in the top layer
// above all of that. Each render raises it so once (a page's modal dialog still makes it inert
// while open, as it does the rest of the page).
//
//   const panel = globalThis.rgPanel.create({ t, localeKey });
//   panel.render(findings, notes, pageKey);   // notes: [{ id, text, button?: { text, label, press } }]
//   panel.remove();
(() => {
  'use strict';

  const BANNER_SEVERITIES = ['danger', 'warning']; // most serious first
  const HOST_ATTRIBUTE = 'data-records-guard';
  // Our hosts (the panel's, the meter's) carry this copy's token. An update, or turning the
  // extension off and on again, leaves the old copy's hosts in the page, cut off from the extension,
  // beside the new copy's: the new copy's first render takes them away. The page's imitations
  // carry the attribute without a token of ours, and are left alone.
  const TOKEN = `rg-${Math.random().toString(36).slice(2, 10)}`;
  const OUR_TOKEN = /^rg-[a-z0-9]+$/;
  const HOST_ATTRIBUTES = [HOST_ATTRIBUTE, 'data-records-guard-meter'];
  // Elements in the top layer; any but ours is the page's (which may copy our attribute).
  const TOP_LAYER = ':popover-open, :modal, :fullscreen';
  const SUBSTITUTION_CHARS = 200;

  // Findings whose words name something from the finding. When a detail is missing, the
  // `banner_<code>_unnamed_*` words are used instead.
  const SUBSTITUTIONS = {
    'lookalike-domain': (finding) => [finding.imitates?.name, finding.imitates?.home],
  };

  // Findings shown beside the field by meter.js instead of in the panel.
  const BESIDE_THE_FIELD = new Set(['weak-password', 'similar-password']);

  const PANEL_CSS = `
    :host {
      all: initial !important;
      display: block !important;
      position: fixed !important;
      top: 16px !important;
      right: 16px !important;
      z-index: 2147483647 !important;
      width: min(380px, calc(100vw - 32px)) !important;
      max-height: calc(100vh - 32px) !important;
    }
    @media print { :host { display: none !important; } }
    .panel {
      box-sizing: border-box;
      max-height: calc(100vh - 32px);
      overflow: auto;
      padding: 16px 20px 20px;
      background: #ffffff;
      color: #1f2933;
      border: 1px solid #5f6b73;
      border-left: 8px solid #b45309;
      border-radius: 6px;
      box-shadow: 0 4px 16px rgba(0, 0, 0, 0.25);
      font: 16px/1.5 Arial, system-ui, sans-serif;
      text-align: left;
    }
    .panel.danger { border-left-color: #b91c1c; }
    .panel:focus { outline: none; }
    .panel:focus-visible { outline: 3px solid #ffdd00; box-shadow: 0 0 0 6px #0b0c0c; }
    .source { margin: 0 0 8px; font-size: 14px; font-weight: bold; color: #4b5563; }
    .symbol {
      display: inline-block; width: 20px; height: 20px; margin-right: 6px; border-radius: 50%;
      background: #b45309; color: #ffffff; text-align: center; line-height: 20px;
    }
    .danger .symbol { background: #b91c1c; }
    .panel.info { border-left-color: #1d70b8; }
    .info .symbol { background: #1d70b8; }
    h2 { margin: 0 0 4px; font: bold 19px/1.3 Arial, system-ui, sans-serif; color: #0b0c0c; }
    p { margin: 0 0 12px; }
    .note {
      margin: 0 0 12px; padding: 8px 12px; background: #f3f4f6; border-radius: 4px;
    }
    .note p { margin: 0; }
    .note button { margin-top: 8px; min-height: 36px; padding: 4px 12px; }
    button {
      margin-top: 4px; padding: 8px 16px; min-height: 44px;
      font: bold 16px/1.2 Arial, system-ui, sans-serif;
      color: #0b0c0c; background: #f3f4f6; border: 2px solid #0b0c0c; border-radius: 4px;
      cursor: pointer;
    }
    .note button { background: #ffffff; }
    button:hover { background: #e5e7eb; }
    button:focus-visible { outline: 3px solid transparent; background: #ffdd00; box-shadow: 0 0 0 3px #0b0c0c; }
  `;

  /**
   * @param {{ t: (key: string, substitutions?: string[]) => string,
   *           localeKey: (area: string, code: string, part?: string) => string }} options
   */
  function create({ t, localeKey }) {
    let dom = null; // built on the first render: most pages never show a panel
    let swept = false;
    const panel = { host: null, root: null, box: null, key: '', returnFocus: null };
    const dismissed = new Set();

    function element(tag, className, text) {
      const el = dom.create(document, tag);
      if (className) el.className = className;
      if (text !== undefined) el.textContent = text;
      return el;
    }

    function words(finding) {
      if (finding.code === 'password-reuse' && Number.isSafeInteger(finding.otherSites)) {
        // The reverse check, on a records sign-in: how many other sites use this password.
        const count = [String(finding.otherSites)];
        return [t('banner_password_reuse_elsewhere_title', count), t('banner_password_reuse_elsewhere_body', count)];
      }
      const substitute = SUBSTITUTIONS[finding.code];
      if (!substitute) {
        return [t(localeKey('banner', finding.code, 'title')), t(localeKey('banner', finding.code, 'body'))];
      }
      const values = substitute(finding);
      if (values.every((value) => typeof value === 'string' && value.trim() !== '')) {
        const cut = values.map((value) => value.trim().slice(0, SUBSTITUTION_CHARS));
        return [t(localeKey('banner', finding.code, 'title'), cut), t(localeKey('banner', finding.code, 'body'), cut)];
      }
      return [
        t(localeKey('banner', finding.code, 'unnamed_title')),
        t(localeKey('banner', finding.code, 'unnamed_body')),
      ];
    }

    // The findings the panel shows: warning or danger, with words for the page, most serious first.
    function bannerItems(findings) {
      const items = [];
      for (const severity of BANNER_SEVERITIES) {
        for (const finding of findings) {
          if (finding?.severity !== severity || items.some((item) => item.code === finding.code)) continue;
          if (BESIDE_THE_FIELD.has(finding.code)) continue;
          const [title, body] = words(finding);
          if (title && body) items.push({ code: finding.code, severity, title, body });
        }
      }
      return items;
    }

    function dismiss() {
      const hadFocus = panel.root?.activeElement != null;
      dismissed.add(panel.key);
      remove();
      const back = panel.returnFocus;
      panel.returnFocus = null;
      if (hadFocus && back?.isConnected) {
        try {
          dom.focus(back);
        } catch {
          // not an element that takes focus
        }
      }
    }

    function createHost() {
      const host = dom.create(document, 'div');
      host.setAttribute(HOST_ATTRIBUTE, TOKEN);
      host.setAttribute('popover', 'manual');
      const root = host.attachShadow({ mode: 'closed' });
      const style = element('style', '', PANEL_CSS);
      const box = element('div', 'panel');
      box.setAttribute('role', 'alert');
      box.setAttribute('tabindex', '-1');
      box.addEventListener('keydown', (event) => {
        if (event.key !== 'Escape') return;
        event.preventDefault();
        event.stopPropagation();
        dismiss();
      });
      root.addEventListener('focusin', (event) => {
        const from = event.relatedTarget;
        if (from && dom.rootNode(from) !== root) panel.returnFocus = from;
      });
      root.append(style, box);
      Object.assign(panel, { host, root, box });
    }

    function noteElement(note) {
      const wrapper = element('div', 'note');
      wrapper.dataset.note = note.id;
      wrapper.append(element('p', '', note.text));
      if (note.button) {
        const button = element('button', '', note.button.text);
        button.type = 'button';
        button.dataset.action = note.button.action;
        if (note.button.label) button.setAttribute('aria-label', note.button.label);
        button.addEventListener('click', () => {
          note.button.press();
          panel.box?.focus(); // the button is redrawn; keep the keyboard in the panel
        });
        wrapper.append(button);
      }
      return wrapper;
    }

    function fill(items, notes) {
      // Notes alone (a reminder, what we did) make a calm "good to know" panel.
      const severity = items[0]?.severity ?? 'info';
      const source = element('p', 'source');
      const symbol = element('span', 'symbol', severity === 'info' ? 'i' : '!');
      symbol.setAttribute('aria-hidden', 'true');
      source.append(symbol, t('panel_source', [t(`panel_severity_${severity}`)]));
      const parts = [source];
      for (const item of items) parts.push(element('h2', '', item.title), element('p', '', item.body));
      for (const note of notes) parts.push(noteElement(note));
      const button = element('button', '', t('panel_dismiss'));
      button.type = 'button';
      button.dataset.action = 'dismiss';
      button.addEventListener('click', dismiss);
      parts.push(button);
      panel.box.className = `panel ${severity}`;
      panel.box.replaceChildren(...parts);
    }

    /**
     * Shows the panel for `findings` and `notes` on the page `pageKey` (or removes it when there
     * is nothing to show, or the person dismissed this same panel on this page).
     */
    function render(findings, notes, pageKey) {
      dom ??= globalThis.rgSnapshot.dom();
      if (!swept) sweep();
      const items = bannerItems(Array.isArray(findings) ? findings : []);
      if (items.length === 0 && notes.length === 0) return remove();
      const key = [pageKey, items.map((item) => item.code).join(' '), ...notes.map((n) => `${n.id}:${n.text}`)].join('\n');
      if (dismissed.has(key)) return remove();
      const root = dom.root(document);
      if (!root) return remove();
      if (!panel.host) createHost();
      if (key !== panel.key) fill(items, notes);
      panel.key = key;
      // If the page removed the panel it comes back only with the next render; no fighting the page.
      if (!panel.host.isConnected) {
        root.append(panel.host);
        raise(false);
      } else if (panel.root.activeElement === null) {
        raise(true); // not while the person is using it
      }
    }

    // Into the top layer when the page could otherwise draw over the panel: it has something
    // there (a popover, a modal dialog, a full-screen element), or an element after the host (at
    // the same z-index, the later one is drawn on top). Otherwise the fixed host, last in the page
    // at the highest z-index, is on top already, and showPopover would cost the page about 0.7 ms
    // of its main thread (measured, Chromium 156). `again`: back to the top of the top layer when
    // the page has put something there since (showing a popover anew puts it last).
    function raise(again) {
      const { host } = panel;
      try {
        const open = host.matches(':popover-open');
        if (open && !again) return;
        // The page's top layer is read only when it decides something (a query of the whole page).
        const pageOnTop = () => [...dom.queryAll(document, TOP_LAYER)].some((el) => el !== host);
        if (!open && dom.next(host) === null && !pageOnTop()) return;
        if (open && pageOnTop()) host.hidePopover();
        if (!host.matches(':popover-open')) host.showPopover();
      } catch {
        // no popover support: stacked by z-index alone
      }
    }

    function remove() {
      panel.key = '';
      panel.host?.remove();
    }

    // An earlier copy's hosts are children of <html>, where it put them.
    function sweep() {
      swept = true;
      const root = dom.root(document);
      for (const el of root ? [...root.children] : []) {
        const stale = HOST_ATTRIBUTES.some((name) => {
          const token = dom.attr(el, name);
          return token !== null && token !== TOKEN && OUR_TOKEN.test(token);
        });
        if (stale) el.remove();
      }
    }

    return { render, remove };
  }

  globalThis.rgPanel = Object.freeze({ create, token: TOKEN });
})();
